import { createHash } from 'node:crypto';
import type { AppBskyFeedDefs } from '@atproto/api';
import type { Provenance } from '../../../shared/types';
import type { StoredItem } from '../../store/items';

/** The parts of an at:// URI. */
export function parseAtUri(uri: string): { did: string; collection: string; rkey: string } | undefined {
  const m = /^at:\/\/([^/]+)\/([^/]+)\/([^/?#]+)$/.exec(uri);
  return m ? { did: m[1]!, collection: m[2]!, rkey: m[3]! } : undefined;
}

/** The item id of a Bluesky post: its record key and a short hash of its author's DID, stable across collections. */
export function itemIdForUri(uri: string): string {
  const p = parseAtUri(uri);
  if (!p) return `bsky-${createHash('sha256').update(uri).digest('hex').slice(0, 16)}`;
  return `bsky-${p.rkey}-${createHash('sha256').update(p.did).digest('hex').slice(0, 6)}`;
}

/** The bsky.app address of a post. */
export function postUrl(handleOrDid: string, uri: string): string | null {
  const p = parseAtUri(uri);
  return p ? `https://bsky.app/profile/${handleOrDid}/post/${p.rkey}` : null;
}

interface PostRecord {
  text?: string;
  createdAt?: string;
  langs?: string[];
  reply?: { parent?: { uri?: string }; root?: { uri?: string } };
  embed?: { $type?: string; record?: { uri?: string; record?: { uri?: string } } };
}

/** The URI of the post a record quotes, if it quotes one. */
export function quotedUri(record: PostRecord): string | null {
  const e = record.embed;
  if (!e) return null;
  if (e.$type === 'app.bsky.embed.record') return e.record?.uri ?? null;
  if (e.$type === 'app.bsky.embed.recordWithMedia') return e.record?.record?.uri ?? null;
  return null;
}

/** `sortAt` as Bluesky's search uses it: the earlier of createdAt and indexedAt. */
export function sortAt(post: AppBskyFeedDefs.PostView): string {
  const created = (post.record as PostRecord).createdAt;
  const c = created ? Date.parse(created) : NaN;
  const i = Date.parse(post.indexedAt);
  if (Number.isNaN(c)) return new Date(i).toISOString();
  return new Date(Math.min(c, i)).toISOString();
}

/** Turns a post view into an item, keeping createdAt (the author's claim) and indexedAt (when Bluesky saw it) apart. */
export function postToItem(post: AppBskyFeedDefs.PostView, provenance: Provenance): StoredItem {
  const record = post.record as PostRecord;
  const parent = record.reply?.parent?.uri;
  const quoted = quotedUri(record);
  const created = record.createdAt && !Number.isNaN(Date.parse(record.createdAt)) ? new Date(record.createdAt).toISOString() : post.indexedAt;
  return {
    id: itemIdForUri(post.uri),
    platform: 'bluesky',
    url: postUrl(post.author.handle && post.author.handle !== 'handle.invalid' ? post.author.handle : post.author.did, post.uri),
    author: { handle: post.author.handle, name: post.author.displayName?.trim() || null },
    createdAt: created,
    text: record.text ?? '',
    replyTo: parent ? itemIdForUri(parent) : null,
    quoteOf: quoted ? itemIdForUri(quoted) : null,
    lang: record.langs?.[0] ?? null,
    sourceId: post.uri,
    indexedAt: post.indexedAt,
    engagement: {
      likes: post.likeCount ?? 0,
      reposts: post.repostCount ?? 0,
      replies: post.replyCount ?? 0,
      quotes: post.quoteCount ?? 0,
    },
    provenance,
    raw: { uri: post.uri, cid: post.cid, author: { did: post.author.did, handle: post.author.handle }, record: post.record, indexedAt: post.indexedAt },
  };
}
