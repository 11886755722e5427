import { PLATFORMS, type Platform } from '../../../shared/types';
import type { EventBus } from '../../events';
import { placeNewItems } from '../../store/analysis';
import type { Db } from '../../store/db';
import { getIncident } from '../../store/incidents';
import { findItemId, insertItems, type StoredItem } from '../../store/items';
import { hashId, isoOrNull, siteHandle } from '../util';

/** A statement pasted by hand, for platforms with no open API (X, Threads) or anything else not collected. */
export interface StatementInput {
  text: string;
  /** The author's handle on that platform (`@` optional); defaults to the URL's site. */
  author?: string | null;
  authorName?: string | null;
  /** When it was said (any date Date.parse reads). */
  date: string;
  url?: string | null;
  platform: Platform | string;
  lang?: string | null;
}

/** The statement is not usable as given; the message says which field and how to fix it. */
export class StatementError extends Error {
  override name = 'StatementError';
}

/** Checks a pasted statement and turns it into an item (id from its URL, else from its content). */
export function statementToItem(input: StatementInput, collectedAt = new Date().toISOString()): StoredItem {
  const text = (input.text ?? '').trim();
  if (!text) throw new StatementError('A statement needs its text: paste what was said.');
  const createdAt = isoOrNull(input.date);
  if (!createdAt) throw new StatementError(`"${input.date}" is not a date; give when it was said, e.g. 2024-05-17T09:30:00Z.`);
  const platform = String(input.platform ?? '').toLowerCase();
  if (!(PLATFORMS as readonly string[]).includes(platform)) {
    throw new StatementError(`"${input.platform}" is not a platform Claimline knows; use one of ${PLATFORMS.join(', ')}.`);
  }
  let url: string | null = null;
  if (input.url?.trim()) {
    try {
      const u = new URL(input.url.trim());
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
      url = u.toString();
    } catch {
      throw new StatementError(`"${input.url}" is not a web address; give the statement's http(s) link, or none.`);
    }
  }
  const handle = input.author?.trim().replace(/^@/, '') || (url ? siteHandle(url) : '');
  if (!handle) throw new StatementError('A statement needs its author (a handle) or its URL.');
  return {
    id: hashId('manual', url ?? `${platform}\u0000${handle}\u0000${createdAt}\u0000${text}`),
    platform: platform as Platform,
    url,
    author: { handle, name: input.authorName?.trim() || null },
    createdAt,
    text,
    replyTo: null,
    quoteOf: null,
    lang: input.lang?.trim() || null,
    sourceId: null,
    indexedAt: null,
    engagement: null,
    provenance: { source: 'manual', query: null, collectedAt },
    raw: { ...input },
  };
}

/**
 * Adds a pasted statement to an incident: stored once (the same URL, or the same text, author and date, is the
 * same statement), placed into the analysis and announced. Returns the item and whether it was new.
 */
export function addStatement(db: Db, incidentId: string, input: StatementInput, opts: { events?: EventBus; now?: string } = {}): { item: StoredItem; added: boolean } {
  if (!getIncident(db, incidentId)) throw new StatementError(`There is no incident "${incidentId}".`);
  const item = statementToItem(input, opts.now);
  const { added } = insertItems(db, incidentId, [item]);
  if (!added.length) {
    const existing = findItemId(db, incidentId, { id: item.id, url: item.url });
    return { item: { ...item, id: existing ?? item.id }, added: false };
  }
  opts.events?.publish({ type: 'items.added', incidentId, count: 1, itemIds: added });
  const analysis = placeNewItems(db, incidentId, added);
  if (analysis) opts.events?.publish({ type: 'analysis.updated', incidentId, claims: analysis.claims.length, full: false });
  return { item, added: true };
}
