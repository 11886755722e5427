import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { Citation, CitationQuery } from '../../shared/api';
import { citeClaim, citeItem, citePolicySection, type CitationSet } from '../../shared/citations';
import { claimDetail, itemById } from '../store/claims';
import { documentRow, versionAt, versionsOf } from '../store/policyview';
import type { ApiContext } from './context';
import { ApiError, notFound } from './errors';
import { incidentOr404 } from './incidents';
import type { RouteDoc } from './openapi';
import { valid } from './validate';
import { normTime } from './timeline';

export const citationDocs: RouteDoc[] = [
  { method: 'get', path: '/api/incidents/:id/items/:itemId/citation', summary: 'Cite a post or statement', tag: 'citations', query: CitationQuery, response: Citation },
  { method: 'get', path: '/api/incidents/:id/claims/:claimId/citation', summary: 'Cite a claim', tag: 'citations', query: CitationQuery, response: Citation },
  { method: 'get', path: '/api/incidents/:id/policies/:docId/sections/:sectionId/citation', summary: 'Cite a policy section as it read in a version', tag: 'citations', query: CitationQuery, response: Citation },
];

const TYPES = { markdown: 'text/markdown; charset=utf-8', text: 'text/plain; charset=utf-8', bibtex: 'application/x-bibtex; charset=utf-8' } as const;

/** All formats as JSON, or one: Markdown, text and BibTeX as text, CSL-JSON as a one-entry array. */
function send(c: Context, set: CitationSet, format: z.output<typeof CitationQuery>['format']): Response {
  if (!format) return c.json(set);
  if (format === 'csl-json') return c.body(JSON.stringify([set['csl-json']], null, 2), 200, { 'Content-Type': 'application/vnd.citationstyles.csl+json' });
  return c.body(set[format], 200, { 'Content-Type': TYPES[format] });
}

/** Citations of items, claims and policy sections. */
export function citationRoutes(ctx: ApiContext): Hono {
  const { db } = ctx;
  return new Hono()
    .get('/:id/items/:itemId/citation', valid('param', z.object({ id: z.string(), itemId: z.string() })), valid('query', CitationQuery), (c) => {
      const { id, itemId } = c.req.valid('param');
      incidentOr404(ctx, id);
      const q = c.req.valid('query');
      const it = itemById(db, id, itemId);
      if (!it) throw notFound('item', itemId, `It is not in incident "${id}".`);
      return send(c, citeItem({ ...it, accessed: normTime(q.accessed ?? ctx.now()) }), q.format);
    })
    .get('/:id/claims/:claimId/citation', valid('param', z.object({ id: z.string(), claimId: z.string() })), valid('query', CitationQuery), (c) => {
      const { id, claimId } = c.req.valid('param');
      const incident = incidentOr404(ctx, id);
      const q = c.req.valid('query');
      const d = claimDetail(db, ctx.stats, id, claimId, 1);
      if (!d) throw notFound('claim', claimId, `List the claims with GET /api/incidents/${id}/claims.`);
      const first = d.examples[0];
      return send(
        c,
        citeClaim({
          incidentId: id,
          incidentTitle: incident.title,
          claimId,
          label: d.label,
          firstSeen: d.firstSeen,
          firstUrl: first?.url ?? null,
          items: d.items,
          accessed: normTime(q.accessed ?? ctx.now()),
        }),
        q.format,
      );
    })
    .get(
      '/:id/policies/:docId/sections/:sectionId/citation',
      valid('param', z.object({ id: z.string(), docId: z.string(), sectionId: z.string() })),
      valid('query', CitationQuery),
      (c) => {
        const { id, docId, sectionId } = c.req.valid('param');
        const incident = incidentOr404(ctx, id);
        const q = c.req.valid('query');
        const doc = documentRow(db, id, docId);
        if (!doc) throw notFound('policy document', docId, `List them with GET /api/incidents/${id}/policies.`);
        const versions = versionsOf(db, id, docId);
        const v = q.at ? versionAt(db, id, docId, q.at) : versions[versions.length - 1];
        if (!v) throw new ApiError(404, 'not_found', `No version of "${docId}" was retrieved${q.at ? ` at or before ${q.at}` : ''}.`);
        const s = db.prepare('SELECT heading, text FROM policy_sections WHERE version_id = ? AND section_id = ?').get(v.id, sectionId) as
          | { heading: string; text: string }
          | undefined;
        if (!s) throw notFound('section', sectionId, `It is not in the version of "${docId}" retrieved ${v.retrievedAt}.`);
        return send(
          c,
          citePolicySection({
            documentId: docId,
            documentTitle: doc.title,
            url: doc.url,
            publisher: incident.vendor.name,
            sectionId,
            heading: s.heading,
            text: s.text,
            retrievedAt: v.retrievedAt,
            archivedUrl: v.archivedUrl,
            accessed: normTime(q.accessed ?? ctx.now()),
          }),
          q.format,
        );
      },
    );
}
