import type { Db } from '../../store/db';
import { upsertPolicyDocument } from '../../store/policies';
import type { StageContext } from '../context';
import { FetchError } from '../net/errors';
import { safeFetch } from '../net/fetch';
import { withRetry } from '../net/retry';
import { recordVersion, keepSnapshot } from './record';
import { SelectorMatchedNothingError } from './sections';
import { listCaptures, waybackBase } from './wayback';

export interface PolicyState {
  lastFetchedAt: string | null;
  /** Wayback captures already read, by timestamp, so a resumed run skips them. */
  archived: string[];
  waybackDoneAt: string | null;
}

export interface PolicySource {
  id: string;
  url: string;
  selector?: string | null;
  title?: string | null;
}

export interface PolicyResult {
  /** Versions stored in this run, with when they were retrieved (or captured). */
  versions: { retrievedAt: string; archived: boolean }[];
}

/**
 * Fetches a policy document, keeps the raw snapshot, extracts its sections (with the selector if there is one) and
 * stores a new version when the text changed. With `wayback`, first reads the archived captures of the URL from
 * the incident's start on, as past versions.
 */
export async function collectPolicy(
  db: Db,
  ctx: StageContext<PolicyState>,
  src: PolicySource,
  opts: { wayback?: boolean; waybackBase?: string } = {},
): Promise<PolicyResult> {
  const state: PolicyState = ctx.state ?? { lastFetchedAt: null, archived: [], waybackDoneAt: null };
  state.archived ??= [];
  const incidentId = ctx.incident.id;
  const signal = ctx.signal ? { signal: ctx.signal } : {};
  // Without a configured title, the document keeps the one it has, or takes the page's own once fetched.
  const known = db.prepare('SELECT title FROM policy_documents WHERE incident_id = ? AND id = ?').get(incidentId, src.id) as { title: string } | undefined;
  const configured = src.title?.trim() || null;
  const title = (t: string | null) => configured ?? (known && known.title !== src.url && known.title !== src.id ? known.title : null) ?? t ?? src.id;
  upsertPolicyDocument(db, incidentId, { id: src.id, title: title(null), url: src.url, selector: src.selector ?? null });
  const result: PolicyResult = { versions: [] };

  if (opts.wayback) {
    const base = opts.waybackBase ?? waybackBase();
    // From a while before the incident: the version in force when it started matters most.
    const from = new Date(Date.parse(ctx.incident.start) - 365 * 86400_000).toISOString();
    const captures = await withRetry(() => listCaptures(src.url, { from, to: ctx.now(), base, fetch: signal }), signal);
    for (const c of captures) {
      if (state.archived.includes(c.timestamp)) continue;
      try {
        const res = await withRetry(() => safeFetch(c.rawUrl, signal), signal);
        const body = res.text();
        const v = db.transaction(() => {
          const snapshotId = keepSnapshot(db, incidentId, src.id, { fetchedAt: c.capturedAt, url: c.rawUrl, contentType: res.contentType || null, body });
          return recordVersion(db, incidentId, src.id, body, src.selector, c.capturedAt, { snapshotId, archivedUrl: c.viewUrl });
        })();
        if (v) result.versions.push({ retrievedAt: v.retrievedAt, archived: true });
      } catch (e) {
        if (e instanceof SelectorMatchedNothingError) ctx.recordError(c.viewUrl, `${e.message} (archived copy of ${src.url}); it was kept as a snapshot but gave no version.`, false);
        else if (e instanceof FetchError) ctx.recordError(c.rawUrl, e.message, e.transient);
        else throw e;
      }
      state.archived.push(c.timestamp);
      ctx.commit([], state);
    }
    state.waybackDoneAt = ctx.now();
    ctx.commit([], state);
  }

  const res = await withRetry(() => safeFetch(src.url, { headers: { accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1' }, ...signal }), {
    ...signal,
    onRetry: (e, ms) => ctx.note(`${e.message} Waiting ${Math.round(ms / 1000)} s.`),
  });
  const fetchedAt = ctx.now();
  const body = res.text();
  // The snapshot is kept even when extraction fails, so a corrected selector can be applied to it later.
  const snapshotId = keepSnapshot(db, incidentId, src.id, { fetchedAt, url: src.url, contentType: res.contentType || null, body });
  state.lastFetchedAt = fetchedAt;
  const pageTitle = /<title[^>]*>([^<]*)<\/title>/i.exec(body)?.[1]?.replace(/\s+/g, ' ').trim();
  if (pageTitle) upsertPolicyDocument(db, incidentId, { id: src.id, title: title(decodeEntities(pageTitle)), url: src.url, selector: src.selector ?? null });
  try {
    const v = db.transaction(() => recordVersion(db, incidentId, src.id, body, src.selector, fetchedAt, { snapshotId }))();
    if (v) result.versions.push({ retrievedAt: v.retrievedAt, archived: false });
  } catch (e) {
    if (e instanceof SelectorMatchedNothingError) {
      ctx.commit([], state);
      throw new SelectorMatchedNothingError(
        `${e.message.replace(/\.$/, '')} at ${src.url}: no version was stored (the page was kept as a snapshot). Check the selector of policy "${src.id}" against the page.`,
      );
    }
    throw e;
  }
  ctx.commit([], state);
  return result;
}

function decodeEntities(s: string): string {
  return s
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_m, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
