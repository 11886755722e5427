import type { SourceConfig, SourceRecord } from '../../shared/types';
import type { EventBus } from '../events';
import { placeNewItems } from '../store/analysis';
import { loadCheckpoint, recordFetchError, saveCheckpoint } from '../store/collect-state';
import type { Db } from '../store/db';
import { getIncident } from '../store/incidents';
import { insertItems, type StoredItem } from '../store/items';
import { listSources } from '../store/sources';
import { collectAccount } from './bluesky/account';
import { BlueskyAuthError, BlueskyClient, blueskyConfigFromEnv, type BlueskyConfig } from './bluesky/client';
import { collectSearch, type SearchOptions } from './bluesky/search';
import type { StageContext } from './context';
import { collectFeed } from './feeds/feed';
import { AbortedError, FetchError } from './net/errors';
import { collectPage } from './pages/page';
import { collectPolicy } from './policies/policy';

/** Counts for one source, announced as it goes. */
export interface CollectProgress {
  incidentId: string;
  /** The source's id. */
  source: string;
  kind: SourceConfig['kind'];
  /** What the source points at (a query, a handle, a URL). */
  label: string;
  found: number;
  added: number;
  done: boolean;
  error?: string;
  /** Something worth telling while it runs (a wait for a rate limit, a sign-in). */
  note?: string;
}

export interface SourceSummary {
  id: string;
  kind: SourceConfig['kind'];
  label: string;
  found: number;
  added: number;
  /** Policy versions stored in this run. */
  versions?: number;
  error?: string;
  /** Whether the failure may pass by itself (a time-out, a rate limit), so a later run may succeed. */
  transient?: boolean;
}

export interface CollectSummary {
  incidentId: string;
  startedAt: string;
  finishedAt: string;
  found: number;
  added: number;
  sources: SourceSummary[];
  /** Sources that failed. */
  failed: number;
  /** Whether the run was stopped before the end (its checkpoints are kept; the next run resumes). */
  stopped: boolean;
}

export interface CollectOptions {
  events?: EventBus;
  onProgress?: (p: CollectProgress) => void;
  signal?: AbortSignal;
  /** Only these source ids (default all the incident's sources). */
  sources?: string[];
  /** Read past versions of policy documents from the Wayback Machine. */
  wayback?: boolean;
  waybackBase?: string;
  /** Bluesky settings (default from the environment). */
  bluesky?: BlueskyConfig;
  search?: SearchOptions;
  /** Place new items into the analysis as they arrive (default true). */
  analyze?: boolean;
  /** Least time between two incremental analyses while items arrive, ms (default 3000). */
  analyzeEveryMs?: number;
  now?: () => string;
}

/** The incident is being collected already (by this process). */
export class CollectionRunningError extends Error {
  override name = 'CollectionRunningError';
}

const running = new Set<string>();

/** What a source points at, for messages. */
export function sourceLabel(c: SourceConfig): string {
  switch (c.kind) {
    case 'bluesky-search':
      return `"${c.query}"`;
    case 'bluesky-account':
      return c.handle;
    case 'policy':
      return `${c.id} (${c.url})`;
    default:
      return c.url;
  }
}

/**
 * Collects an incident from its sources, one after the other: stores what is new (duplicates are dropped by id,
 * URL and source id), checkpoints each page with what it stored so a stopped run resumes there, places new items
 * into the analysis, and announces `items.added`, `collect.progress` and `policy.changed`. A failing source is
 * recorded in fetch_errors and the others go on; a stop (the signal) ends the run with its checkpoints kept.
 */
export async function runCollection(db: Db, incidentId: string, opts: CollectOptions = {}): Promise<CollectSummary> {
  const incident = getIncident(db, incidentId);
  if (!incident) throw new Error(`There is no incident "${incidentId}". List them with \`claimline incidents\`, or import a bundle first.`);
  if (running.has(incidentId)) throw new CollectionRunningError(`"${incidentId}" is being collected already; wait for that run to finish.`);
  running.add(incidentId);
  const now = opts.now ?? (() => new Date().toISOString());
  const summary: CollectSummary = { incidentId, startedAt: now(), finishedAt: '', found: 0, added: 0, sources: [], failed: 0, stopped: false };
  const analyzer = new AnalysisFeed(db, incidentId, opts);
  let client: BlueskyClient | undefined;
  let blueskyStop: Error | undefined;
  try {
    const sources = listSources(db, incidentId).filter((s) => !opts.sources || opts.sources.includes(s.id));
    for (const src of sources) {
      if (opts.signal?.aborted) {
        summary.stopped = true;
        break;
      }
      const s: SourceSummary = { id: src.id, kind: src.config.kind, label: sourceLabel(src.config), found: 0, added: 0 };
      summary.sources.push(s);
      const progress = (extra: Partial<CollectProgress> = {}) => {
        const p: CollectProgress = { incidentId, source: src.id, kind: s.kind, label: s.label, found: s.found, added: s.added, done: false, ...extra };
        opts.onProgress?.(p);
        opts.events?.publish({ type: 'collect.progress', incidentId, source: src.id, found: p.found, added: p.added, done: p.done, ...(p.error ? { error: p.error } : {}) });
      };
      const onPage = (found: number, added: number) => {
        s.found += found;
        s.added += added;
        summary.found += found;
        summary.added += added;
        progress();
      };
      try {
        const isBluesky = src.config.kind === 'bluesky-search' || src.config.kind === 'bluesky-account';
        if (isBluesky && blueskyStop) throw blueskyStop;
        if (isBluesky) {
          client ??= new BlueskyClient(opts.bluesky ?? blueskyConfigFromEnv(), opts.signal, (n) =>
            progress({
              note:
                n.kind === 'signed-in'
                  ? `Signed in to ${n.service} as ${n.identifier}.`
                  : n.status === 200
                    ? `Bluesky's rate limit is used up; waiting ${Math.ceil(n.waitMs / 1000)} s for it to reset.`
                    : `Bluesky answered HTTP ${n.status}; waiting ${Math.ceil(n.waitMs / 1000)} s before trying again.`,
            }),
          );
        }
        await runSource(db, src, incident.id, {
          ...opts,
          now,
          client,
          onPage,
          note: (m) => progress({ note: m }),
          analyzer,
          versions: (n) => (s.versions = (s.versions ?? 0) + n),
        });
        analyzer.flush();
        progress({ done: true });
      } catch (e) {
        analyzer.flush();
        if (e instanceof AbortedError) {
          summary.stopped = true;
          progress({ done: true, error: e.message });
          break;
        }
        if (e instanceof BlueskyAuthError) blueskyStop = e;
        const message = e instanceof Error ? e.message : String(e);
        s.error = message;
        s.transient = e instanceof FetchError ? e.transient : false;
        summary.failed++;
        recordFetchError(db, incidentId, { sourceKey: src.id, url: e instanceof FetchError ? e.url : urlOf(src.config), message, transient: s.transient }, now());
        progress({ done: true, error: message });
      }
    }
  } finally {
    running.delete(incidentId);
  }
  summary.finishedAt = now();
  return summary;
}

function urlOf(c: SourceConfig): string | null {
  return 'url' in c ? c.url : null;
}

interface RunSourceOptions extends CollectOptions {
  now: () => string;
  client: BlueskyClient | undefined;
  onPage: (found: number, added: number) => void;
  note: (m: string) => void;
  analyzer: AnalysisFeed;
  versions: (n: number) => void;
}

async function runSource(db: Db, src: SourceRecord, incidentId: string, o: RunSourceOptions): Promise<void> {
  const incident = getIncident(db, incidentId)!;
  const ctx: StageContext<unknown> = {
    incident,
    sourceId: src.id,
    state: loadCheckpoint(db, incidentId, src.id),
    ...(o.signal ? { signal: o.signal } : {}),
    now: o.now,
    commit: (items: StoredItem[], state: unknown) => {
      const added = db.transaction(() => {
        const r = items.length ? insertItems(db, incidentId, items) : { added: [] as string[] };
        saveCheckpoint(db, incidentId, src.id, state, o.now());
        return r.added;
      })();
      if (added.length) {
        o.events?.publish({ type: 'items.added', incidentId, count: added.length, itemIds: added });
        o.analyzer.add(added);
      }
      return added;
    },
    recordError: (url, message, transient) => recordFetchError(db, incidentId, { sourceKey: src.id, url, message, transient }, o.now()),
    note: o.note,
  };
  const c = src.config;
  switch (c.kind) {
    case 'bluesky-search':
      return collectSearch(ctx as never, o.client!, c.query, o.search ?? {}, o.onPage);
    case 'bluesky-account':
      return collectAccount(ctx as never, o.client!, c.handle.replace(/^@/, ''), o.search ?? {}, o.onPage);
    case 'feed':
      return collectFeed(ctx as never, c.url, o.onPage);
    case 'page':
      return collectPage(ctx as never, c.url, o.onPage);
    case 'policy': {
      const r = await collectPolicy(db, ctx as never, c, { ...(o.wayback ? { wayback: true } : {}), ...(o.waybackBase ? { waybackBase: o.waybackBase } : {}) });
      o.versions(r.versions.length);
      for (const v of r.versions) o.events?.publish({ type: 'policy.changed', incidentId, documentId: c.id, retrievedAt: v.retrievedAt });
      o.onPage(0, 0);
      return;
    }
  }
}

/** Hands new items to the incremental analysis, at most every few seconds while they pour in. */
class AnalysisFeed {
  private pending: string[] = [];
  private last = 0;
  constructor(
    private readonly db: Db,
    private readonly incidentId: string,
    private readonly opts: CollectOptions,
  ) {}

  add(ids: string[]): void {
    if (this.opts.analyze === false) return;
    this.pending.push(...ids);
    if (Date.now() - this.last >= (this.opts.analyzeEveryMs ?? 3000)) this.flush();
  }

  flush(): void {
    if (!this.pending.length) return;
    const ids = this.pending;
    this.pending = [];
    this.last = Date.now();
    // The analysis is the analysis' business: a failure there must not lose what was collected (it is stored).
    try {
      const analysis = placeNewItems(this.db, this.incidentId, ids);
      if (analysis) this.opts.events?.publish({ type: 'analysis.updated', incidentId: this.incidentId, claims: analysis.claims.length, full: false });
    } catch (e) {
      recordFetchError(this.db, this.incidentId, { sourceKey: 'analysis', url: null, message: `Placing new items into the analysis failed: ${(e as Error).message}`, transient: false });
    }
  }
}
