import type { JobAccepted } from '../../shared/api';
import type { EventBus } from '../events';
import type { Db } from '../store/db';
import type { ApiContext } from './context';
import { ApiError } from './errors';

type RunCollection = (db: Db, incidentId: string, opts: { events: EventBus; signal?: AbortSignal }) => Promise<unknown>;

let runner: Promise<RunCollection | null> | null = null;

/** The collector's entry point (server/collect), or null while it is not part of this build. */
function collector(): Promise<RunCollection | null> {
  runner ??= (async () => {
    for (const spec of ['../collect/index', '../collect/run']) {
      try {
        const m = (await import(/* @vite-ignore */ spec)) as { runCollection?: RunCollection };
        if (typeof m.runCollection === 'function') return m.runCollection;
      } catch {
        // not there
      }
    }
    return null;
  })();
  return runner;
}

const running = new Set<string>();

/** Starts collecting an incident in the background; progress goes out as `collect.progress` events. */
export function startCollection(ctx: ApiContext, incidentId: string): JobAccepted {
  if (running.has(incidentId)) throw new ApiError(409, 'conflict', `A collection of "${incidentId}" is running already; follow it on /api/events.`);
  running.add(incidentId);
  ctx.background(`collect ${incidentId}`, async () => {
    try {
      const run = await collector();
      if (!run) {
        ctx.events.publish({ type: 'collect.progress', incidentId, source: '*', found: 0, added: 0, done: true, error: 'Collection is not part of this build.' });
        return;
      }
      await run(ctx.db, incidentId, { events: ctx.events });
    } catch (e) {
      ctx.events.publish({ type: 'collect.progress', incidentId, source: '*', found: 0, added: 0, done: true, error: (e as Error).message });
    } finally {
      running.delete(incidentId);
    }
  });
  return { accepted: true, incidentId, job: 'collect', message: `Collecting "${incidentId}"; progress is announced on /api/events as collect.progress.` };
}
