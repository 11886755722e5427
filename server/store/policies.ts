import { createHash } from 'node:crypto';
import type { PolicyDocument, PolicySection, PolicyVersion } from '../../shared/types';
import type { Db } from './db';

/** A stable hash of a version's sections: equal text gives an equal hash. */
export function sectionsHash(sections: PolicySection[]): string {
  const h = createHash('sha256');
  for (const s of sections) h.update(`${s.id}\u0000${s.heading}\u0000${s.text}\u0001`);
  return h.digest('hex');
}

/** Creates the policy document or updates its title, URL and selector (its versions are kept). */
export function upsertPolicyDocument(
  db: Db,
  incidentId: string,
  doc: { id: string; title: string; url: string; selector?: string | null },
): void {
  db.prepare(
    `INSERT INTO policy_documents (incident_id, id, title, url, selector) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(incident_id, id) DO UPDATE SET title = excluded.title, url = excluded.url, selector = excluded.selector`,
  ).run(incidentId, doc.id, doc.title, doc.url, doc.selector ?? null);
}

export interface StoredVersion {
  id: number;
  retrievedAt: string;
  hash: string;
}

/**
 * Stores a version of a document unless one with the same retrieval time is there already, or (with
 * `onlyIfChanged`) the newest version before it has the same text. Returns the new version, or undefined.
 */
export function addPolicyVersion(
  db: Db,
  incidentId: string,
  documentId: string,
  version: PolicyVersion,
  opts: { onlyIfChanged?: boolean; snapshotId?: number | null; archivedUrl?: string | null } = {},
): StoredVersion | undefined {
  const hash = sectionsHash(version.sections);
  const same = db
    .prepare('SELECT 1 FROM policy_versions WHERE incident_id = ? AND document_id = ? AND retrieved_at = ?')
    .get(incidentId, documentId, version.retrievedAt);
  if (same) return undefined;
  if (opts.onlyIfChanged) {
    const latest = db
      .prepare(
        'SELECT hash FROM policy_versions WHERE incident_id = ? AND document_id = ? AND retrieved_at <= ? ORDER BY retrieved_at DESC LIMIT 1',
      )
      .get(incidentId, documentId, version.retrievedAt) as { hash: string } | undefined;
    if (latest?.hash === hash) return undefined;
  }
  return db.transaction(() => {
    const id = Number(
      db
        .prepare(
          'INSERT INTO policy_versions (incident_id, document_id, retrieved_at, hash, snapshot_id, archived_url) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(incidentId, documentId, version.retrievedAt, hash, opts.snapshotId ?? null, opts.archivedUrl ?? null).lastInsertRowid,
    );
    const insert = db.prepare('INSERT INTO policy_sections (version_id, section_id, ord, heading, text) VALUES (?, ?, ?, ?, ?)');
    version.sections.forEach((s, i) => insert.run(id, s.id, i, s.heading, s.text));
    return { id, retrievedAt: version.retrievedAt, hash };
  })();
}

interface DocRow {
  id: string;
  title: string;
  url: string;
  selector: string | null;
}

/** The incident's policy documents with all their versions, oldest version first. */
export function readPolicies(db: Db, incidentId: string): PolicyDocument[] {
  const docs = db.prepare('SELECT id, title, url, selector FROM policy_documents WHERE incident_id = ? ORDER BY rowid').all(incidentId) as DocRow[];
  const versions = db.prepare(
    'SELECT id, retrieved_at FROM policy_versions WHERE incident_id = ? AND document_id = ? ORDER BY retrieved_at',
  );
  const sections = db.prepare('SELECT section_id, heading, text FROM policy_sections WHERE version_id = ? ORDER BY ord');
  return docs.map((d) => {
    const doc: PolicyDocument = {
      id: d.id,
      title: d.title,
      url: d.url,
      versions: (versions.all(incidentId, d.id) as { id: number; retrieved_at: string }[]).map((v) => ({
        retrievedAt: v.retrieved_at,
        sections: (sections.all(v.id) as { section_id: string; heading: string; text: string }[]).map((s) => ({
          id: s.section_id,
          heading: s.heading,
          text: s.text,
        })),
      })),
    };
    if (d.selector != null) doc.selector = d.selector;
    return doc;
  });
}

