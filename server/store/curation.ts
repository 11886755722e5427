import type { Override, OverrideRecord } from '../../shared/types';
import type { Db } from './db';

/** The incident's edits in the order they were made. */
export function listEdits(db: Db, incidentId: string): Required<OverrideRecord>[] {
  return (db.prepare('SELECT id, at, edit FROM overrides WHERE incident_id = ? ORDER BY id').all(incidentId) as { id: number; at: string; edit: string }[]).map(
    (r) => ({ id: r.id, at: r.at, edit: JSON.parse(r.edit) as Override }),
  );
}

/** Records an edit in `overrides` (the analysis engine reads them and lets them win). */
export function recordEdit(db: Db, incidentId: string, edit: Override, at: string): Required<OverrideRecord> {
  const id = Number(db.prepare('INSERT INTO overrides (incident_id, at, edit) VALUES (?, ?, ?)').run(incidentId, at, JSON.stringify(edit)).lastInsertRowid);
  return { id, at, edit };
}

/** Removes one edit (an undo); returns whether it existed. Re-analysis then no longer applies it. */
export function deleteEdit(db: Db, incidentId: string, id: number): boolean {
  return db.prepare('DELETE FROM overrides WHERE incident_id = ? AND id = ?').run(incidentId, id).changes > 0;
}

/** Pinned items per claim and link statuses per `claim\u0000section`, from the edits in order. */
export function curationState(db: Db, incidentId: string): { pins: Map<string, string[]>; links: Map<string, 'confirmed' | 'rejected'> } {
  const pins = new Map<string, Set<string>>();
  const links = new Map<string, 'confirmed' | 'rejected'>();
  const pinSet = (claim: string) => {
    let s = pins.get(claim);
    if (!s) pins.set(claim, (s = new Set()));
    return s;
  };
  for (const { edit: e } of listEdits(db, incidentId)) {
    if (e.kind === 'pin') pinSet(e.claim).add(e.item);
    else if (e.kind === 'unpin') pinSet(e.claim).delete(e.item);
    else if (e.kind === 'link') links.set(`${e.claim}\u0000${e.section}`, e.status);
    else if (e.kind === 'merge') {
      const into = pinSet(e.into);
      for (const c of e.claims) if (c !== e.into) for (const i of pins.get(c) ?? []) into.add(i);
    } else if (e.kind === 'split') {
      const from = pins.get(e.claim);
      for (const i of e.items) if (from?.delete(i)) pinSet(e.newClaim).add(i);
    } else if (e.kind === 'move') {
      for (const s of pins.values()) s.delete(e.item);
    }
  }
  return { pins: new Map([...pins].map(([k, v]) => [k, [...v]])), links };
}

/**
 * Applies one edit to the current analysis tables at once, so it shows before (or without) a re-analysis.
 * The engine applies the recorded edits again on every analysis.
 */
export function applyEdit(db: Db, incidentId: string, e: Override): void {
  const setClaim = db.prepare(
    `INSERT INTO item_analysis (incident_id, item_id, role, claim_id, role_reason, claim_reason) VALUES (?, ?, 'claim', ?, 'placed by an analyst', 'placed by an analyst')
     ON CONFLICT(incident_id, item_id) DO UPDATE SET claim_id = excluded.claim_id, claim_reason = 'placed by an analyst'`,
  );
  db.transaction(() => {
    switch (e.kind) {
      case 'role':
        db.prepare(
          `INSERT INTO item_analysis (incident_id, item_id, role, claim_id, role_reason) VALUES (?, ?, ?, NULL, 'set by an analyst')
           ON CONFLICT(incident_id, item_id) DO UPDATE SET role = excluded.role, role_reason = 'set by an analyst',
             claim_id = CASE WHEN excluded.role = 'noise' THEN NULL ELSE item_analysis.claim_id END`,
        ).run(incidentId, e.item, e.role);
        break;
      case 'move':
      case 'pin':
        setClaim.run(incidentId, e.item, e.claim);
        break;
      case 'unpin':
        break;
      case 'rename':
        db.prepare('UPDATE claims SET label = ? WHERE incident_id = ? AND id = ?').run(e.label, incidentId, e.claim);
        break;
      case 'merge':
        for (const c of e.claims) {
          if (c === e.into) continue;
          db.prepare('UPDATE item_analysis SET claim_id = ? WHERE incident_id = ? AND claim_id = ?').run(e.into, incidentId, c);
          db.prepare('DELETE FROM claims WHERE incident_id = ? AND id = ?').run(incidentId, c);
        }
        break;
      case 'split': {
        const from = db.prepare('SELECT first_seen FROM claims WHERE incident_id = ? AND id = ?').get(incidentId, e.claim) as { first_seen: string | null } | undefined;
        db.prepare(
          `INSERT INTO claims (incident_id, id, label, first_seen, reason) VALUES (?, ?, ?, ?, 'split by an analyst')
           ON CONFLICT(incident_id, id) DO UPDATE SET label = excluded.label`,
        ).run(incidentId, e.newClaim, e.label ?? e.newClaim, from?.first_seen ?? null);
        for (const i of e.items) setClaim.run(incidentId, i, e.newClaim);
        const first = db
          .prepare(
            `SELECT min(i.created_at) AS m FROM item_analysis a JOIN items i ON i.incident_id = a.incident_id AND i.id = a.item_id
             WHERE a.incident_id = ? AND a.claim_id = ?`,
          )
          .get(incidentId, e.newClaim) as { m: string | null };
        db.prepare('UPDATE claims SET first_seen = ? WHERE incident_id = ? AND id = ?').run(first.m, incidentId, e.newClaim);
        break;
      }
      case 'link':
        break;
    }
  })();
}
