import type { AppBskyFeedDefs } from '@atproto/api';
import type { StoredItem } from '../../store/items';
import type { StageContext } from '../context';
import type { BlueskyClient } from './client';
import { postToItem } from './map';

export interface ExpandOptions {
  /** Read the thread around each post found (default true). */
  threads?: boolean;
  /** Read the posts quoting each post found (default true). */
  quotes?: boolean;
  /** Reply depth read below a post (default 10). */
  depth?: number;
  /** Pages of quotes read per post (default 10). */
  quotePages?: number;
}

interface ThreadNode {
  post: AppBskyFeedDefs.PostView;
  parent?: unknown;
  replies?: unknown[];
}

// Blocked and deleted posts appear as nodes without a post view; they carry nothing to store.
function isThreadNode(n: unknown): n is ThreadNode {
  return !!n && typeof n === 'object' && typeof (n as ThreadNode).post?.uri === 'string';
}

/** Every post view in a thread: the parents up to the root, the post, and all replies read. */
export function flattenThread(node: unknown, out: AppBskyFeedDefs.PostView[] = [], seen = new Set<string>()): AppBskyFeedDefs.PostView[] {
  if (!isThreadNode(node)) return out;
  if (!seen.has(node.post.uri)) {
    seen.add(node.post.uri);
    out.push(node.post);
  }
  // Walk up without walking back down the parents' other replies.
  let parent: unknown = node.parent;
  while (isThreadNode(parent)) {
    if (!seen.has(parent.post.uri)) {
      seen.add(parent.post.uri);
      out.push(parent.post);
    }
    parent = parent.parent;
  }
  for (const r of node.replies ?? []) flattenReplies(r, out, seen);
  return out;
}

function flattenReplies(node: unknown, out: AppBskyFeedDefs.PostView[], seen: Set<string>): void {
  if (!isThreadNode(node)) return;
  if (!seen.has(node.post.uri)) {
    seen.add(node.post.uri);
    out.push(node.post);
  }
  for (const r of node.replies ?? []) flattenReplies(r, out, seen);
}

/** A post whose surroundings are still to be read, and which of them it has. */
export interface PendingExpansion {
  uri: string;
  thread: boolean;
  quotes: boolean;
}

/**
 * What is worth reading around a post: its thread when it is a reply or has replies, its quotes when it has been
 * quoted (an AppView that gives no counts gets both read).
 */
export function expansionFor(post: AppBskyFeedDefs.PostView): PendingExpansion | null {
  const isReply = !!(post.record as { reply?: unknown }).reply;
  const thread = isReply || post.replyCount === undefined || post.replyCount > 0;
  const quotes = post.quoteCount === undefined || post.quoteCount > 0;
  return thread || quotes ? { uri: post.uri, thread, quotes } : null;
}

/** Queues the posts' expansions, once each. */
export function queueExpansions(queue: PendingExpansion[], posts: AppBskyFeedDefs.PostView[]): void {
  for (const p of posts) {
    const e = expansionFor(p);
    if (e && !queue.some((q) => q.uri === e.uri)) queue.push(e);
  }
}

/**
 * Reads the thread and the quotes of each post waiting in `state.expand`, storing what it finds with the checkpoint
 * that no longer lists the post, so a stopped run picks up at the next post.
 */
export async function expandPosts<S extends { expand: PendingExpansion[] }>(
  ctx: StageContext<S>,
  client: BlueskyClient,
  state: S,
  opts: ExpandOptions,
  onPage?: (found: number, added: number) => void,
): Promise<void> {
  while (state.expand.length) {
    const next = state.expand[0]!;
    const uri = next.uri;
    const items: StoredItem[] = [];
    const collectedAt = ctx.now();
    if (opts.threads !== false && next.thread) {
      const res = await client
        .call('thread', (agent) =>
          agent.app.bsky.feed.getPostThread({ uri, depth: opts.depth ?? 10, parentHeight: 50 }, ctx.signal ? { signal: ctx.signal } : {}),
        )
        .catch((e: unknown) => notFound(e, ctx, uri));
      if (res) {
        const provenance = { source: 'bluesky-thread', query: uri, collectedAt };
        for (const p of flattenThread(res.data.thread)) items.push(postToItem(p, provenance));
      }
    }
    if (opts.quotes !== false && next.quotes) {
      let cursor: string | undefined;
      for (let page = 0; page < (opts.quotePages ?? 10); page++) {
        const res = await client
          .call('quotes', (agent) =>
            agent.app.bsky.feed.getQuotes({ uri, limit: 100, ...(cursor ? { cursor } : {}) }, ctx.signal ? { signal: ctx.signal } : {}),
          )
          .catch((e: unknown) => notFound(e, ctx, uri));
        if (!res) break;
        const provenance = { source: 'bluesky-quotes', query: uri, collectedAt };
        for (const p of res.data.posts) items.push(postToItem(p, provenance));
        cursor = res.data.cursor;
        if (!cursor || res.data.posts.length === 0) break;
      }
    }
    state.expand.shift();
    const added = ctx.commit(items, state);
    onPage?.(items.length, added.length);
  }
}

// A deleted or hidden post is not a failure of the run: note it and go on. Other failures stop the source.
function notFound<S>(e: unknown, ctx: StageContext<S>, uri: string): null {
  if (e instanceof Error && /HTTP 400|NotFound/i.test(e.message)) {
    ctx.recordError(uri, `Could not read the thread or quotes of ${uri}: ${e.message}`, false);
    return null;
  }
  throw e;
}
