import type { Db } from '../../store/db';
import { upsertPolicyDocument } from '../../store/policies';
import { recordVersion } from './record';
import { SelectorMatchedNothingError } from './sections';

/**
 * Extracts a policy document's versions again from the snapshots kept, oldest first, with a new selector (after
 * one matched nothing or too much). Versions extracted before are replaced; links from claims to them are
 * cleared by the schema (re-run the analysis). Returns how many versions there are now and the snapshots the
 * selector still matched nothing in.
 */
export function reextractPolicy(db: Db, incidentId: string, documentId: string, selector: string | null): { versions: number; unmatched: string[] } {
  const doc = db.prepare('SELECT id, title, url FROM policy_documents WHERE incident_id = ? AND id = ?').get(incidentId, documentId) as
    | { id: string; title: string; url: string }
    | undefined;
  if (!doc) throw new Error(`The incident "${incidentId}" has no policy document "${documentId}".`);
  const snaps = db
    .prepare('SELECT id, fetched_at, body, url FROM policy_snapshots WHERE incident_id = ? AND document_id = ? ORDER BY fetched_at, id')
    .all(incidentId, documentId) as { id: number; fetched_at: string; body: string; url: string }[];
  const archivedUrls = new Map(
    (db.prepare('SELECT snapshot_id, archived_url FROM policy_versions WHERE incident_id = ? AND document_id = ? AND archived_url IS NOT NULL').all(incidentId, documentId) as {
      snapshot_id: number;
      archived_url: string;
    }[]).map((r) => [r.snapshot_id, r.archived_url]),
  );
  const unmatched: string[] = [];
  return db.transaction(() => {
    db.prepare('DELETE FROM policy_versions WHERE incident_id = ? AND document_id = ?').run(incidentId, documentId);
    upsertPolicyDocument(db, incidentId, { id: doc.id, title: doc.title, url: doc.url, selector });
    for (const s of snaps) {
      try {
        recordVersion(db, incidentId, documentId, s.body, selector, s.fetched_at, { snapshotId: s.id, archivedUrl: archivedUrls.get(s.id) ?? null });
      } catch (e) {
        if (!(e instanceof SelectorMatchedNothingError)) throw e;
        unmatched.push(`${s.fetched_at} ${s.url}`);
      }
    }
    const n = db.prepare('SELECT count(*) AS n FROM policy_versions WHERE incident_id = ? AND document_id = ?').get(incidentId, documentId) as { n: number };
    return { versions: n.n, unmatched };
  })();
}
