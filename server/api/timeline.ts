import { Hono } from 'hono';
import { z } from 'zod';
import { Histogram, HistogramQuery, TimelineItem, TimelinePage, TimelineQuery, type TimelineEntry, type TimelinePolicyEvent } from '../../shared/api';
import { itemById } from '../store/claims';
import { claimLabels, decodeCursor, encodeCursor, ftsQuery, policyEvents, textHits, timelineItem, timelinePage, timelinePageFromHits, type TimelineFilter, type TimelineRow } from '../store/timeline';
import type { ApiContext } from './context';
import { ApiError, notFound } from './errors';
import { incidentOr404 } from './incidents';
import type { RouteDoc } from './openapi';
import { valid } from './validate';

/** ISO time in the stored form (UTC, `Z`, milliseconds only when not zero), so text comparison orders it. */
export function normTime(t: string): string {
  return new Date(t).toISOString().replace('.000Z', 'Z');
}

export const timelineDocs: RouteDoc[] = [
  { method: 'get', path: '/api/incidents/:id/timeline', summary: 'Items and policy changes in time order, filtered and cursor-paged', tag: 'timeline', query: TimelineQuery, response: TimelinePage },
  { method: 'get', path: '/api/incidents/:id/histogram', summary: 'Counts per claim per hour or day, with response and policy-change markers', tag: 'timeline', query: HistogramQuery, response: Histogram },
  { method: 'get', path: '/api/incidents/:id/items/:itemId', summary: 'One item with its role, claim and reasons', tag: 'timeline', response: TimelineItem },
];

/** Every policy version of the incident as a timeline event, cached until the store changes. */
function allPolicyEvents(ctx: ApiContext, incidentId: string): TimelinePolicyEvent[] {
  return ctx.stats.memo(`policyEvents\u0000${incidentId}`, () => policyEvents(ctx.db, incidentId, {}));
}

function inRange(evs: TimelinePolicyEvent[], r: Parameters<typeof policyEvents>[2]): TimelinePolicyEvent[] {
  return evs.filter(
    (e) =>
      (r.after === undefined || e.createdAt > r.after) &&
      (r.from === undefined || e.createdAt >= r.from) &&
      (r.upTo === undefined || e.createdAt <= r.upTo) &&
      (r.until === undefined || e.createdAt < r.until),
  );
}

function bucketStart(hour: string, bucket: 'hour' | 'day'): string {
  return bucket === 'hour' ? `${hour}:00:00Z` : `${hour.slice(0, 10)}T00:00:00Z`;
}

/** The timeline, its histogram and single items. */
export function timelineRoutes(ctx: ApiContext): Hono {
  const { db } = ctx;
  return new Hono()
    .get('/:id/timeline', valid('param', z.object({ id: z.string() })), valid('query', TimelineQuery), (c) => {
      const incident = incidentOr404(ctx, c.req.valid('param').id);
      const q = c.req.valid('query');
      let after = null;
      if (q.cursor) {
        after = decodeCursor(q.cursor);
        if (!after) throw new ApiError(400, 'invalid_request', 'The cursor is not one this server gave out. Start again without a cursor.');
      }
      const f: TimelineFilter = {};
      if (q.role) f.roles = q.role;
      if (q.claim !== undefined) f.claim = q.claim === 'none' ? null : q.claim;
      if (q.platform) f.platforms = q.platform;
      if (q.author) f.author = q.author;
      if (q.since) f.since = normTime(q.since);
      if (q.until) f.until = normTime(q.until);
      let nothing = false;
      if (q.q !== undefined) {
        const m = ftsQuery(q.q);
        if (m) f.match = m;
        else nothing = true;
      }
      let rows: TimelineRow[] = [];
      if (!nothing) {
        // A text query's hits are kept (until the store changes), so paging through them needs no new search.
        const hits = f.match ? ctx.stats.memoRecent(`text\u0000${incident.id}\u0000${f.match}`, () => textHits(db, incident.id, f.match!)) : null;
        rows = hits ? timelinePageFromHits(db, incident.id, hits, f, after, q.limit + 1) : timelinePage(db, incident.id, f, after, q.limit + 1);
      }
      const more = rows.length > q.limit;
      const page = rows.slice(0, q.limit);
      const last = page[page.length - 1];
      const nextCursor = more && last ? encodeCursor({ createdAt: last.created_at, id: last.id }) : null;
      const itemFilter = q.role || q.claim !== undefined || q.platform || q.author || q.q !== undefined;
      const withPolicy = q.policy ? q.policy === 'true' : !itemFilter;
      const labels = ctx.stats.memo(`labels\u0000${incident.id}`, () => claimLabels(db, incident.id));
      const entries: TimelineEntry[] = page.map((r) => timelineItem(r, labels));
      if (withPolicy) {
        const range: Parameters<typeof policyEvents>[2] = {};
        if (after) range.after = after.createdAt;
        if (nextCursor && last) range.upTo = last.created_at;
        if (f.since) range.from = f.since;
        if (f.until) range.until = f.until;
        const evs = inRange(allPolicyEvents(ctx, incident.id), range);
        if (evs.length) {
          entries.push(...evs);
          // Stable: a policy version sorts before items of the same instant.
          entries.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.kind === b.kind ? 0 : a.kind === 'policy' ? -1 : 1));
        }
      }
      return c.json({ entries, nextCursor } satisfies TimelinePage);
    })
    .get('/:id/histogram', valid('param', z.object({ id: z.string() })), valid('query', HistogramQuery), (c) => {
      const incident = incidentOr404(ctx, c.req.valid('param').id);
      const q = c.req.valid('query');
      return c.json(ctx.stats.memo(`histogram\u0000${incident.id}\u0000${q.bucket}\u0000${q.since ?? ''}\u0000${q.until ?? ''}`, () => computeHistogram(ctx, incident, q)));
    })
    .get('/:id/items/:itemId', valid('param', z.object({ id: z.string(), itemId: z.string() })), (c) => {
      const { id, itemId } = c.req.valid('param');
      incidentOr404(ctx, id);
      const item = itemById(db, id, itemId);
      if (!item) throw notFound('item', itemId, `It is not in incident "${id}"; find items with GET /api/incidents/${id}/timeline.`);
      return c.json(item);
    });
}

/** Counts per claim per bucket from the cached per-hour stats, with response and policy-change markers. */
export function computeHistogram(ctx: ApiContext, incident: { id: string }, q: z.output<typeof HistogramQuery>): Histogram {
  const { db } = ctx;
      const bucket = q.bucket;
      const since = q.since ? normTime(q.since).slice(0, 13) : null;
      const until = q.until ? normTime(q.until).slice(0, 13) : null;
      const stats = ctx.stats.get(incident.id);
      const series = new Map<string, Map<string, number>>();
      let lo: string | null = null;
      let hi: string | null = null;
      for (const cell of stats.cells) {
        if (cell.role === 'noise') continue;
        if ((since && cell.hour < since) || (until && cell.hour >= until)) continue;
        const b = bucketStart(cell.hour, bucket);
        if (lo === null || b < lo) lo = b;
        if (hi === null || b > hi) hi = b;
        const key = cell.claim ?? '\u0000';
        let m = series.get(key);
        if (!m) series.set(key, (m = new Map()));
        m.set(b, (m.get(b) ?? 0) + cell.n);
      }
      const buckets: string[] = [];
      if (lo && hi) {
        const step = bucket === 'hour' ? 3_600_000 : 86_400_000;
        for (let t = Date.parse(lo); t <= Date.parse(hi) && buckets.length < 100_000; t += step) buckets.push(new Date(t).toISOString().replace('.000Z', 'Z'));
      }
      const index = new Map(buckets.map((b, i) => [b, i]));
      const labels = new Map((db.prepare('SELECT id, label FROM claims WHERE incident_id = ?').all(incident.id) as { id: string; label: string }[]).map((r) => [r.id, r.label]));
      const out: Histogram['series'] = [...series]
        .map(([key, m]) => {
          const counts = new Array<number>(buckets.length).fill(0);
          let total = 0;
          for (const [b, n] of m) {
            counts[index.get(b)!] = n;
            total += n;
          }
          const claim = key === '\u0000' ? null : key;
          return { claim, label: claim === null ? 'No claim' : (labels.get(claim) ?? claim), counts, total };
        })
        .sort((a, b) => (a.claim === null ? 1 : b.claim === null ? -1 : b.total - a.total || a.claim.localeCompare(b.claim)));
      const where = ['a.incident_id = ?', "a.role = 'response'"];
      const args: unknown[] = [incident.id];
      if (q.since) {
        where.push('i.created_at >= ?');
        args.push(normTime(q.since));
      }
      if (q.until) {
        where.push('i.created_at < ?');
        args.push(normTime(q.until));
      }
      const responses = db
        .prepare(
          `SELECT i.created_at AS at, i.id AS itemId, a.claim_id AS claim FROM item_analysis a INDEXED BY item_analysis_role
           JOIN items i ON i.incident_id = a.incident_id AND i.id = a.item_id WHERE ${where.join(' AND ')} ORDER BY i.created_at, i.id LIMIT 1000`,
        )
        .all(...args) as Histogram['responses'];
      const range: Parameters<typeof policyEvents>[2] = {};
      if (q.since) range.from = normTime(q.since);
      if (q.until) range.until = normTime(q.until);
      const policyChanges = inRange(allPolicyEvents(ctx, incident.id), range).map((e) => ({ at: e.createdAt, documentId: e.documentId, title: e.title, changedSections: e.changedSections }));
      const responsesTotal = q.since || q.until ? responses.length : (stats.roles.response ?? 0);
      return { bucket, buckets, series: out, responses, responsesTotal, policyChanges };
}
