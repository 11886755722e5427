import { createHash } from 'node:crypto';
import type { PolicySection } from '../../../shared/types';
import type { Db } from '../../store/db';
import { addPolicyVersion, type StoredVersion } from '../../store/policies';
import { assignSectionIds, splitSections } from './sections';

/** Keeps what was fetched (the snapshot), unless it is byte for byte the newest snapshot already kept; returns its id. */
export function keepSnapshot(
  db: Db,
  incidentId: string,
  documentId: string,
  snap: { fetchedAt: string; url: string; contentType: string | null; body: string },
): number {
  const hash = createHash('sha256').update(snap.body).digest('hex');
  const last = db
    .prepare('SELECT id, hash FROM policy_snapshots WHERE incident_id = ? AND document_id = ? AND url = ? ORDER BY fetched_at DESC, id DESC LIMIT 1')
    .get(incidentId, documentId, snap.url) as { id: number; hash: string } | undefined;
  if (last?.hash === hash) return last.id;
  return Number(
    db
      .prepare('INSERT INTO policy_snapshots (incident_id, document_id, fetched_at, url, content_type, body, hash) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(incidentId, documentId, snap.fetchedAt, snap.url, snap.contentType, snap.body, hash).lastInsertRowid,
  );
}

/** The sections of the version a new one at time t should keep its ids from: the one in force then, else the next. */
export function neighbourSections(db: Db, incidentId: string, documentId: string, at: string): PolicySection[] {
  const row = (db
    .prepare('SELECT id FROM policy_versions WHERE incident_id = ? AND document_id = ? AND retrieved_at <= ? ORDER BY retrieved_at DESC LIMIT 1')
    .get(incidentId, documentId, at) ??
    db
      .prepare('SELECT id FROM policy_versions WHERE incident_id = ? AND document_id = ? AND retrieved_at > ? ORDER BY retrieved_at LIMIT 1')
      .get(incidentId, documentId, at)) as { id: number } | undefined;
  if (!row) return [];
  return (db.prepare('SELECT section_id, heading, text FROM policy_sections WHERE version_id = ? ORDER BY ord').all(row.id) as {
    section_id: string;
    heading: string;
    text: string;
  }[]).map((s) => ({ id: s.section_id, heading: s.heading, text: s.text }));
}

/**
 * Extracts the sections of a fetched page and stores them as a version at `retrievedAt`, only when the text differs
 * from the version in force just before. Throws SelectorMatchedNothingError when the selector finds nothing.
 */
export function recordVersion(
  db: Db,
  incidentId: string,
  documentId: string,
  html: string,
  selector: string | null | undefined,
  retrievedAt: string,
  opts: { snapshotId?: number | null; archivedUrl?: string | null } = {},
): StoredVersion | undefined {
  const raw = splitSections(html, selector);
  if (!raw.length || raw.every((s) => !s.text && !s.heading)) return undefined;
  const sections = assignSectionIds(raw, neighbourSections(db, incidentId, documentId, retrievedAt));
  return addPolicyVersion(db, incidentId, documentId, { retrievedAt, sections }, { onlyIfChanged: true, ...opts });
}
