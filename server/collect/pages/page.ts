import type { StoredItem } from '../../store/items';
import type { StageContext } from '../context';
import { FetchError } from '../net/errors';
import { safeFetch } from '../net/fetch';
import { withRetry } from '../net/retry';
import { hashId, siteHandle, webPlatform } from '../util';
import { extractPage } from './extract';

export interface PageState {
  lastCompleteAt: string | null;
}

const MAX_TEXT = 50_000;

/** Fetches one article or statement page and stores it as an item (once: the URL keys it). */
export async function collectPage(ctx: StageContext<PageState>, url: string, onPage?: (found: number, added: number) => void): Promise<void> {
  const res = await withRetry(() => safeFetch(url, { headers: { accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1' }, ...(ctx.signal ? { signal: ctx.signal } : {}) }), {
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    onRetry: (e, ms) => ctx.note(`${e.message} Waiting ${Math.round(ms / 1000)} s.`),
  });
  if (!/html|xml/i.test(res.contentType) && res.contentType) {
    throw new FetchError(`${url} is ${res.contentType.split(';')[0]}, not a web page; add it as a feed or a statement instead.`, url, false, res.status);
  }
  const collectedAt = ctx.now();
  const page = extractPage(res.text());
  if (!page.text) throw new FetchError(`${url} has no readable text.`, url, false, res.status);
  const text = [page.title, page.text].filter(Boolean).join('\n\n').slice(0, MAX_TEXT);
  const item: StoredItem = {
    id: hashId('page', url),
    platform: webPlatform(res.url, ctx.incident),
    url,
    author: { handle: siteHandle(res.url), name: page.author ?? page.siteName },
    createdAt: page.published ?? collectedAt,
    text,
    replyTo: null,
    quoteOf: null,
    lang: page.lang,
    sourceId: res.url !== url ? res.url : null,
    indexedAt: null,
    engagement: null,
    provenance: { source: 'page', query: url, collectedAt },
    raw: { title: page.title, author: page.author, published: page.published, siteName: page.siteName, finalUrl: res.url, datedBy: page.published ? 'page' : 'collection time' },
  };
  const added = ctx.commit([item], { lastCompleteAt: collectedAt });
  onPage?.(1, added.length);
}
