import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import pkg from '../package.json';
import { citationDocs, citationRoutes } from './api/citations';
import { claimDocs, claimRoutes } from './api/claims';
import { docsPage } from './api/docs';
import type { ApiContext } from './api/context';
import { editDocs, editRoutes } from './api/edits';
import { ApiError, errorResponse } from './api/errors';
import { eventDocs, eventRoutes } from './api/events';
import { exportDocs, exportRoutes } from './api/exports';
import { healthDocs, healthRoutes } from './api/health';
import { importDocs, importRoutes } from './api/import';
import { incidentDocs, incidentRoutes } from './api/incidents';
import { openApiDocument, type RouteDoc } from './api/openapi';
import { policyDocs, policyRoutes } from './api/policies';
import { timelineDocs, timelineRoutes } from './api/timeline';
import { vendorDocs, vendorRoutes } from './api/vendors';
import { allowedHosts, checkHost } from './auth/host';
import { requireTokenForWrites } from './auth/middleware';
import type { EventBus } from './events';
import type { Db } from './store/db';
import { StatsCache } from './store/stats';

export interface AppDeps {
  db: Db;
  events: EventBus;
  /** The bearer token every write needs. */
  token: string;
  /** Origins allowed to call the API from a browser (CORS); none when absent. Default: `CLAIMLINE_CORS_ORIGINS`, comma-separated. */
  corsOrigins?: string[];
  /** Host names the server answers (DNS rebinding protection). Default: loopback names, CLAIMLINE_HOST, CLAIMLINE_ALLOWED_HOSTS. */
  allowedHosts?: string[] | '*';
  /** Largest request body accepted, in bytes (default 10 MiB). */
  maxBodyBytes?: number;
  /** The time now (tests fix it). */
  now?: () => string;
  /** Where unexpected errors and background failures are logged (default console.error). */
  log?: (err: Error) => void;
}

/** The routes the OpenAPI document describes, in order. */
export const ROUTE_DOCS: RouteDoc[] = [
  ...healthDocs,
  ...vendorDocs,
  ...incidentDocs,
  ...importDocs,
  ...timelineDocs,
  ...claimDocs,
  ...editDocs,
  ...policyDocs,
  ...citationDocs,
  ...exportDocs,
  ...eventDocs,
  { method: 'get', path: '/api/openapi.json', summary: 'This OpenAPI document', tag: 'meta' },
  { method: 'get', path: '/api/docs', summary: 'Interactive API documentation', tag: 'meta', produces: 'text/html' },
];

/**
 * A server reads far more than it writes: a larger page cache (SQLite's default is 2 MB) and memory-mapped
 * reads keep timeline pages and claim lookups of a million-item incident off the disk path.
 */
function tuneForReads(db: Db): void {
  if (db.memory) return;
  db.pragma('cache_size = -131072'); // 128 MiB
  db.pragma('mmap_size = 1073741824'); // 1 GiB
  db.pragma('temp_store = MEMORY');
}

/** Builds the Claimline HTTP API. It opens no port: `server/serve.ts` does, and tests call `app.request()`. */
export function createApp(deps: AppDeps): Hono {
  const log = deps.log ?? ((e: Error) => console.error(e));
  tuneForReads(deps.db);
  const ctx: ApiContext = {
    db: deps.db,
    events: deps.events,
    stats: new StatsCache(deps.db),
    now: deps.now ?? (() => new Date().toISOString()),
    background: (name, work) => {
      void work().catch((e: unknown) => log(new Error(`${name} failed: ${(e as Error)?.message ?? String(e)}`)));
    },
  };
  const origins = deps.corsOrigins ?? (process.env.CLAIMLINE_CORS_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const maxBody = deps.maxBodyBytes ?? 10 * 1024 * 1024;

  const app = new Hono();
  app.onError((err, c) => errorResponse(err, c, log));
  app.notFound((c) => {
    return errorResponse(new ApiError(404, 'not_found', `There is no route ${c.req.method} ${new URL(c.req.url).pathname}. The API is described at /api/openapi.json.`), c);
  });
  app.use('*', checkHost(deps.allowedHosts ?? allowedHosts()));
  app.use('*', secureHeaders({ crossOriginResourcePolicy: origins.length ? 'cross-origin' : 'same-origin', contentSecurityPolicy: undefined }));
  if (origins.length) {
    app.use('*', cors({ origin: origins, allowHeaders: ['Authorization', 'Content-Type'], allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], maxAge: 600 }));
  }
  app.use(
    '*',
    bodyLimit({
      maxSize: maxBody,
      onError: () => {
        throw new ApiError(413, 'payload_too_large', `The request body is larger than ${Math.round(maxBody / 1024 / 1024)} MiB. Send less at once.`);
      },
    }),
  );
  app.use('*', requireTokenForWrites(deps.token));

  app.route('/healthz', healthRoutes(ctx, pkg.version));
  app.route('/api/events', eventRoutes(ctx));
  app.route('/api/vendors', vendorRoutes(ctx));
  app.route('/api/import', importRoutes(ctx));
  app.route('/api/incidents', incidentRoutes(ctx));
  app.route('/api/incidents', timelineRoutes(ctx));
  app.route('/api/incidents', claimRoutes(ctx));
  app.route('/api/incidents', editRoutes(ctx));
  app.route('/api/incidents', policyRoutes(ctx));
  app.route('/api/incidents', citationRoutes(ctx));
  app.route('/api/incidents', exportRoutes(ctx));

  const doc = openApiDocument(ROUTE_DOCS, pkg.version);
  app.get('/api/openapi.json', (c) => c.json(doc));
  app.get('/api/docs', docsPage);
  return app;
}
