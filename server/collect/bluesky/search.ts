import type { AppBskyFeedDefs } from '@atproto/api';
import type { StageContext } from '../context';
import type { BlueskyClient } from './client';
import { expandPosts, queueExpansions, type ExpandOptions, type PendingExpansion } from './expand';
import { postToItem, sortAt } from './map';

/** A time window [since, until) in ISO 8601. */
export interface TimeWindow {
  since: string;
  until: string;
}

/** Where a search pass stands: windows still to read, and the cursor inside the first of them. */
export interface SearchState {
  pass: {
    startedAt: string;
    /** Windows still to read; the last one is being read. */
    pending: TimeWindow[];
    cursor: string | null;
    /** Results read so far in the current window, and the oldest sortAt among them when the results came newest first. */
    fetched: number;
    oldest: string | null;
    newestFirst: boolean;
  } | null;
  /** Posts found but whose threads and quotes are not read yet. */
  expand: PendingExpansion[];
  lastCompleteAt: string | null;
  /** Windows split past the cap so far (for the summary and the tests). */
  splits: number;
}

export interface SearchOptions extends ExpandOptions {
  /** Posts per page (max 100). */
  pageSize?: number;
  /** Results one query is assumed to reach at most; a window that reaches it is split (default 1000). */
  cap?: number;
  /** The shortest window that is still split (default 1 minute). */
  minWindowMs?: number;
}

/** The window the incident asks for, ending now if the incident is still going on. */
export function incidentWindow(start: string, end: string, now: string): TimeWindow {
  const until = Date.parse(end) > Date.parse(now) ? now : new Date(end).toISOString();
  return { since: new Date(start).toISOString(), until };
}

/**
 * Reads `searchPosts` for a query over the incident's window, newest first. When a window has more results than
 * one query can page through (the AppView's cap, seen as `hitsTotal` beyond what paging reached, or `cap` results),
 * it is split in time: below the oldest result read when results came newest first, else in halves. Each page is
 * stored with its checkpoint, so a stopped run resumes at the same page.
 */
export async function collectSearch(
  ctx: StageContext<SearchState>,
  client: BlueskyClient,
  query: string,
  opts: SearchOptions = {},
  onPage?: (found: number, added: number) => void,
): Promise<void> {
  const pageSize = Math.min(opts.pageSize ?? 100, 100);
  const cap = opts.cap ?? 1000;
  const minWindowMs = opts.minWindowMs ?? 60_000;
  const window = incidentWindow(ctx.incident.start, ctx.incident.end, ctx.now());
  const state: SearchState = ctx.state ?? { pass: null, expand: [], lastCompleteAt: null, splits: 0 };
  state.expand ??= [];
  state.splits ??= 0;

  // Threads and quotes left over from a stopped run come first.
  if (state.expand.length) await expandPosts(ctx, client, state, opts, onPage);

  if (!state.pass) {
    state.pass = { startedAt: ctx.now(), pending: [window], cursor: null, fetched: 0, oldest: null, newestFirst: true };
  }
  const pass = state.pass;
  while (pass.pending.length) {
    const w = pass.pending[pass.pending.length - 1]!;
    const res = await client
      .call(`search for "${query}"`, (agent) =>
        agent.app.bsky.feed.searchPosts(
          { q: query, sort: 'latest', since: w.since, until: w.until, limit: pageSize, ...(pass.cursor ? { cursor: pass.cursor } : {}) },
          ctx.signal ? { signal: ctx.signal } : {},
        ),
      )
      .catch((e: unknown) => {
        // Paging too deep is refused with 400 by some AppViews: that is the cap.
        if (pass.cursor && e instanceof Error && /HTTP 400/.test(e.message)) return null;
        throw e;
      });
    const posts: AppBskyFeedDefs.PostView[] = res?.data.posts ?? [];
    const inWindow = posts.filter((p) => {
      const t = sortAt(p);
      return t >= window.since && t < window.until;
    });
    for (const p of posts) {
      const t = sortAt(p);
      if (pass.oldest && t > pass.oldest) pass.newestFirst = false;
      if (!pass.oldest || t < pass.oldest) pass.oldest = t;
    }
    pass.fetched += posts.length;
    const provenance = { source: 'bluesky-search', query, window: { since: w.since, until: w.until }, collectedAt: ctx.now() };
    const items = inWindow.map((p) => postToItem(p, provenance));
    await fillNames(client, items);
    const nextCursor = res?.data.cursor && posts.length > 0 ? res.data.cursor : null;
    if (nextCursor) pass.cursor = nextCursor;
    else {
      // The window is read as far as the AppView lets us; split it if results were left behind.
      const hits = res?.data.hitsTotal;
      const capped = (typeof hits === 'number' && hits > pass.fetched) || pass.fetched >= cap || res === null;
      pass.pending.pop();
      if (capped) {
        const parts = splitWindow(w, pass.newestFirst ? pass.oldest : null, minWindowMs);
        if (parts.length) {
          pass.pending.push(...parts);
          state.splits++;
        } else {
          ctx.recordError(null, `Search for "${query}" between ${w.since} and ${w.until} has more results than the AppView pages through, in a window too short to split; some posts may be missing.`, false);
        }
      }
      pass.cursor = null;
      pass.fetched = 0;
      pass.oldest = null;
      pass.newestFirst = true;
    }
    queueExpansions(state.expand, inWindow);
    const added = ctx.commit(items, state);
    onPage?.(items.length, added.length);
    await expandPosts(ctx, client, state, opts, onPage);
  }
  state.pass = null;
  state.lastCompleteAt = ctx.now();
  ctx.commit([], state);
}

/**
 * Splits a capped window. When results came newest first, everything from the oldest result read to the end is
 * read already: what remains is [since, oldest], read as one window. Otherwise, two halves (older one read last).
 */
export function splitWindow(w: TimeWindow, oldestRead: string | null, minWindowMs: number): TimeWindow[] {
  const a = Date.parse(w.since);
  const b = Date.parse(w.until);
  if (oldestRead) {
    // +1 ms: posts sharing the oldest time are read again rather than lost; duplicates are dropped on insert.
    const o = Date.parse(oldestRead) + 1;
    if (o > a && o < b && o - a >= 1) return [{ since: w.since, until: new Date(o).toISOString() }];
  }
  if (b - a < 2 * minWindowMs) return [];
  const m = a + Math.floor((b - a) / 2);
  return [
    { since: new Date(a).toISOString(), until: new Date(m).toISOString() },
    { since: new Date(m).toISOString(), until: new Date(b).toISOString() },
  ];
}

/** Fills in display names the post views lacked, from the authors' profiles. */
export async function fillNames(client: BlueskyClient, items: { author: { handle: string; name?: string | null }; raw?: unknown }[]): Promise<void> {
  const missing = [...new Set(items.filter((i) => !i.author.name).map((i) => (i.raw as { author: { did: string } }).author.did))];
  const names = new Map<string, string>();
  for (let i = 0; i < missing.length; i += 25) {
    const res = await client
      .call('profiles', (agent) => agent.app.bsky.actor.getProfiles({ actors: missing.slice(i, i + 25) }))
      .catch(() => null);
    for (const p of res?.data.profiles ?? []) if (p.displayName?.trim()) names.set(p.did, p.displayName.trim());
  }
  for (const it of items) {
    const did = (it.raw as { author: { did: string } }).author.did;
    if (!it.author.name && names.has(did)) it.author.name = names.get(did)!;
  }
}
