import { Hono } from 'hono';
import { Health } from '../../shared/api';
import type { ApiContext } from './context';
import type { RouteDoc } from './openapi';

export const healthDocs: RouteDoc[] = [{ method: 'get', path: '/healthz', summary: 'The server is up; its version and schema', tag: 'meta', response: Health }];

/** `GET /healthz` */
export function healthRoutes(ctx: ApiContext, version: string): Hono {
  return new Hono().get('/', (c) => {
    const body: Health = {
      ok: true,
      version,
      schemaVersion: ctx.db.pragma('user_version', { simple: true }) as number,
      incidents: (ctx.db.prepare('SELECT count(*) AS n FROM incidents').get() as { n: number }).n,
    };
    return c.json(body);
  });
}
