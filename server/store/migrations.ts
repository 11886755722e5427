/**
 * Numbered schema migrations. `PRAGMA user_version` holds the number of the last one applied;
 * opening an older database applies the rest in order, each in its own transaction.
 * Never edit a migration that has shipped: add a new one.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: the whole first schema.
  `
  CREATE TABLE incidents (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    vendor_name TEXT NOT NULL,
    vendor_domains TEXT NOT NULL,   -- JSON array
    vendor_handles TEXT NOT NULL,   -- JSON array
    keywords TEXT NOT NULL,         -- JSON array
    start_at TEXT NOT NULL,
    end_at TEXT NOT NULL,
    note TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );

  -- Items are keyed by incident and the bundle-local id; url and source_id identify the same
  -- item across imports and collections within an incident.
  CREATE TABLE items (
    incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    platform TEXT NOT NULL,
    url TEXT,
    source_id TEXT,
    author_handle TEXT NOT NULL,
    author_name TEXT,
    created_at TEXT NOT NULL,
    indexed_at TEXT,
    text TEXT NOT NULL,
    lang TEXT,
    reply_to TEXT,
    quote_of TEXT,
    engagement TEXT,                -- JSON
    raw TEXT,                       -- JSON, the record as the source gave it
    provenance TEXT,                -- JSON
    seq INTEGER NOT NULL,           -- order of arrival within the incident
    PRIMARY KEY (incident_id, id)
  );
  CREATE UNIQUE INDEX items_url ON items(incident_id, url) WHERE url IS NOT NULL;
  CREATE UNIQUE INDEX items_source ON items(incident_id, source_id) WHERE source_id IS NOT NULL;
  CREATE INDEX items_time ON items(incident_id, created_at, id);

  CREATE VIRTUAL TABLE items_fts USING fts5(text, content='items', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');
  CREATE TRIGGER items_ai AFTER INSERT ON items BEGIN
    INSERT INTO items_fts(rowid, text) VALUES (new.rowid, new.text);
  END;
  CREATE TRIGGER items_ad AFTER DELETE ON items BEGIN
    INSERT INTO items_fts(items_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
  END;
  CREATE TRIGGER items_au AFTER UPDATE OF text ON items BEGIN
    INSERT INTO items_fts(items_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
    INSERT INTO items_fts(rowid, text) VALUES (new.rowid, new.text);
  END;

  CREATE TABLE policy_documents (
    incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    title TEXT NOT NULL,
    url TEXT NOT NULL,
    selector TEXT,
    PRIMARY KEY (incident_id, id)
  );

  -- What was fetched, kept apart from what was extracted from it, so extraction can be redone.
  CREATE TABLE policy_snapshots (
    id INTEGER PRIMARY KEY,
    incident_id TEXT NOT NULL,
    document_id TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    url TEXT NOT NULL,
    content_type TEXT,
    body TEXT NOT NULL,
    hash TEXT NOT NULL,
    FOREIGN KEY (incident_id, document_id) REFERENCES policy_documents(incident_id, id) ON DELETE CASCADE
  );

  CREATE TABLE policy_versions (
    id INTEGER PRIMARY KEY,
    incident_id TEXT NOT NULL,
    document_id TEXT NOT NULL,
    retrieved_at TEXT NOT NULL,
    hash TEXT NOT NULL,             -- of the extracted sections; a new version only when it changes
    snapshot_id INTEGER REFERENCES policy_snapshots(id) ON DELETE SET NULL,
    archived_url TEXT,              -- a Wayback URL where one is known
    FOREIGN KEY (incident_id, document_id) REFERENCES policy_documents(incident_id, id) ON DELETE CASCADE,
    UNIQUE (incident_id, document_id, retrieved_at)
  );

  CREATE TABLE policy_sections (
    version_id INTEGER NOT NULL REFERENCES policy_versions(id) ON DELETE CASCADE,
    section_id TEXT NOT NULL,
    ord INTEGER NOT NULL,
    heading TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (version_id, section_id)
  );
  CREATE VIRTUAL TABLE sections_fts USING fts5(heading, text, content='policy_sections', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');
  CREATE TRIGGER sections_ai AFTER INSERT ON policy_sections BEGIN
    INSERT INTO sections_fts(rowid, heading, text) VALUES (new.rowid, new.heading, new.text);
  END;
  CREATE TRIGGER sections_ad AFTER DELETE ON policy_sections BEGIN
    INSERT INTO sections_fts(sections_fts, rowid, heading, text) VALUES ('delete', old.rowid, old.heading, old.text);
  END;

  -- The analysis' results; replaced as a whole by a full re-analysis, extended by incremental runs.
  CREATE TABLE claims (
    incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    label TEXT NOT NULL,
    first_seen TEXT,
    reason TEXT,
    state TEXT,                     -- JSON: what the engine needs to place new items incrementally
    PRIMARY KEY (incident_id, id)
  );

  CREATE TABLE item_analysis (
    incident_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('claim','response','reaction','report','noise')),
    claim_id TEXT,
    role_reason TEXT,
    claim_reason TEXT,
    PRIMARY KEY (incident_id, item_id),
    FOREIGN KEY (incident_id, item_id) REFERENCES items(incident_id, id) ON DELETE CASCADE
  );
  CREATE INDEX item_analysis_claim ON item_analysis(incident_id, claim_id);
  CREATE INDEX item_analysis_role ON item_analysis(incident_id, role);

  CREATE TABLE policy_links (
    incident_id TEXT NOT NULL,
    claim_id TEXT NOT NULL,
    rank INTEGER NOT NULL,
    section_ref TEXT NOT NULL,      -- <policyId>#<sectionId>
    score REAL NOT NULL,
    version_id INTEGER REFERENCES policy_versions(id) ON DELETE SET NULL,
    reason TEXT,
    PRIMARY KEY (incident_id, claim_id, section_ref),
    FOREIGN KEY (incident_id, claim_id) REFERENCES claims(incident_id, id) ON DELETE CASCADE
  );

  -- An analyst's edits, in order; they win over every re-analysis.
  CREATE TABLE overrides (
    id INTEGER PRIMARY KEY,
    incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    edit TEXT NOT NULL              -- JSON Override
  );
  CREATE INDEX overrides_incident ON overrides(incident_id, id);

  CREATE TABLE verdicts (
    incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    claim_id TEXT NOT NULL,
    verdict TEXT NOT NULL CHECK (verdict IN ('supported','contradicted','partly_supported','not_addressed')),
    note TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL,
    PRIMARY KEY (incident_id, claim_id)
  );

  CREATE TABLE sources (
    incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    config TEXT NOT NULL,           -- JSON SourceConfig
    created_at TEXT NOT NULL,
    PRIMARY KEY (incident_id, id)
  );

  -- Collection checkpoints: where each source stopped, so a collection resumes there.
  CREATE TABLE collect_state (
    incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    source_key TEXT NOT NULL,
    state TEXT NOT NULL,            -- JSON
    updated_at TEXT NOT NULL,
    PRIMARY KEY (incident_id, source_key)
  );

  -- Why fetches failed, so nothing is silently dropped.
  CREATE TABLE fetch_errors (
    id INTEGER PRIMARY KEY,
    incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    source_key TEXT NOT NULL,
    url TEXT,
    at TEXT NOT NULL,
    transient INTEGER NOT NULL,
    message TEXT NOT NULL
  );
  `,
  // 2: what a full analysis leaves for incremental runs (word weights, the incident's discourse), one row per incident.
  `
  CREATE TABLE analysis_state (
    incident_id TEXT PRIMARY KEY REFERENCES incidents(id) ON DELETE CASCADE,
    state TEXT NOT NULL,            -- JSON EngineState of server/analysis/state.ts, claims' centroids included
    updated_at TEXT NOT NULL
  );
  `,
];
