/**
 * Collection checkpoints (table collect_state) and fetch failures (table fetch_errors). Sources themselves are in
 * ./sources.ts.
 */
import type { Db } from './db';
import { parseJson } from './json';

/** The checkpoint a source left, or undefined. */
export function loadCheckpoint<S>(db: Db, incidentId: string, sourceKey: string): S | undefined {
  const r = db.prepare('SELECT state FROM collect_state WHERE incident_id = ? AND source_key = ?').get(incidentId, sourceKey) as
    | { state: string }
    | undefined;
  return r ? parseJson<S>(r.state, undefined as S) : undefined;
}

/** Saves a source's checkpoint (call in the transaction that stores what it found). */
export function saveCheckpoint(db: Db, incidentId: string, sourceKey: string, state: unknown, now = new Date().toISOString()): void {
  db.prepare(
    `INSERT INTO collect_state (incident_id, source_key, state, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(incident_id, source_key) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
  ).run(incidentId, sourceKey, JSON.stringify(state), now);
}

/** Forgets a source's checkpoint, so the next collection starts it afresh. */
export function clearCheckpoint(db: Db, incidentId: string, sourceKey: string): void {
  db.prepare('DELETE FROM collect_state WHERE incident_id = ? AND source_key = ?').run(incidentId, sourceKey);
}

export interface FetchErrorRecord {
  id: number;
  sourceKey: string;
  url: string | null;
  at: string;
  transient: boolean;
  message: string;
}

/** Records why a fetch failed, so nothing is dropped silently. */
export function recordFetchError(
  db: Db,
  incidentId: string,
  e: { sourceKey: string; url: string | null; message: string; transient: boolean },
  now = new Date().toISOString(),
): void {
  db.prepare('INSERT INTO fetch_errors (incident_id, source_key, url, at, transient, message) VALUES (?, ?, ?, ?, ?, ?)').run(
    incidentId,
    e.sourceKey,
    e.url,
    now,
    e.transient ? 1 : 0,
    e.message,
  );
}

/** The incident's recorded fetch failures, newest first. */
export function listFetchErrors(db: Db, incidentId: string, limit = 100): FetchErrorRecord[] {
  return (db
    .prepare('SELECT id, source_key, url, at, transient, message FROM fetch_errors WHERE incident_id = ? ORDER BY id DESC LIMIT ?')
    .all(incidentId, limit) as { id: number; source_key: string; url: string | null; at: string; transient: number; message: string }[]).map((r) => ({
    id: r.id,
    sourceKey: r.source_key,
    url: r.url,
    at: r.at,
    transient: r.transient === 1,
    message: r.message,
  }));
}
