import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { addressAllowed, privatePolicyFromEnv, type PrivatePolicy } from './address';
import { AbortedError, BlockedUrlError, FetchError } from './errors';
import { USER_AGENT } from './user-agent';

export interface SafeFetchOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array | null;
  /** Whole request, all redirects included (default 20 s). */
  timeoutMs?: number;
  /** Largest body accepted, in bytes (default 5 MB). */
  maxBytes?: number;
  /** Redirects followed (default 5); each hop is checked like the first. */
  maxRedirects?: number;
  signal?: AbortSignal;
  /** Which private addresses may be reached; default from CLAIMLINE_ALLOW_PRIVATE. */
  privatePolicy?: PrivatePolicy;
  /** Return 4xx/5xx responses instead of throwing (the Bluesky client reads their bodies). */
  acceptErrors?: boolean;
}

export interface SafeResponse {
  /** The URL after redirects. */
  url: string;
  status: number;
  headers: Record<string, string>;
  contentType: string;
  body: Buffer;
  /** The body decoded with the charset the server declared (UTF-8 when it declared none). */
  text(): string;
}

const DEFAULT_TIMEOUT = 20_000;
const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

/** Parses Retry-After (seconds or an HTTP date), or a RateLimit-Reset epoch, into milliseconds from now. */
export function retryAfterMs(headers: Record<string, string>, now = Date.now()): number | undefined {
  const ra = headers['retry-after'];
  if (ra) {
    if (/^\d+(\.\d+)?$/.test(ra.trim())) return Math.round(Number(ra) * 1000);
    const at = Date.parse(ra);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  const reset = headers['ratelimit-reset'] ?? headers['x-ratelimit-reset'];
  if (reset && /^\d+$/.test(reset.trim())) {
    const n = Number(reset);
    // Bluesky sends an epoch in seconds; small values are a delay in seconds (the IETF draft).
    return n > 1e9 ? Math.max(0, n * 1000 - now) : n * 1000;
  }
  return undefined;
}

/**
 * Fetches a public http(s) URL: refuses other schemes, and private, loopback and link-local addresses after DNS
 * resolution and again on every redirect; times out; stops reading past a size limit; sends Claimline's User-Agent.
 * Throws FetchError (transient for time-outs, connection failures, 429 and 5xx) or BlockedUrlError.
 */
export async function safeFetch(url: string, opts: SafeFetchOptions = {}): Promise<SafeResponse> {
  const policy = opts.privatePolicy ?? privatePolicyFromEnv();
  const maxRedirects = opts.maxRedirects ?? 5;
  const deadline = Date.now() + (opts.timeoutMs ?? DEFAULT_TIMEOUT);
  let current = url;
  let method = (opts.method ?? 'GET').toUpperCase();
  let body = opts.body ?? null;
  for (let hop = 0; ; hop++) {
    const res = await requestOnce(current, { ...opts, method, body }, policy, deadline);
    if (res.status >= 300 && res.status < 400 && res.headers.location) {
      if (hop >= maxRedirects) throw new FetchError(`Gave up on ${url} after ${maxRedirects} redirects.`, url, false, res.status);
      let next: string;
      try {
        next = new URL(res.headers.location, current).toString();
      } catch {
        throw new FetchError(`${current} redirected to an invalid address (${res.headers.location}).`, current, false, res.status);
      }
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
        method = 'GET';
        body = null;
      }
      current = next;
      continue;
    }
    if (res.status >= 400 && !opts.acceptErrors) {
      const transient = res.status === 408 || res.status === 429 || res.status >= 500;
      throw new FetchError(
        `${current} answered HTTP ${res.status}${transient ? '; will try again later' : ''}.`,
        current,
        transient,
        res.status,
        retryAfterMs(res.headers),
      );
    }
    return res;
  }
}

/** Checks the scheme and, for IP literals, the address; names are checked when they resolve. */
export function checkUrl(url: string, policy: PrivatePolicy = privatePolicyFromEnv()): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new BlockedUrlError(`"${url}" is not a valid URL; give a full http:// or https:// address.`, url);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new BlockedUrlError(`Refused ${url}: only http:// and https:// addresses can be collected.`, url);
  }
  if (u.username || u.password) throw new BlockedUrlError(`Refused ${url}: addresses with a user name or password are not collected.`, url);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && !addressAllowed(host, port(u), policy)) throw blockedAddress(url, host);
  return u;
}

function port(u: URL): number {
  return u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
}

function blockedAddress(url: string, ip: string): BlockedUrlError {
  return new BlockedUrlError(
    `Refused ${url}: it leads to a private, loopback or link-local address (${ip}). Only public addresses are collected (set CLAIMLINE_ALLOW_PRIVATE=1 for local tests).`,
    url,
  );
}

function requestOnce(
  url: string,
  opts: SafeFetchOptions & { method: string; body: string | Uint8Array | null },
  policy: PrivatePolicy,
  deadline: number,
): Promise<SafeResponse> {
  const u = checkUrl(url, policy);
  const p = port(u);
  let blocked: BlockedUrlError | undefined;
  // Every address a name resolves to must be allowed, so a name cannot smuggle a private address in beside a public one.
  const lookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return (callback as (e: Error) => void)(err);
      const bad = addresses.find((a) => !addressAllowed(a.address, p, policy));
      if (bad) {
        blocked = blockedAddress(url, bad.address);
        return (callback as (e: Error) => void)(blocked);
      }
      if (options.all) (callback as (e: null, a: LookupAddress[]) => void)(null, addresses);
      else (callback as (e: null, a: string, f: number) => void)(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  return new Promise((resolve, reject) => {
    const remaining = deadline - Date.now();
    if (remaining <= 0) return reject(new FetchError(`Timed out fetching ${url}.`, url, true));
    if (opts.signal?.aborted) return reject(new AbortedError());
    const mod = u.protocol === 'https:' ? https : http;
    const headers: Record<string, string> = {
      'user-agent': USER_AGENT,
      accept: '*/*',
      'accept-encoding': 'identity',
      ...lowerKeys(opts.headers ?? {}),
    };
    if (opts.body != null) headers['content-length'] = String(Buffer.byteLength(opts.body));
    const req = mod.request(u, { method: opts.method, headers, lookup, agent: false });
    let settled = false;
    const fail = (e: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      req.destroy();
      reject(e);
    };
    const timer = setTimeout(() => fail(new FetchError(`Timed out fetching ${url}.`, url, true)), remaining);
    const onAbort = () => fail(new AbortedError());
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (e: Error) => {
      if (blocked || e instanceof BlockedUrlError) return fail(blocked ?? e);
      const code = (e as NodeJS.ErrnoException).code;
      const permanent = code === 'ENOTFOUND' || code === 'ERR_INVALID_URL';
      fail(new FetchError(`Could not fetch ${url}: ${e.message}.`, url, !permanent));
    });
    req.on('response', (res) => {
      const resHeaders: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) resHeaders[k] = Array.isArray(v) ? v.join(', ') : v;
      const declared = Number(resHeaders['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        return fail(new FetchError(`${url} is larger than the ${maxBytes}-byte limit (${declared} bytes).`, url, false, res.statusCode));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > maxBytes) return fail(new FetchError(`${url} is larger than the ${maxBytes}-byte limit.`, url, false, res.statusCode));
        chunks.push(c);
      });
      res.on('error', (e) => fail(new FetchError(`Could not read ${url}: ${e.message}.`, url, true)));
      res.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        const buf = Buffer.concat(chunks);
        const contentType = resHeaders['content-type'] ?? '';
        resolve({
          url,
          status: res.statusCode ?? 0,
          headers: resHeaders,
          contentType,
          body: buf,
          text: () => decode(buf, contentType),
        });
      });
    });
    if (opts.body != null) req.write(opts.body);
    req.end();
  });
}

function lowerKeys(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = v;
  return out;
}

/** Decodes a body with the charset from its Content-Type, or from a <meta charset> near the top of HTML. */
export function decode(buf: Buffer, contentType: string): string {
  let charset = /charset="?([\w-]+)/i.exec(contentType)?.[1];
  if (!charset) charset = /<meta[^>]+charset="?([\w-]+)/i.exec(buf.subarray(0, 2048).toString('latin1'))?.[1];
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(buf);
  } catch {
    return new TextDecoder('utf-8').decode(buf);
  }
}
