import type { EventBus } from '../events';
import type { Db } from '../store/db';
import type { StatsCache } from '../store/stats';

/** What route files need: the store, the event bus, and the shared stats cache. */
export interface ApiContext {
  db: Db;
  events: EventBus;
  stats: StatsCache;
  /** The time now, ISO 8601 (tests fix it). */
  now: () => string;
  /** Runs work after the response is sent (collection, long analyses). */
  background: (name: string, work: () => Promise<void>) => void;
}
