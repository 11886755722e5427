import type { JobAccepted } from '../../shared/api';
import { CollectionRunningError, runCollection } from '../collect/run';
import type { ApiContext } from './context';
import { ApiError } from './errors';

const running = new Set<string>();

/**
 * Starts collecting an incident in the background; the collector announces `collect.progress`, `items.added`
 * and `policy.changed` on the event bus, and places new items into the analysis as they arrive.
 */
export function startCollection(ctx: ApiContext, incidentId: string, opts: { sources?: string[]; wayback?: boolean } = {}): JobAccepted {
  if (running.has(incidentId)) throw new ApiError(409, 'conflict', `"${incidentId}" is being collected already; follow it on /api/events.`);
  running.add(incidentId);
  ctx.background(`collect ${incidentId}`, async () => {
    try {
      const summary = await runCollection(ctx.db, incidentId, { events: ctx.events, ...opts });
      ctx.events.publish({ type: 'collect.progress', incidentId, source: '*', found: summary.found, added: summary.added, done: true, ...(summary.failed ? { error: `${summary.failed} source(s) failed; see the collect.progress events before this one.` } : {}) });
    } catch (e) {
      const message = e instanceof CollectionRunningError ? (e as Error).message : `Collecting stopped: ${(e as Error).message}`;
      ctx.events.publish({ type: 'collect.progress', incidentId, source: '*', found: 0, added: 0, done: true, error: message });
    } finally {
      running.delete(incidentId);
    }
  });
  return { accepted: true, incidentId, job: 'collect', message: `Collecting "${incidentId}"; progress is announced on /api/events as collect.progress (source "*" when all is done).` };
}
