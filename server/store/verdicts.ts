import type { Verdict, VerdictRecord } from '../../shared/types';
import type { Db } from './db';

/** The incident's verdicts by claim id. */
export function verdictsOf(db: Db, incidentId: string): Map<string, VerdictRecord> {
  const rows = db.prepare('SELECT claim_id, verdict, note, at FROM verdicts WHERE incident_id = ?').all(incidentId) as {
    claim_id: string;
    verdict: Verdict;
    note: string;
    at: string;
  }[];
  return new Map(rows.map((r) => [r.claim_id, { claim: r.claim_id, verdict: r.verdict, note: r.note, at: r.at }]));
}

/** Records (or replaces) the analyst's verdict on a claim. */
export function setVerdict(db: Db, incidentId: string, claimId: string, verdict: Verdict, note: string, at: string): VerdictRecord {
  db.prepare(
    `INSERT INTO verdicts (incident_id, claim_id, verdict, note, at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(incident_id, claim_id) DO UPDATE SET verdict = excluded.verdict, note = excluded.note, at = excluded.at`,
  ).run(incidentId, claimId, verdict, note, at);
  return { claim: claimId, verdict, note, at };
}

/** Removes the verdict on a claim; returns whether there was one. */
export function clearVerdict(db: Db, incidentId: string, claimId: string): boolean {
  return db.prepare('DELETE FROM verdicts WHERE incident_id = ? AND claim_id = ?').run(incidentId, claimId).changes > 0;
}
