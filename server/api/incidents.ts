import { Hono } from 'hono';
import { z } from 'zod';
import {
  IncidentCreate,
  IncidentDetail,
  IncidentList,
  IncidentSummary,
  IncidentUpdate,
  SourceCreate,
  SourceList,
  SourceRecordSchema,
  StatementCreate,
  TimelineItem,
  JobAccepted,
  AnalyzeResult,
} from '../../shared/api';
import type { Incident } from '../../shared/types';
import { analyzeIncident, placeNewItems } from '../store/analysis';
import { deleteIncident, getIncident, upsertIncident } from '../store/incidents';
import { findItemId, insertItems } from '../store/items';
import { incidentSummaries, incidentSummary } from '../store/overview';
import { addSource, listSources, removeSource } from '../store/sources';
import { policySummaries } from '../store/policyview';
import { itemById } from '../store/claims';
import type { ApiContext } from './context';
import { ApiError, notFound } from './errors';
import type { RouteDoc } from './openapi';
import { valid } from './validate';
import { StatementError, statementToItem } from '../collect/manual/statement';
import { startCollection } from './collect';

const Id = z.object({ id: z.string() });
const CollectQuery = z.object({
  source: z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v])).optional().describe('Only these source ids (repeatable)'),
  wayback: z.enum(['true', 'false']).optional().describe('Also read past policy versions from the Wayback Machine'),
});

/** The incident or a 404 naming it. */
export function incidentOr404(ctx: ApiContext, id: string): Incident {
  const incident = getIncident(ctx.db, id);
  if (!incident) throw notFound('incident', id, 'List the incidents with GET /api/incidents.');
  return incident;
}

function slug(title: string): string {
  return (
    title
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'incident'
  );
}

export const incidentDocs: RouteDoc[] = [
  { method: 'get', path: '/api/incidents', summary: 'List incidents', tag: 'incidents', response: IncidentList },
  { method: 'post', path: '/api/incidents', summary: 'Create an incident', tag: 'incidents', body: IncidentCreate, response: IncidentSummary, status: 201, write: true },
  { method: 'get', path: '/api/incidents/:id', summary: 'One incident with sources, policies and counts', tag: 'incidents', response: IncidentDetail },
  { method: 'patch', path: '/api/incidents/:id', summary: 'Change vendor, keywords, window, title or note', tag: 'incidents', body: IncidentUpdate, response: IncidentSummary, write: true },
  { method: 'delete', path: '/api/incidents/:id', summary: 'Delete an incident with all its data', tag: 'incidents', status: 204, write: true },
  { method: 'get', path: '/api/incidents/:id/sources', summary: 'List sources', tag: 'sources', response: SourceList },
  { method: 'post', path: '/api/incidents/:id/sources', summary: 'Add a source (Bluesky query or account, feed, page, policy document)', tag: 'sources', body: SourceCreate, response: SourceRecordSchema, status: 201, write: true },
  { method: 'delete', path: '/api/incidents/:id/sources/:sourceId', summary: 'Remove a source', tag: 'sources', status: 204, write: true },
  { method: 'post', path: '/api/incidents/:id/statements', summary: 'Add a statement by hand (text, author, date, URL)', tag: 'sources', body: StatementCreate, response: TimelineItem, status: 201, write: true },
  { method: 'post', path: '/api/incidents/:id/collect', summary: 'Collect from the incident\u2019s sources in the background; progress on /api/events', tag: 'sources', query: CollectQuery, response: JobAccepted, status: 202, write: true },
  { method: 'post', path: '/api/incidents/:id/analyze', summary: 'Re-run the analysis (edits are kept)', tag: 'claims', response: AnalyzeResult, write: true },
];

/** Incidents, their sources and manual statements, collection and analysis triggers. */
export function incidentRoutes(ctx: ApiContext): Hono {
  const { db, events } = ctx;
  return new Hono()
    .get('/', (c) => c.json({ incidents: incidentSummaries(db, ctx.stats) } satisfies IncidentList))
    .post('/', valid('json', IncidentCreate), (c) => {
      const body = c.req.valid('json');
      const id = body.id ?? slug(body.title);
      if (getIncident(db, id)) throw new ApiError(409, 'conflict', `An incident "${id}" exists already. Choose another id, or change it with PATCH /api/incidents/${id}.`);
      const incident: Incident = { id, title: body.title, vendor: body.vendor, keywords: body.keywords, start: body.start, end: body.end };
      if (body.note != null) incident.note = body.note;
      upsertIncident(db, incident, ctx.now());
      events.publish({ type: 'incident.changed', incidentId: id, change: 'created' });
      return c.json(incidentSummary(db, ctx.stats, incident), 201);
    })
    .get('/:id', valid('param', Id), (c) => {
      const incident = incidentOr404(ctx, c.req.valid('param').id);
      const stats = ctx.stats.get(incident.id);
      const roles = Object.fromEntries(Object.entries(stats.roles));
      const detail: IncidentDetail = {
        ...incidentSummary(db, ctx.stats, incident),
        sources: listSources(db, incident.id),
        policies: policySummaries(db, incident.id),
        roles,
        platforms: stats.platforms,
        firstItemAt: stats.firstItemAt,
        lastItemAt: stats.lastItemAt,
      };
      return c.json(detail);
    })
    .patch('/:id', valid('param', Id), valid('json', IncidentUpdate), (c) => {
      const before = incidentOr404(ctx, c.req.valid('param').id);
      const body = c.req.valid('json');
      const after: Incident = {
        ...before,
        ...(body.title !== undefined && { title: body.title }),
        ...(body.vendor !== undefined && { vendor: body.vendor }),
        ...(body.keywords !== undefined && { keywords: body.keywords }),
        ...(body.start !== undefined && { start: body.start }),
        ...(body.end !== undefined && { end: body.end }),
      };
      if (body.note === null) delete after.note;
      else if (body.note !== undefined) after.note = body.note;
      if (Date.parse(after.start) > Date.parse(after.end)) throw new ApiError(400, 'invalid_request', 'The window\u2019s start is after its end. Send a start before the end.');
      const stamp = ctx.stats.stampNow();
      const changed = upsertIncident(db, after, ctx.now());
      ctx.stats.keptItemsAfter(stamp);
      if (changed) events.publish({ type: 'incident.changed', incidentId: after.id, change: 'updated' });
      return c.json(incidentSummary(db, ctx.stats, after));
    })
    .delete('/:id', valid('param', Id), (c) => {
      const id = c.req.valid('param').id;
      incidentOr404(ctx, id);
      deleteIncident(db, id);
      events.publish({ type: 'incident.changed', incidentId: id, change: 'deleted' });
      return c.body(null, 204);
    })
    .get('/:id/sources', valid('param', Id), (c) => {
      const incident = incidentOr404(ctx, c.req.valid('param').id);
      return c.json({ sources: listSources(db, incident.id) } satisfies SourceList);
    })
    .post('/:id/sources', valid('param', Id), valid('json', SourceCreate), (c) => {
      const incident = incidentOr404(ctx, c.req.valid('param').id);
      const body = c.req.valid('json');
      const before = ctx.stats.stampNow();
      const { source, created } = addSource(db, incident.id, body.config, body.id, ctx.now());
      ctx.stats.keptItemsAfter(before);
      if (created) events.publish({ type: 'incident.changed', incidentId: incident.id, change: 'updated' });
      return c.json(source, created ? 201 : 200);
    })
    .delete('/:id/sources/:sourceId', valid('param', z.object({ id: z.string(), sourceId: z.string() })), (c) => {
      const { id, sourceId } = c.req.valid('param');
      incidentOr404(ctx, id);
      const before = ctx.stats.stampNow();
      const removed = removeSource(db, id, sourceId);
      ctx.stats.keptItemsAfter(before);
      if (!removed) throw notFound('source', sourceId, `List the sources with GET /api/incidents/${id}/sources.`);
      events.publish({ type: 'incident.changed', incidentId: id, change: 'updated' });
      return c.body(null, 204);
    })
    .post('/:id/statements', valid('param', Id), valid('json', StatementCreate), async (c) => {
      const incident = incidentOr404(ctx, c.req.valid('param').id);
      const s = c.req.valid('json');
      for (const [field, ref] of [['replyTo', s.replyTo], ['quoteOf', s.quoteOf]] as const) {
        if (ref && !findItemId(db, incident.id, { id: ref })) throw new ApiError(400, 'invalid_request', `${field} names "${ref}", which is not an item of this incident.`);
      }
      let item;
      try {
        item = statementToItem(
          { text: s.text, author: s.author.handle, authorName: s.author.name ?? null, date: s.createdAt, url: s.url ?? null, platform: s.platform, lang: s.lang ?? null },
          ctx.now(),
        );
      } catch (e) {
        if (e instanceof StatementError) throw new ApiError(400, 'invalid_request', e.message);
        throw e;
      }
      if (s.id) item.id = s.id;
      // Stored times keep the bundles' form (no zero milliseconds) so they order as text with the rest.
      item.createdAt = item.createdAt.replace('.000Z', 'Z');
      item.replyTo = s.replyTo ?? null;
      item.quoteOf = s.quoteOf ?? null;
      const id = item.id;
      const existing = findItemId(db, incident.id, { id, url: item.url });
      if (existing) return c.json(itemById(db, incident.id, existing)!, 200);
      const { added } = insertItems(db, incident.id, [item]);
      events.publish({ type: 'items.added', incidentId: incident.id, count: added.length, itemIds: added });
      if (added.length) {
        // Placing into an existing analysis is cheap; an incident never analysed gets a full analysis.
        if (!placeNewItems(db, incident.id, added)) analyzeIncident(db, incident.id);
        events.publish({ type: 'analysis.updated', incidentId: incident.id, claims: countClaims(ctx, incident.id), full: false });
      }
      return c.json(itemById(db, incident.id, id)!, 201);
    })
    .post('/:id/collect', valid('param', Id), valid('query', CollectQuery), (c) => {
      const incident = incidentOr404(ctx, c.req.valid('param').id);
      const q = c.req.valid('query');
      const known = new Set(listSources(db, incident.id).map((s) => s.id));
      if (!known.size) throw new ApiError(409, 'conflict', `"${incident.id}" has no sources to collect from. Add one with POST /api/incidents/${incident.id}/sources.`);
      for (const s of q.source ?? []) if (!known.has(s)) throw notFound('source', s, `List the sources with GET /api/incidents/${incident.id}/sources.`);
      return c.json(startCollection(ctx, incident.id, { ...(q.source && { sources: q.source }), ...(q.wayback === 'true' && { wayback: true }) }), 202);
    })
    .post('/:id/analyze', valid('param', Id), async (c) => {
      const incident = incidentOr404(ctx, c.req.valid('param').id);
      analyzeIncident(db, incident.id);
      const claims = countClaims(ctx, incident.id);
      events.publish({ type: 'analysis.updated', incidentId: incident.id, claims, full: true });
      return c.json({ incidentId: incident.id, claims, items: ctx.stats.get(incident.id).total } satisfies AnalyzeResult);
    });
}

function countClaims(ctx: ApiContext, incidentId: string): number {
  return (ctx.db.prepare('SELECT count(*) AS n FROM claims WHERE incident_id = ?').get(incidentId) as { n: number }).n;
}
