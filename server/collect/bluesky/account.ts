import type { StageContext } from '../context';
import type { BlueskyClient } from './client';
import { expandPosts, queueExpansions, type ExpandOptions, type PendingExpansion } from './expand';
import { postToItem } from './map';
import { incidentWindow } from './search';

/** Where reading an account's feed stands. */
export interface AccountState {
  pass: { startedAt: string; cursor: string | null } | null;
  expand: PendingExpansion[];
  lastCompleteAt: string | null;
  did?: string;
  name?: string | null;
}

/**
 * Reads the posts and replies of one of the vendor's accounts within the incident's window (`getAuthorFeed`, newest
 * first, until it passes the window's start), with its profile's display name, then their threads and quotes.
 */
export async function collectAccount(
  ctx: StageContext<AccountState>,
  client: BlueskyClient,
  handle: string,
  opts: ExpandOptions = {},
  onPage?: (found: number, added: number) => void,
): Promise<void> {
  const window = incidentWindow(ctx.incident.start, ctx.incident.end, ctx.now());
  const state: AccountState = ctx.state ?? { pass: null, expand: [], lastCompleteAt: null };
  state.expand ??= [];
  if (state.expand.length) await expandPosts(ctx, client, state, opts, onPage);
  const profile = await client.call(`profile of ${handle}`, (agent) => agent.app.bsky.actor.getProfile({ actor: handle }));
  state.did = profile.data.did;
  state.name = profile.data.displayName?.trim() || null;
  state.pass ??= { startedAt: ctx.now(), cursor: null };
  const pass = state.pass;
  for (;;) {
    const res = await client.call(`posts of ${handle}`, (agent) =>
      agent.app.bsky.feed.getAuthorFeed(
        { actor: profile.data.did, filter: 'posts_with_replies', limit: 100, ...(pass.cursor ? { cursor: pass.cursor } : {}) },
        ctx.signal ? { signal: ctx.signal } : {},
      ),
    );
    const provenance = { source: 'bluesky-account', query: handle, window, collectedAt: ctx.now() };
    // Reposts of others' posts are the account's reading, not its statements.
    const own = res.data.feed.filter((f) => !f.reason && f.post.author.did === profile.data.did).map((f) => f.post);
    const inWindow = own.filter((p) => {
      const t = Date.parse((p.record as { createdAt?: string }).createdAt ?? p.indexedAt);
      return t >= Date.parse(window.since) && t < Date.parse(window.until);
    });
    const items = inWindow.map((p) => postToItem(p, provenance));
    for (const it of items) it.author.name ??= state.name ?? null;
    // The feed is newest first: once a page ends before the window, the rest is older still.
    const times = own.map((p) => Date.parse((p.record as { createdAt?: string }).createdAt ?? p.indexedAt)).filter((t) => !Number.isNaN(t));
    const oldest = times.length ? Math.min(...times) : null;
    const more = !!res.data.cursor && res.data.feed.length > 0 && !(oldest !== null && oldest < Date.parse(window.since));
    pass.cursor = more ? res.data.cursor! : null;
    queueExpansions(state.expand, inWindow);
    const added = ctx.commit(items, state);
    onPage?.(items.length, added.length);
    await expandPosts(ctx, client, state, opts, onPage);
    if (!more) break;
  }
  state.pass = null;
  state.lastCompleteAt = ctx.now();
  ctx.commit([], state);
}
