import type { Bundle } from '../../shared/types';
import type { Db } from '../store/db';
import { upsertIncident } from '../store/incidents';
import { insertItems } from '../store/items';
import { addPolicyVersion, upsertPolicyDocument } from '../store/policies';

export interface ImportSummary {
  incidentId: string;
  itemsAdded: number;
  itemsExisting: number;
  policyVersionsAdded: number;
  editsAdded: number;
  /** Ids of the new items, for incremental analysis. */
  addedIds: string[];
}

/**
 * Writes a validated bundle into the store in one transaction: all of it or nothing. Importing the same
 * bundle again changes nothing (items dedup by id, URL and source id; versions by retrieval time; edits by content).
 */
export function importBundle(db: Db, bundle: Bundle, now = new Date().toISOString()): ImportSummary {
  return db.transaction((): ImportSummary => {
    const incidentId = bundle.incident.id;
    upsertIncident(db, bundle.incident, now);

    let policyVersionsAdded = 0;
    for (const doc of bundle.policies) {
      upsertPolicyDocument(db, incidentId, doc);
      for (const v of doc.versions) if (addPolicyVersion(db, incidentId, doc.id, v)) policyVersionsAdded++;
    }

    const extras = bundle.extras;
    const items = extras ? bundle.items.map((it) => ({ ...it, ...(extras.items[it.id] ?? {}) })) : bundle.items;
    const { added, existing } = insertItems(db, incidentId, items);

    let editsAdded = 0;
    if (extras) {
      const upsertSource = db.prepare(
        `INSERT INTO sources (incident_id, id, config, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(incident_id, id) DO UPDATE SET config = excluded.config`,
      );
      for (const s of extras.sources) upsertSource.run(incidentId, s.id, JSON.stringify(s.config), s.createdAt);

      const hasEdit = db.prepare('SELECT 1 FROM overrides WHERE incident_id = ? AND at = ? AND edit = ?');
      const addEdit = db.prepare('INSERT INTO overrides (incident_id, at, edit) VALUES (?, ?, ?)');
      for (const e of extras.edits) {
        const edit = JSON.stringify(e.edit);
        if (!hasEdit.get(incidentId, e.at, edit)) {
          addEdit.run(incidentId, e.at, edit);
          editsAdded++;
        }
      }

      const upsertVerdict = db.prepare(
        `INSERT INTO verdicts (incident_id, claim_id, verdict, note, at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(incident_id, claim_id) DO UPDATE SET verdict = excluded.verdict, note = excluded.note, at = excluded.at
         WHERE excluded.at >= verdicts.at`,
      );
      for (const v of extras.verdicts) upsertVerdict.run(incidentId, v.claim, v.verdict, v.note, v.at);
    }
    return { incidentId, itemsAdded: added.length, itemsExisting: existing, policyVersionsAdded, editsAdded, addedIds: added };
  })();
}
