import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { z } from 'zod';
import { EXPORT_FORMATS, IncidentDetail } from '../../shared/api';
import { bundleFiles, bundleFromStore } from '../bundle/export';
import { claimReviews } from '../export/claimreview';
import { itemsCsv, type ItemCsvRow } from '../export/csv';
import { incidentReport } from '../export/report';
import { claimDetail, claimSummaries } from '../store/claims';
import { incidentSummary } from '../store/overview';
import { policySummaries } from '../store/policyview';
import { listSources } from '../store/sources';
import type { ApiContext } from './context';
import { incidentOr404 } from './incidents';
import type { RouteDoc } from './openapi';
import { valid } from './validate';

export const exportDocs: RouteDoc[] = [
  { method: 'get', path: '/api/incidents/:id/export/bundle', summary: 'The incident bundle: files by name (incident.json, policies.json, items.jsonl, claimline.json)', tag: 'exports', response: z.object({ files: z.record(z.string(), z.string()) }) },
  { method: 'get', path: '/api/incidents/:id/export/csv', summary: 'Items as CSV with role and claim', tag: 'exports', produces: 'text/csv' },
  { method: 'get', path: '/api/incidents/:id/export/report', summary: 'Markdown incident report', tag: 'exports', produces: 'text/markdown' },
  { method: 'get', path: '/api/incidents/:id/export/claimreview', summary: 'schema.org ClaimReview JSON-LD, one per claim with a verdict', tag: 'exports', produces: 'application/ld+json' },
];

/** The reviewer named in ClaimReview exports: `CLAIMLINE_REVIEWER`, else "Claimline". */
function reviewer(): string {
  return process.env.CLAIMLINE_REVIEWER?.trim() || 'Claimline';
}

/** Every claim with its details, for the report and ClaimReview. */
function allClaims(ctx: ApiContext, incidentId: string, limit: number) {
  return claimSummaries(ctx.db, ctx.stats, incidentId).map((s) => claimDetail(ctx.db, ctx.stats, incidentId, s.id, limit)!);
}

/** Exports of an incident: bundle, CSV, Markdown report, ClaimReview. */
export function exportRoutes(ctx: ApiContext): Hono {
  const { db } = ctx;
  const app = new Hono();
  for (const format of EXPORT_FORMATS) app.get(`/:id/export/${format}`, valid('param', z.object({ id: z.string() })), (c) => {
    const { id } = c.req.valid('param');
    const incident = incidentOr404(ctx, id);
    const file = (ext: string) => ({ 'Content-Disposition': `attachment; filename="${id.replace(/[^A-Za-z0-9._-]/g, '_')}.${ext}"` });
    if (format === 'bundle') return c.json({ files: bundleFiles(bundleFromStore(db, id)) }, 200, file('bundle.json'));
    if (format === 'csv') {
      const rows = db
        .prepare(
          `SELECT i.id, i.created_at, i.platform, i.author_handle, i.author_name, i.url, a.role, a.claim_id AS claim, c.label AS claim_label,
             i.reply_to, i.quote_of, i.lang, i.text
           FROM items i LEFT JOIN item_analysis a ON a.incident_id = i.incident_id AND a.item_id = i.id
           LEFT JOIN claims c ON c.incident_id = a.incident_id AND c.id = a.claim_id
           WHERE i.incident_id = ? ORDER BY i.created_at, i.id`,
        )
        .iterate(id) as IterableIterator<ItemCsvRow>;
      c.header('Content-Type', 'text/csv; charset=utf-8');
      for (const [k, v] of Object.entries(file('csv'))) c.header(k, v);
      return stream(c, async (s) => {
        for (const chunk of itemsCsv(rows)) {
          if (s.aborted) break;
          await s.write(chunk);
        }
      });
    }
    const baseUrl = new URL(c.req.url).origin;
    if (format === 'report') {
      const stats = ctx.stats.get(id);
      const detail: IncidentDetail = {
        ...incidentSummary(db, ctx.stats, incident),
        sources: listSources(db, id),
        policies: policySummaries(db, id),
        roles: stats.roles,
        platforms: stats.platforms,
        firstItemAt: stats.firstItemAt,
        lastItemAt: stats.lastItemAt,
      };
      return c.body(incidentReport(detail, allClaims(ctx, id, 5), ctx.now()), 200, { 'Content-Type': 'text/markdown; charset=utf-8', ...file('md') });
    }
    const reviews = claimReviews(incident, allClaims(ctx, id, 10), { baseUrl, reviewer: reviewer() });
    return c.body(JSON.stringify(reviews, null, 2) + '\n', 200, { 'Content-Type': 'application/ld+json; charset=utf-8', ...file('claimreview.jsonld') });
  });
  return app;
}
