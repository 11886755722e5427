import { FetchError } from '../net/errors';
import { safeFetch, type SafeFetchOptions } from '../net/fetch';

/** One archived capture of a URL. */
export interface Capture {
  /** 14-digit Wayback timestamp, UTC. */
  timestamp: string;
  original: string;
  /** When it was captured, ISO 8601. */
  capturedAt: string;
  /** The page as archived, without the archive's toolbar (the `id_` form). */
  rawUrl: string;
  /** The page as people browse it in the archive. */
  viewUrl: string;
}

/** The Wayback Machine's base URL: CLAIMLINE_WAYBACK_URL, default the Internet Archive's. */
export function waybackBase(env: NodeJS.ProcessEnv = process.env): string {
  return (env.CLAIMLINE_WAYBACK_URL || 'https://web.archive.org').replace(/\/+$/, '');
}

/** `20240516123000` → `2024-05-16T12:30:00.000Z`. */
export function timestampToIso(ts: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})?(\d{2})?(\d{2})?$/.exec(ts);
  if (!m) throw new Error(`"${ts}" is not a Wayback timestamp.`);
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0))).toISOString();
}

function isoToTimestamp(iso: string): string {
  return iso.replace(/[-:T]/g, '').slice(0, 14);
}

/**
 * Lists the distinct captures (one per content digest) of a URL that the CDX API knows, with status 200, between
 * two times, oldest first.
 */
export async function listCaptures(
  url: string,
  opts: { from?: string; to?: string; limit?: number; base?: string; fetch?: SafeFetchOptions } = {},
): Promise<Capture[]> {
  const base = opts.base ?? waybackBase();
  const q = new URLSearchParams({ url, output: 'json', fl: 'timestamp,original,statuscode,digest', filter: 'statuscode:200', collapse: 'digest' });
  if (opts.from) q.set('from', isoToTimestamp(opts.from));
  if (opts.to) q.set('to', isoToTimestamp(opts.to));
  q.set('limit', String(opts.limit ?? 200));
  const cdxUrl = `${base}/cdx/search/cdx?${q}`;
  const res = await safeFetch(cdxUrl, { timeoutMs: 60_000, ...opts.fetch });
  const body = res.text().trim();
  if (!body) return [];
  let rows: unknown;
  try {
    rows = JSON.parse(body);
  } catch {
    throw new FetchError(`The Wayback CDX index at ${base} did not answer with JSON.`, cdxUrl, false, res.status);
  }
  if (!Array.isArray(rows)) return [];
  const [header, ...data] = rows as string[][];
  const col = (name: string) => header?.indexOf(name) ?? -1;
  const [ti, oi] = [col('timestamp'), col('original')];
  if (ti < 0 || oi < 0) throw new FetchError(`The Wayback CDX index at ${base} answered without timestamp and original columns.`, cdxUrl, false);
  return data
    .filter((r) => Array.isArray(r) && /^\d{8,14}$/.test(r[ti] ?? ''))
    .map((r) => ({
      timestamp: r[ti]!,
      original: r[oi]!,
      capturedAt: timestampToIso(r[ti]!),
      rawUrl: `${base}/web/${r[ti]}id_/${r[oi]}`,
      viewUrl: `${base}/web/${r[ti]}/${r[oi]}`,
    }))
    .sort((a, b) => a.timestamp.localeCompare(b.timestamp));
}
