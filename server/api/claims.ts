import { Hono } from 'hono';
import { z } from 'zod';
import { ClaimDetail, ClaimDetailQuery, ClaimList, VerdictBody, VerdictPut } from '../../shared/api';
import { claimDetail, claimRow, claimSummaries } from '../store/claims';
import { clearVerdict, setVerdict } from '../store/verdicts';
import type { ApiContext } from './context';
import { notFound } from './errors';
import { incidentOr404 } from './incidents';
import type { RouteDoc } from './openapi';
import { valid } from './validate';

const Params = z.object({ id: z.string(), claimId: z.string() });

export const claimDocs: RouteDoc[] = [
  { method: 'get', path: '/api/incidents/:id/claims', summary: 'Claims with counts, first seen, peak, response time, policy change and verdict', tag: 'claims', response: ClaimList },
  { method: 'get', path: '/api/incidents/:id/claims/:claimId', summary: 'One claim with examples, responses, reasons and policy links', tag: 'claims', query: ClaimDetailQuery, response: ClaimDetail },
  { method: 'put', path: '/api/incidents/:id/claims/:claimId/verdict', summary: 'Record how the policy text bears on the claim', tag: 'claims', body: VerdictPut, response: VerdictBody, write: true },
  { method: 'delete', path: '/api/incidents/:id/claims/:claimId/verdict', summary: 'Remove the verdict', tag: 'claims', status: 204, write: true },
];

/** The claim or a 404 naming it. */
export function claimOr404(ctx: ApiContext, incidentId: string, claimId: string): void {
  if (!claimRow(ctx.db, incidentId, claimId)) throw notFound('claim', claimId, `List the claims with GET /api/incidents/${incidentId}/claims.`);
}

/** Claims, one claim, verdicts. */
export function claimRoutes(ctx: ApiContext): Hono {
  const { db } = ctx;
  return new Hono()
    .get('/:id/claims', valid('param', z.object({ id: z.string() })), (c) => {
      const incident = incidentOr404(ctx, c.req.valid('param').id);
      return c.json(ctx.stats.memo(`claims\u0000${incident.id}`, () => ({ claims: claimSummaries(db, ctx.stats, incident.id) }) satisfies ClaimList));
    })
    .get('/:id/claims/:claimId', valid('param', Params), valid('query', ClaimDetailQuery), (c) => {
      const { id, claimId } = c.req.valid('param');
      incidentOr404(ctx, id);
      const { limit } = c.req.valid('query');
      const detail = ctx.stats.memo(`claim\u0000${id}\u0000${claimId}\u0000${limit}`, () => claimDetail(db, ctx.stats, id, claimId, limit));
      if (!detail) throw notFound('claim', claimId, `List the claims with GET /api/incidents/${id}/claims.`);
      return c.json(detail);
    })
    .put('/:id/claims/:claimId/verdict', valid('param', Params), valid('json', VerdictPut), (c) => {
      const { id, claimId } = c.req.valid('param');
      incidentOr404(ctx, id);
      claimOr404(ctx, id, claimId);
      const body = c.req.valid('json');
      const before = ctx.stats.stampNow();
      const v = setVerdict(db, id, claimId, body.verdict, body.note, ctx.now());
      ctx.stats.keptItemsAfter(before);
      ctx.events.publish({ type: 'incident.changed', incidentId: id, change: 'edited' });
      return c.json({ verdict: v.verdict, note: v.note, at: v.at } satisfies VerdictBody);
    })
    .delete('/:id/claims/:claimId/verdict', valid('param', Params), (c) => {
      const { id, claimId } = c.req.valid('param');
      incidentOr404(ctx, id);
      const before = ctx.stats.stampNow();
      if (!clearVerdict(db, id, claimId)) throw notFound('verdict on claim', claimId);
      ctx.stats.keptItemsAfter(before);
      ctx.events.publish({ type: 'incident.changed', incidentId: id, change: 'edited' });
      return c.body(null, 204);
    });
}
