import type { Db } from './db';

/** Per claim (null: no claim), per role, per hour (`YYYY-MM-DDTHH`): how many items, and the earliest time. */
export interface HourCell {
  claim: string | null;
  role: string | null;
  hour: string;
  n: number;
  first: string;
}

/** Everything the claim list, claim detail and histogram need, computed in one pass over the incident. */
export interface IncidentStats {
  total: number;
  cells: HourCell[];
  roles: Record<string, number>;
  platforms: Record<string, number>;
  firstItemAt: string | null;
  lastItemAt: string | null;
  byClaim: Map<string, ClaimAggregate>;
}

export interface ClaimAggregate {
  items: number;
  claimItems: number;
  firstSeen: string | null;
  firstResponseAt: string | null;
  peak: { hour: string; count: number } | null;
}

function compute(db: Db, incidentId: string): IncidentStats {
  const cells = db
    .prepare(
      `SELECT a.claim_id AS claim, a.role AS role, substr(i.created_at, 1, 13) AS hour, count(*) AS n, min(i.created_at) AS first
       FROM items i LEFT JOIN item_analysis a ON a.incident_id = i.incident_id AND a.item_id = i.id
       WHERE i.incident_id = ? GROUP BY 1, 2, 3`,
    )
    .all(incidentId) as HourCell[];
  const platforms = Object.fromEntries(
    (db.prepare('SELECT platform, count(*) AS n FROM items WHERE incident_id = ? GROUP BY platform').all(incidentId) as { platform: string; n: number }[]).map(
      (r) => [r.platform, r.n],
    ),
  );
  const roles: Record<string, number> = {};
  const byClaim = new Map<string, ClaimAggregate>();
  const perHour = new Map<string, Map<string, number>>();
  let total = 0;
  let firstItemAt: string | null = null;
  let lastHour: string | null = null;
  for (const c of cells) {
    total += c.n;
    roles[c.role ?? 'unanalysed'] = (roles[c.role ?? 'unanalysed'] ?? 0) + c.n;
    if (firstItemAt === null || c.first < firstItemAt) firstItemAt = c.first;
    if (lastHour === null || c.hour > lastHour) lastHour = c.hour;
    if (c.claim === null) continue;
    let a = byClaim.get(c.claim);
    if (!a) byClaim.set(c.claim, (a = { items: 0, claimItems: 0, firstSeen: null, firstResponseAt: null, peak: null }));
    a.items += c.n;
    if (c.role === 'claim') {
      a.claimItems += c.n;
      if (a.firstSeen === null || c.first < a.firstSeen) a.firstSeen = c.first;
    }
    if (c.role === 'response' && (a.firstResponseAt === null || c.first < a.firstResponseAt)) a.firstResponseAt = c.first;
    if (c.role !== 'noise') {
      let h = perHour.get(c.claim);
      if (!h) perHour.set(c.claim, (h = new Map()));
      h.set(c.hour, (h.get(c.hour) ?? 0) + c.n);
    }
  }
  for (const [claim, hours] of perHour) {
    let best: { hour: string; count: number } | null = null;
    for (const [hour, count] of hours) if (!best || count > best.count || (count === best.count && hour < best.hour)) best = { hour, count };
    byClaim.get(claim)!.peak = best;
  }
  const lastItemAt = lastHour
    ? ((db.prepare('SELECT max(created_at) AS m FROM items WHERE incident_id = ? AND created_at >= ?').get(incidentId, lastHour) as { m: string | null }).m ?? null)
    : null;
  return { total, cells, roles, platforms, firstItemAt, lastItemAt, byClaim };
}

/**
 * Caches each incident's stats until the database changes: a write on this connection (total_changes) or on
 * any other (data_version) drops the cache, so a re-analysis or an import is seen on the next request.
 */
export class StatsCache {
  private readonly cache = new Map<string, IncidentStats>();
  private readonly memos = new Map<string, unknown>();
  private stamp = '';
  private readonly changes;
  constructor(private readonly db: Db) {
    this.changes = db.prepare('SELECT total_changes() AS t');
  }

  private check(): void {
    const dv = this.db.pragma('data_version', { simple: true }) as number;
    const tc = (this.changes.get() as { t: number }).t;
    const stamp = `${dv}:${tc}`;
    if (stamp !== this.stamp) {
      this.clear();
      this.stamp = stamp;
    }
  }

  /** A value derived from the store, computed once per state of the database. */
  memo<T>(key: string, compute: () => T): T {
    this.check();
    if (this.memos.has(key)) return this.memos.get(key) as T;
    const v = compute();
    this.memos.set(key, v);
    return v;
  }

  /** The stats of an incident, computed on first use after a change. */
  get(incidentId: string): IncidentStats {
    this.check();
    let s = this.cache.get(incidentId);
    if (!s) this.cache.set(incidentId, (s = compute(this.db, incidentId)));
    return s;
  }

  /** Forgets everything (after a write whose effect must show at once). */
  clear(): void {
    this.cache.clear();
    this.memos.clear();
  }
}
