import { Hono } from 'hono';
import { z } from 'zod';
import { EditList, EditResult, OverrideSchema } from '../../shared/api';
import type { Override } from '../../shared/types';
import { claimRow } from '../store/claims';
import { applyEdit, deleteEdit, listEdits, recordEdit } from '../store/curation';
import { analyzeIncident } from '../store/analysis';
import { findItemId } from '../store/items';
import type { ApiContext } from './context';
import { ApiError, notFound } from './errors';
import { incidentOr404 } from './incidents';
import type { RouteDoc } from './openapi';
import { valid } from './validate';

/** Above this many items an edit is applied at once and the full re-analysis is left to POST /analyze. */
const REANALYZE_MAX_ITEMS = 50_000;

export const editDocs: RouteDoc[] = [
  { method: 'get', path: '/api/incidents/:id/edits', summary: 'The analyst\u2019s edits, oldest first', tag: 'curation', response: EditList },
  {
    method: 'post',
    path: '/api/incidents/:id/edits',
    summary: 'Record an edit: role, move, pin, unpin, merge, split, rename, confirm or reject a policy link; kept over re-analysis',
    tag: 'curation',
    body: OverrideSchema,
    response: EditResult,
    status: 201,
    write: true,
  },
  { method: 'delete', path: '/api/incidents/:id/edits/:editId', summary: 'Undo an edit (it no longer applies on the next analysis)', tag: 'curation', status: 204, write: true },
];

function checkRefs(ctx: ApiContext, incidentId: string, e: Override): void {
  const item = (id: string) => {
    if (!findItemId(ctx.db, incidentId, { id })) throw notFound('item', id, `It is not in incident "${incidentId}".`);
  };
  const claim = (id: string) => {
    if (!claimRow(ctx.db, incidentId, id)) throw notFound('claim', id, `List the claims with GET /api/incidents/${incidentId}/claims.`);
  };
  switch (e.kind) {
    case 'role':
      return item(e.item);
    case 'move':
      item(e.item);
      if (e.claim !== null) claim(e.claim);
      return;
    case 'pin':
    case 'unpin':
      item(e.item);
      return claim(e.claim);
    case 'merge':
      claim(e.into);
      return e.claims.forEach(claim);
    case 'split':
      claim(e.claim);
      e.items.forEach(item);
      if (claimRow(ctx.db, incidentId, e.newClaim)) throw new ApiError(409, 'conflict', `A claim "${e.newClaim}" exists already; choose another id for the new claim.`);
      return;
    case 'rename':
      return claim(e.claim);
    case 'link': {
      claim(e.claim);
      if (!/^.+#.+$/.test(e.section)) throw new ApiError(400, 'invalid_request', `"${e.section}" is not a section reference; write it as <policyId>#<sectionId>.`);
      return;
    }
  }
}

/** Curation: the analyst's edits, applied at once and kept over re-analysis. */
export function editRoutes(ctx: ApiContext): Hono {
  const { db } = ctx;
  return new Hono()
    .get('/:id/edits', valid('param', z.object({ id: z.string() })), (c) => {
      const incident = incidentOr404(ctx, c.req.valid('param').id);
      return c.json({ edits: listEdits(db, incident.id) } as EditList);
    })
    .post('/:id/edits', valid('param', z.object({ id: z.string() })), valid('json', OverrideSchema), async (c) => {
      const incident = incidentOr404(ctx, c.req.valid('param').id);
      const edit = c.req.valid('json') as Override;
      checkRefs(ctx, incident.id, edit);
      // Labels, link statuses and unpinning change no membership: the item stats survive them.
      const membership = !['rename', 'link', 'unpin'].includes(edit.kind);
      const before = ctx.stats.stampNow();
      const record = db.transaction(() => {
        const r = recordEdit(db, incident.id, edit, ctx.now());
        applyEdit(db, incident.id, edit);
        return r;
      })();
      if (!membership) ctx.stats.keptItemsAfter(before);
      let reanalyzed = false;
      if (ctx.stats.get(incident.id).total <= REANALYZE_MAX_ITEMS) {
        analyzeIncident(db, incident.id);
        reanalyzed = true;
      }
      ctx.events.publish({ type: 'incident.changed', incidentId: incident.id, change: 'edited' });
      const claims = (db.prepare('SELECT count(*) AS n FROM claims WHERE incident_id = ?').get(incident.id) as { n: number }).n;
      ctx.events.publish({ type: 'analysis.updated', incidentId: incident.id, claims, full: reanalyzed });
      return c.json({ edit: record, reanalyzed } as EditResult, 201);
    })
    .delete('/:id/edits/:editId', valid('param', z.object({ id: z.string(), editId: z.coerce.number().int() })), async (c) => {
      const { id, editId } = c.req.valid('param');
      incidentOr404(ctx, id);
      if (!deleteEdit(db, id, editId)) throw notFound('edit', String(editId), `List the edits with GET /api/incidents/${id}/edits.`);
      if (ctx.stats.get(id).total <= REANALYZE_MAX_ITEMS) analyzeIncident(db, id);
      ctx.events.publish({ type: 'incident.changed', incidentId: id, change: 'edited' });
      return c.body(null, 204);
    });
}
