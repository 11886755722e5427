import { createHash } from 'node:crypto';
import type { SourceConfig, SourceRecord } from '../../shared/types';
import { clearCheckpoint } from './collect-state';
import type { Db } from './db';
import { upsertPolicyDocument } from './policies';

/** A stable id for a source from its configuration: `<kind>-<8 hex>`. */
export function sourceId(config: SourceConfig): string {
  const key = JSON.stringify(config, Object.keys(config).sort());
  return `${config.kind}-${createHash('sha256').update(key).digest('hex').slice(0, 8)}`;
}

/** The incident's sources, oldest first. */
export function listSources(db: Db, incidentId: string): SourceRecord[] {
  return (
    db.prepare('SELECT id, config, created_at FROM sources WHERE incident_id = ? ORDER BY created_at, id').all(incidentId) as {
      id: string;
      config: string;
      created_at: string;
    }[]
  ).map((r) => ({ id: r.id, config: JSON.parse(r.config) as SourceConfig, createdAt: r.created_at }));
}

/** Adds a source (a policy source also registers its document); returns the record and whether it is new. */
export function addSource(db: Db, incidentId: string, config: SourceConfig, id: string | undefined, now: string): { source: SourceRecord; created: boolean } {
  return db.transaction(() => {
    const sid = id ?? sourceId(config);
    const existing = db.prepare('SELECT id, config, created_at FROM sources WHERE incident_id = ? AND id = ?').get(incidentId, sid) as
      | { id: string; config: string; created_at: string }
      | undefined;
    if (existing && existing.config === JSON.stringify(config)) {
      return { source: { id: sid, config, createdAt: existing.created_at }, created: false };
    }
    db.prepare(
      `INSERT INTO sources (incident_id, id, config, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(incident_id, id) DO UPDATE SET config = excluded.config`,
    ).run(incidentId, sid, JSON.stringify(config), now);
    if (config.kind === 'policy') {
      upsertPolicyDocument(db, incidentId, { id: config.id, title: config.title ?? config.url, url: config.url, selector: config.selector ?? null });
    }
    return { source: { id: sid, config, createdAt: existing?.created_at ?? now }, created: !existing };
  })();
}

/**
 * Removes a source and its collection checkpoint (collected items and policy versions stay); returns whether it
 * existed. The id comes from the configuration, so a source added again starts afresh instead of resuming.
 */
export function removeSource(db: Db, incidentId: string, id: string): boolean {
  return db.transaction(() => {
    clearCheckpoint(db, incidentId, id);
    return db.prepare('DELETE FROM sources WHERE incident_id = ? AND id = ?').run(incidentId, id).changes > 0;
  })();
}
