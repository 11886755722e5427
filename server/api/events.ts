import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { EventsQuery } from '../../shared/api';
import type { ClaimlineEvent } from '../events';
import type { ApiContext } from './context';
import type { RouteDoc } from './openapi';
import { valid } from './validate';

export const eventDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/events',
    summary: 'Server-Sent Events: items.added, analysis.updated, policy.changed, collect.progress, incident.changed',
    tag: 'events',
    query: EventsQuery,
    produces: 'text/event-stream',
  },
];

/** How often an idle stream sends a comment, so proxies and clients keep it open. */
const HEARTBEAT_MS = 15_000;

/** `GET /api/events`: the event bus as Server-Sent Events. */
export function eventRoutes(ctx: ApiContext): Hono {
  return new Hono().get('/', valid('query', EventsQuery), (c) => {
    const { incident } = c.req.valid('query');
    return streamSSE(c, async (s) => {
      const queue: ClaimlineEvent[] = [];
      let wake: (() => void) | null = null;
      const unsubscribe = ctx.events.subscribe((e) => {
        if (incident && e.incidentId !== incident) return;
        queue.push(e);
        wake?.();
      });
      let closed = false;
      s.onAbort(() => {
        closed = true;
        wake?.();
      });
      let id = 0;
      try {
        await s.write(': connected\n\n');
        while (!closed) {
          while (queue.length && !closed) {
            const e = queue.shift()!;
            await s.writeSSE({ event: e.type, data: JSON.stringify(e), id: String(++id) });
          }
          if (closed) break;
          const timer = new Promise<void>((resolve) => {
            wake = resolve;
            setTimeout(resolve, HEARTBEAT_MS).unref?.();
          });
          await timer;
          wake = null;
          if (!queue.length && !closed) await s.write(': keep-alive\n\n');
        }
      } finally {
        unsubscribe();
      }
    });
  });
}
