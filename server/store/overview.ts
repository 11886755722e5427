import type { IncidentSummary } from '../../shared/api';
import type { Incident } from '../../shared/types';
import type { Db } from './db';
import { countItems, getIncident, listIncidents } from './incidents';
import type { StatsCache } from './stats';

/** When the incident was created and last changed. */
export function incidentTimes(db: Db, id: string): { createdAt: string; updatedAt: string } | undefined {
  const r = db.prepare('SELECT created_at, updated_at FROM incidents WHERE id = ?').get(id) as { created_at: string; updated_at: string } | undefined;
  return r && { createdAt: r.created_at, updatedAt: r.updated_at };
}

/** An incident with its counts, as the API lists it. */
export function incidentSummary(db: Db, stats: StatsCache, incident: Incident): IncidentSummary {
  const times = incidentTimes(db, incident.id) ?? { createdAt: '', updatedAt: '' };
  const claims = (db.prepare('SELECT count(*) AS n FROM claims WHERE incident_id = ?').get(incident.id) as { n: number }).n;
  const policies = (db.prepare('SELECT count(*) AS n FROM policy_documents WHERE incident_id = ?').get(incident.id) as { n: number }).n;
  return {
    ...incident,
    note: incident.note ?? null,
    ...times,
    // The list must stay quick after a write to a big incident: count the index when the stats are not at hand.
    counts: { items: stats.peek(incident.id)?.total ?? countItems(db, incident.id), claims, policies },
  };
}

/** Every incident with counts. */
export function incidentSummaries(db: Db, stats: StatsCache): IncidentSummary[] {
  return listIncidents(db).map((i) => incidentSummary(db, stats, i));
}

export { getIncident };
