/**
 * A small proxy in front of the real local AppView, for behaviours the local AppView cannot show:
 * - it ignores `since` and `until`: the proxy applies them (by sortAt, the earlier of createdAt and indexedAt),
 *   sorts newest first and reports hitsTotal;
 * - it never reaches a result cap: the proxy stops giving a cursor after `cap` results of one query;
 * - it never refuses anonymous search: the proxy answers 403 to searches without an Authorization header;
 * - it never rate-limits: the proxy answers 429 with Retry-After (or 503) to chosen requests;
 * and it records every request so tests can check what the collector asked for.
 * Everything else passes through to the AppView unchanged.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxyRequest {
  method: string;
  path: string;
  nsid: string;
  params: URLSearchParams;
  auth: boolean;
  at: number;
  /** What the proxy answered (the status). */
  status?: number;
}

export interface ProxyBehaviour {
  /** Apply since/until and sort newest first (what production search does). */
  enforceWindow?: boolean;
  /** Results one search query can page through at most. */
  cap?: number;
  /** Largest page size honoured. */
  maxLimit?: number;
  /** Answer 403 to searches without Authorization. */
  refuseAnonymousSearch?: boolean;
  /** Decide per request to fail it: return a status and headers, or nothing to pass it on. */
  fail?: (r: ProxyRequest, index: number) => { status: number; headers?: Record<string, string> } | undefined;
  /** Called before a request is handled; a returned promise holds the request until it settles. */
  hold?: (r: ProxyRequest, index: number) => Promise<void> | void;
}

export interface AppViewProxy {
  url: string;
  requests: ProxyRequest[];
  behaviour: ProxyBehaviour;
  close(): Promise<void>;
}

interface PostView {
  uri: string;
  indexedAt: string;
  record: { createdAt?: string };
}

function sortAt(p: PostView): number {
  const c = Date.parse(p.record.createdAt ?? '');
  const i = Date.parse(p.indexedAt);
  return Number.isNaN(c) ? i : Math.min(c, i);
}

export async function startAppViewProxy(upstream: string, behaviour: ProxyBehaviour = {}): Promise<AppViewProxy> {
  const requests: ProxyRequest[] = [];
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://proxy');
    const r: ProxyRequest = {
      method: req.method ?? 'GET',
      path: u.pathname + u.search,
      nsid: u.pathname.replace(/^\/xrpc\//, ''),
      params: u.searchParams,
      auth: !!req.headers.authorization,
      at: Date.now(),
    };
    const index = requests.push(r) - 1;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void handle(req, res, r, index, Buffer.concat(chunks)).catch((e: unknown) => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'UpstreamFailure', message: String(e) }));
      });
    });
  });

  const reply = (res: http.ServerResponse, r: ProxyRequest, status: number, body: unknown, headers: Record<string, string> = {}) => {
    r.status = status;
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  };

  async function upstreamJson(path: string, auth?: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(upstream + path, { headers: auth ? { authorization: auth } : {} });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, r: ProxyRequest, index: number, body: Buffer) {
    await behaviour.hold?.(r, index);
    const f = behaviour.fail?.(r, index);
    if (f) return reply(res, r, f.status, { error: f.status === 429 ? 'RateLimitExceeded' : 'Unavailable', message: `proxy says ${f.status}` }, f.headers);
    const isSearch = r.nsid === 'app.bsky.feed.searchPosts';
    if (isSearch && behaviour.refuseAnonymousSearch && !r.auth) {
      return reply(res, r, 403, { error: 'Forbidden', message: 'Search requires signing in.' });
    }
    if (isSearch && (behaviour.enforceWindow || behaviour.cap || behaviour.maxLimit)) {
      // Read everything the AppView has for the query, then answer as a production search would.
      const q = r.params.get('q') ?? '';
      const all: PostView[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 100; i++) {
        const page = await upstreamJson(`/xrpc/app.bsky.feed.searchPosts?${new URLSearchParams({ q, limit: '100', ...(cursor ? { cursor } : {}) })}`, req.headers.authorization);
        if (page.status !== 200) return reply(res, r, page.status, page.body);
        all.push(...(page.body.posts as PostView[]));
        cursor = page.body.cursor as string | undefined;
        if (!cursor || !(page.body.posts as PostView[]).length) break;
      }
      let hits = all;
      if (behaviour.enforceWindow) {
        const since = r.params.get('since') ? Date.parse(r.params.get('since')!) : -Infinity;
        const until = r.params.get('until') ? Date.parse(r.params.get('until')!) : Infinity;
        hits = all.filter((p) => sortAt(p) >= since && sortAt(p) < until).sort((a, b) => sortAt(b) - sortAt(a));
      }
      const limit = Math.min(Number(r.params.get('limit') ?? 25), behaviour.maxLimit ?? 100);
      const offset = Number(r.params.get('cursor') ?? 0);
      const reachable = Math.min(hits.length, behaviour.cap ?? Infinity);
      const posts = hits.slice(offset, Math.min(offset + limit, reachable));
      const next = offset + posts.length < reachable ? String(offset + posts.length) : undefined;
      return reply(res, r, 200, { posts, hitsTotal: hits.length, ...(next ? { cursor: next } : {}) });
    }
    // Pass through.
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'connection') headers[k] = v;
    const up = await fetch(upstream + r.path, { method: r.method, headers, ...(body.length ? { body: new Uint8Array(body) } : {}) });
    const out: Record<string, string> = {};
    up.headers.forEach((v, k) => {
      if (!['content-encoding', 'content-length', 'transfer-encoding', 'connection'].includes(k)) out[k] = v;
    });
    r.status = up.status;
    res.writeHead(up.status, out).end(Buffer.from(await up.arrayBuffer()));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    behaviour,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
