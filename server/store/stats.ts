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
  /** `claim\u0000role` to the ids of its earliest items (at most EARLIEST_KEPT), in time order. */
  earliest: Map<string, string[]>;
}

export interface ClaimAggregate {
  items: number;
  claimItems: number;
  firstSeen: string | null;
  firstResponseAt: string | null;
  peak: { hour: string; count: number } | null;
}

/** How many of the earliest items per claim and role are kept, for claim details without a sort. */
export const EARLIEST_KEPT = 500;

/**
 * One pass over the incident in time order: counts per claim, role and hour, per role and platform, and the
 * earliest item ids of each claim and role (so a claim's examples need no sort of its members).
 */
function compute(db: Db, incidentId: string): IncidentStats {
  const rows = db
    .prepare(
      `SELECT i.created_at, i.id, i.platform, a.claim_id, a.role
       FROM items i LEFT JOIN item_analysis a ON a.incident_id = i.incident_id AND a.item_id = i.id
       WHERE i.incident_id = ? ORDER BY i.created_at, i.id`,
    )
    .raw()
    .iterate(incidentId) as IterableIterator<[string, string, string, string | null, string | null]>;
  const cellMap = new Map<string, HourCell>();
  const platforms: Record<string, number> = {};
  const earliest = new Map<string, string[]>();
  let total = 0;
  let firstItemAt: string | null = null;
  let lastItemAt: string | null = null;
  for (const [createdAt, id, platform, claim, role] of rows) {
    total++;
    if (firstItemAt === null) firstItemAt = createdAt;
    lastItemAt = createdAt;
    platforms[platform] = (platforms[platform] ?? 0) + 1;
    const hour = createdAt.slice(0, 13);
    const key = `${claim ?? ''}\u0000${role ?? ''}\u0000${hour}`;
    const cell = cellMap.get(key);
    if (cell) cell.n++;
    else cellMap.set(key, { claim, role, hour, n: 1, first: createdAt });
    if (claim !== null) {
      const ek = `${claim}\u0000${role}`;
      let list = earliest.get(ek);
      if (!list) earliest.set(ek, (list = []));
      if (list.length < EARLIEST_KEPT) list.push(id);
    }
  }
  const cells = [...cellMap.values()];
  const roles: Record<string, number> = {};
  const byClaim = new Map<string, ClaimAggregate>();
  const perHour = new Map<string, Map<string, number>>();
  for (const c of cells) {
    roles[c.role ?? 'unanalysed'] = (roles[c.role ?? 'unanalysed'] ?? 0) + c.n;
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
  return { total, cells, roles, platforms, firstItemAt, lastItemAt, byClaim, earliest };
}

/**
 * Caches each incident's stats until the database changes: a write on this connection (total_changes) or on
 * any other (data_version) drops the cache, so a re-analysis or an import is seen on the next request.
 */
export class StatsCache {
  private readonly cache = new Map<string, IncidentStats>();
  private readonly memos = new Map<string, unknown>();
  private readonly recent = new Map<string, unknown>();
  private stamp = '';
  private readonly changes;
  constructor(private readonly db: Db) {
    this.changes = db.prepare('SELECT total_changes() AS t');
  }

  private current(): string {
    const dv = this.db.pragma('data_version', { simple: true }) as number;
    const tc = (this.changes.get() as { t: number }).t;
    return `${dv}:${tc}`;
  }

  private check(): void {
    const stamp = this.current();
    if (stamp !== this.stamp) {
      this.clear();
      this.stamp = stamp;
    }
  }

  /**
   * Call right after a write on this connection that changed no item and no role or claim membership (a verdict,
   * a source, a label): derived views are dropped, but the per-incident stats, costly to rebuild, are kept.
   * `before` is the stamp taken just before the write (see `stampNow`); any other change in between drops all.
   */
  keptItemsAfter(before: string): void {
    const [dvBefore] = before.split(':');
    const now = this.current();
    if (before === this.stamp && now.split(':')[0] === dvBefore) {
      this.memos.clear();
      this.recent.clear();
      this.stamp = now;
    } else this.check();
  }

  /** The database's change stamp now (for `keptItemsAfter`); also brings the cache up to date. */
  stampNow(): string {
    this.check();
    return this.stamp;
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

  /** The stats of an incident if they are at hand, without computing them. */
  peek(incidentId: string): IncidentStats | undefined {
    this.check();
    return this.cache.get(incidentId);
  }

  /** Like `memo`, but only the most recent few values under this kind of key are kept (text searches). */
  memoRecent<T>(key: string, compute: () => T, keep = 16): T {
    this.check();
    const hit = this.recent.get(key);
    if (hit !== undefined || this.recent.has(key)) {
      this.recent.delete(key);
      this.recent.set(key, hit);
      return hit as T;
    }
    const v = compute();
    this.recent.set(key, v);
    while (this.recent.size > keep) this.recent.delete(this.recent.keys().next().value!);
    return v;
  }

  /** Forgets everything (after a write whose effect must show at once). */
  clear(): void {
    this.cache.clear();
    this.memos.clear();
    this.recent.clear();
  }
}
