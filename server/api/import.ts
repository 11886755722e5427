import { Hono } from 'hono';
import { BUNDLE_FILES, BundleError, parseBundle } from '../../shared/bundle';
import { BundleImport, type ImportResult } from '../../shared/api';
import { importBundle } from '../bundle/import';
import { analyzeIncident } from '../store/analysis';
import type { ApiContext } from './context';
import { ApiError } from './errors';
import type { RouteDoc } from './openapi';
import { valid } from './validate';

export const importDocs: RouteDoc[] = [
  { method: 'post', path: '/api/import', summary: 'Import an incident bundle: its files by name (all of it or nothing)', tag: 'incidents', body: BundleImport, write: true },
];

/** `POST /api/import`: validates the whole bundle, writes it in one transaction, analyses the incident. */
export function importRoutes(ctx: ApiContext): Hono {
  return new Hono().post('/', valid('json', BundleImport), (c) => {
    const { files } = c.req.valid('json');
    const file = (name: string) => {
      const text = files[name];
      if (text === undefined) throw new ApiError(400, 'invalid_request', `The bundle has no ${name}; a bundle needs incident.json, policies.json and items.jsonl.`);
      return text;
    };
    let bundle;
    try {
      bundle = parseBundle({ incident: file(BUNDLE_FILES.incident), policies: file(BUNDLE_FILES.policies), items: file(BUNDLE_FILES.items), extras: files[BUNDLE_FILES.extras] ?? null });
    } catch (e) {
      if (e instanceof BundleError) throw new ApiError(400, 'invalid_bundle', `The bundle is not valid: ${e.message}. Nothing was written.`);
      throw e;
    }
    const s = importBundle(ctx.db, bundle, ctx.now());
    if (s.itemsAdded || s.policyVersionsAdded || s.editsAdded) analyzeIncident(ctx.db, s.incidentId);
    ctx.events.publish({ type: 'incident.changed', incidentId: s.incidentId, change: 'updated' });
    if (s.itemsAdded) ctx.events.publish({ type: 'items.added', incidentId: s.incidentId, count: s.itemsAdded, itemIds: s.addedIds.slice(0, 1000) });
    const result: ImportResult = {
      incidentId: s.incidentId,
      itemsAdded: s.itemsAdded,
      itemsExisting: s.itemsExisting,
      policyVersionsAdded: s.policyVersionsAdded,
      editsAdded: s.editsAdded,
    };
    return c.json(result, s.itemsAdded ? 201 : 200);
  });
}
