import * as cheerio from 'cheerio';
import Parser from 'rss-parser';
import type { Incident } from '../../../shared/types';
import type { StoredItem } from '../../store/items';
import type { StageContext } from '../context';
import { FetchError } from '../net/errors';
import { safeFetch } from '../net/fetch';
import { withRetry } from '../net/retry';
import { hashId, isoOrNull, mentionsIncident, siteHandle, squash, webPlatform } from '../util';

/** What a feed source remembers between runs: validators for a conditional request. */
export interface FeedState {
  etag?: string | null;
  lastModified?: string | null;
  lastCompleteAt: string | null;
}

/** The feed could not be read as RSS or Atom. */
export class MalformedFeedError extends Error {
  override name = 'MalformedFeedError';
}

const parser = new Parser({ timeout: 20_000 });

/** Parses RSS or Atom text into items about the incident (dated inside its window, naming a keyword or the vendor). */
export async function parseFeed(xml: string, feedUrl: string, incident: Incident, collectedAt: string): Promise<StoredItem[]> {
  let feed: Awaited<ReturnType<typeof parser.parseString>>;
  try {
    feed = await parser.parseString(xml);
  } catch (e) {
    throw new MalformedFeedError(`${feedUrl} is not a readable RSS or Atom feed (${(e as Error).message.split('\n')[0]}). Check the address points at the feed itself.`);
  }
  const items: StoredItem[] = [];
  for (const entry of feed.items ?? []) {
    const link = entry.link ? absolute(entry.link, feedUrl) : null;
    const title = squash(entry.title ?? '');
    const body = squash(htmlText(entry.content ?? entry.summary ?? '') || (entry.contentSnippet ?? ''));
    const text = [title, body].filter(Boolean).join('\n\n');
    if (!text) continue;
    const createdAt = isoOrNull(entry.isoDate) ?? isoOrNull(entry.pubDate);
    if (createdAt && (Date.parse(createdAt) < Date.parse(incident.start) || Date.parse(createdAt) >= Date.parse(incident.end))) continue;
    if (!mentionsIncident(text, incident)) continue;
    const key = link ?? entry.guid ?? `${feedUrl}#${title}`;
    const author = (entry.creator ?? (entry as { author?: string }).author ?? '').toString().trim();
    items.push({
      id: hashId('feed', key),
      platform: webPlatform(link ?? feedUrl, incident),
      url: link,
      author: { handle: siteHandle(link ?? feedUrl), name: author || feed.title?.trim() || null },
      createdAt: createdAt ?? collectedAt,
      text,
      replyTo: null,
      quoteOf: null,
      lang: (feed as { language?: string }).language?.slice(0, 2) ?? null,
      sourceId: entry.guid ?? link,
      indexedAt: null,
      engagement: null,
      provenance: { source: 'feed', query: feedUrl, collectedAt },
      raw: { guid: entry.guid ?? null, link: entry.link ?? null, title: entry.title ?? null, isoDate: entry.isoDate ?? null, pubDate: entry.pubDate ?? null, creator: author || null, content: entry.content ?? entry.summary ?? null },
    });
  }
  return items;
}

function absolute(href: string, base: string): string {
  try {
    return new URL(href, base).toString();
  } catch {
    return href;
  }
}

/** The text of an HTML fragment, without scripts and styles, entities decoded. */
function htmlText(html: string): string {
  if (!/[<&]/.test(html)) return html;
  const $ = cheerio.load(`<div id="x">${html}</div>`);
  $('script, style, noscript, template, iframe').remove();
  $('p, br, div, li, h1, h2, h3, h4, h5, h6').after(' ');
  return $('#x').text();
}

/** Fetches a feed (conditionally, when the last run saw validators) and stores the entries about the incident. */
export async function collectFeed(ctx: StageContext<FeedState>, url: string, onPage?: (found: number, added: number) => void): Promise<void> {
  const state: FeedState = ctx.state ?? { lastCompleteAt: null };
  const headers: Record<string, string> = { accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1' };
  if (state.etag) headers['if-none-match'] = state.etag;
  if (state.lastModified) headers['if-modified-since'] = state.lastModified;
  const res = await withRetry(() => safeFetch(url, { headers, ...(ctx.signal ? { signal: ctx.signal } : {}) }), {
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    onRetry: (e, ms) => ctx.note(`${e.message} Waiting ${Math.round(ms / 1000)} s.`),
  });
  if (res.status === 304) {
    state.lastCompleteAt = ctx.now();
    ctx.commit([], state);
    onPage?.(0, 0);
    return;
  }
  if (res.status !== 200) throw new FetchError(`${url} answered HTTP ${res.status} where a feed was expected.`, url, false, res.status);
  const items = await parseFeed(res.text(), res.url, ctx.incident, ctx.now());
  state.etag = res.headers.etag ?? null;
  state.lastModified = res.headers['last-modified'] ?? null;
  state.lastCompleteAt = ctx.now();
  const added = ctx.commit(items, state);
  onPage?.(items.length, added.length);
}
