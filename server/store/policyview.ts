import type { PolicyDiff, PolicyDocumentBody, PolicyDocumentSummary, PolicyVersionBody, SectionHistory } from '../../shared/api';
import type { PolicySection } from '../../shared/types';
import type { Db } from './db';
import { wordDiff } from './diff';

export interface VersionRow {
  id: number;
  retrievedAt: string;
  archivedUrl: string | null;
}

interface DocRow {
  id: string;
  title: string;
  url: string;
  selector: string | null;
}

/** A document's title, URL and selector, or undefined. */
export function documentRow(db: Db, incidentId: string, docId: string): DocRow | undefined {
  return db.prepare('SELECT id, title, url, selector FROM policy_documents WHERE incident_id = ? AND id = ?').get(incidentId, docId) as DocRow | undefined;
}

/** A document's versions, oldest first. */
export function versionsOf(db: Db, incidentId: string, docId: string): VersionRow[] {
  return db
    .prepare(
      'SELECT id, retrieved_at AS retrievedAt, archived_url AS archivedUrl FROM policy_versions WHERE incident_id = ? AND document_id = ? ORDER BY retrieved_at',
    )
    .all(incidentId, docId) as VersionRow[];
}

/** A version's sections in document order. */
export function sectionsOf(db: Db, versionId: number): PolicySection[] {
  return db.prepare('SELECT section_id AS id, heading, text FROM policy_sections WHERE version_id = ? ORDER BY ord').all(versionId) as PolicySection[];
}

/** The incident's documents with their versions' dates and section counts. */
export function policySummaries(db: Db, incidentId: string): PolicyDocumentSummary[] {
  const docs = db.prepare('SELECT id, title, url, selector FROM policy_documents WHERE incident_id = ? ORDER BY rowid').all(incidentId) as DocRow[];
  const count = db.prepare('SELECT count(*) AS n FROM policy_sections WHERE version_id = ?');
  return docs.map((d) => ({
    ...d,
    versions: versionsOf(db, incidentId, d.id).map((v) => ({ retrievedAt: v.retrievedAt, archivedUrl: v.archivedUrl, sections: (count.get(v.id) as { n: number }).n })),
  }));
}

/** One document with every version's sections. */
export function policyDocument(db: Db, incidentId: string, docId: string): PolicyDocumentBody | undefined {
  const d = documentRow(db, incidentId, docId);
  if (!d) return undefined;
  return { ...d, versions: versionsOf(db, incidentId, docId).map((v) => versionBody(db, v)) };
}

/** A version with its sections, as the API returns it. */
export function versionBody(db: Db, v: VersionRow): PolicyVersionBody {
  return { retrievedAt: v.retrievedAt, archivedUrl: v.archivedUrl, sections: sectionsOf(db, v.id) };
}

/** The version in force at t (the newest retrieved at or before t), or undefined when t is before the first. */
export function versionAt(db: Db, incidentId: string, docId: string, t: string): VersionRow | undefined {
  const ms = Date.parse(t);
  let best: VersionRow | undefined;
  for (const v of versionsOf(db, incidentId, docId)) if (Date.parse(v.retrievedAt) <= ms) best = v;
  return best;
}

/** Every version's text of one section, with the word-level change from the version before. */
export function sectionHistory(db: Db, incidentId: string, docId: string, sectionId: string): SectionHistory | undefined {
  const get = db.prepare('SELECT heading, text FROM policy_sections WHERE version_id = ? AND section_id = ?');
  let prev: { heading: string; text: string } | undefined;
  let seen = false;
  const versions = versionsOf(db, incidentId, docId).map((v, i) => {
    const s = get.get(v.id, sectionId) as { heading: string; text: string } | undefined;
    if (s) seen = true;
    const changed = i > 0 && (s?.text ?? null) !== (prev?.text ?? null);
    const out = {
      retrievedAt: v.retrievedAt,
      heading: s?.heading ?? null,
      text: s?.text ?? null,
      changed,
      diff: changed ? wordDiff(prev?.text ?? '', s?.text ?? '') : null,
    };
    prev = s;
    return out;
  });
  return seen ? { documentId: docId, sectionId, versions } : undefined;
}

/** The section-by-section word-level diff between two versions. */
export function diffVersions(db: Db, docId: string, from: VersionRow, to: VersionRow): PolicyDiff {
  const a = sectionsOf(db, from.id);
  const b = sectionsOf(db, to.id);
  const before = new Map(a.map((s) => [s.id, s]));
  const after = new Set(b.map((s) => s.id));
  const sections: PolicyDiff['sections'] = b.map((s) => {
    const old = before.get(s.id);
    if (!old) return { id: s.id, heading: s.heading, status: 'added' as const, diff: [{ op: 'insert' as const, text: s.text }] };
    if (old.text === s.text && old.heading === s.heading) return { id: s.id, heading: s.heading, status: 'unchanged' as const, diff: [{ op: 'equal' as const, text: s.text }] };
    return { id: s.id, heading: s.heading, status: 'changed' as const, diff: wordDiff(old.text, s.text) };
  });
  for (const s of a) if (!after.has(s.id)) sections.push({ id: s.id, heading: s.heading, status: 'removed', diff: [{ op: 'delete', text: s.text }] });
  return { documentId: docId, from: from.retrievedAt, to: to.retrievedAt, sections };
}
