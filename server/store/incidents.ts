import type { Incident } from '../../shared/types';
import type { Db } from './db';
import { parseJson } from './json';

interface IncidentRow {
  id: string;
  title: string;
  vendor_name: string;
  vendor_domains: string;
  vendor_handles: string;
  keywords: string;
  start_at: string;
  end_at: string;
  note: string | null;
}

function fromRow(r: IncidentRow): Incident {
  const incident: Incident = {
    id: r.id,
    title: r.title,
    vendor: { name: r.vendor_name, domains: parseJson(r.vendor_domains, []), handles: parseJson(r.vendor_handles, []) },
    keywords: parseJson(r.keywords, []),
    start: r.start_at,
    end: r.end_at,
  };
  if (r.note != null) incident.note = r.note;
  return incident;
}

/** Creates the incident or updates its fields; returns whether anything changed. */
export function upsertIncident(db: Db, incident: Incident, now = new Date().toISOString()): boolean {
  const before = getIncident(db, incident.id);
  if (before && JSON.stringify(before) === JSON.stringify(normalise(incident))) return false;
  db.prepare(
    `INSERT INTO incidents (id, title, vendor_name, vendor_domains, vendor_handles, keywords, start_at, end_at, note, created_at, updated_at)
     VALUES (@id, @title, @vendor_name, @vendor_domains, @vendor_handles, @keywords, @start_at, @end_at, @note, @now, @now)
     ON CONFLICT(id) DO UPDATE SET title=excluded.title, vendor_name=excluded.vendor_name, vendor_domains=excluded.vendor_domains,
       vendor_handles=excluded.vendor_handles, keywords=excluded.keywords, start_at=excluded.start_at, end_at=excluded.end_at,
       note=excluded.note, updated_at=excluded.updated_at`,
  ).run({
    id: incident.id,
    title: incident.title,
    vendor_name: incident.vendor.name,
    vendor_domains: JSON.stringify(incident.vendor.domains),
    vendor_handles: JSON.stringify(incident.vendor.handles),
    keywords: JSON.stringify(incident.keywords),
    start_at: incident.start,
    end_at: incident.end,
    note: incident.note ?? null,
    now,
  });
  return true;
}

// The stored form of an incident, for comparing an update with what is there.
function normalise(incident: Incident): Incident {
  const n: Incident = {
    id: incident.id,
    title: incident.title,
    vendor: { name: incident.vendor.name, domains: incident.vendor.domains, handles: incident.vendor.handles },
    keywords: incident.keywords,
    start: incident.start,
    end: incident.end,
  };
  if (incident.note != null) n.note = incident.note;
  return n;
}

/** The incident with this id, or undefined. */
export function getIncident(db: Db, id: string): Incident | undefined {
  const row = db.prepare('SELECT * FROM incidents WHERE id = ?').get(id) as IncidentRow | undefined;
  return row && fromRow(row);
}

/** All incidents, oldest window first. */
export function listIncidents(db: Db): Incident[] {
  return (db.prepare('SELECT * FROM incidents ORDER BY start_at, id').all() as IncidentRow[]).map(fromRow);
}

/** Deletes the incident and everything that belongs to it; returns whether it existed. */
export function deleteIncident(db: Db, id: string): boolean {
  return db.transaction(() => {
    // Tables without a foreign key to incidents are cleared by hand.
    db.prepare('DELETE FROM item_analysis WHERE incident_id = ?').run(id);
    db.prepare('DELETE FROM policy_versions WHERE incident_id = ?').run(id);
    db.prepare('DELETE FROM policy_snapshots WHERE incident_id = ?').run(id);
    return db.prepare('DELETE FROM incidents WHERE id = ?').run(id).changes > 0;
  })();
}

/** How many items each incident holds. */
export function countItems(db: Db, incidentId: string): number {
  return (db.prepare('SELECT count(*) AS n FROM items WHERE incident_id = ?').get(incidentId) as { n: number }).n;
}
