import { AtpAgent, XRPCError } from '@atproto/api';
import { AbortedError, FetchError, sleep } from '../net/errors';
import { retryAfterMs, safeFetch } from '../net/fetch';

/** Where and how Claimline reads Bluesky. */
export interface BlueskyConfig {
  /** The AppView read without signing in (CLAIMLINE_BSKY_APPVIEW, default the public AppView). */
  appview: string;
  /** Where an app password signs in; signed-in reads go through it (CLAIMLINE_BSKY_SERVICE, default bsky.social). */
  service: string;
  identifier?: string;
  appPassword?: string;
  /** Tries after a 429 or 5xx before the call fails (default 5). */
  retries: number;
  /** First wait when the server gave no hint (default 1 s), doubled each try. */
  baseDelayMs: number;
  /** Longest wait accepted for one try (default 5 minutes). */
  maxDelayMs: number;
  /** Time-out of one request (default 30 s). */
  timeoutMs: number;
}

/** Reads the Bluesky settings from the environment. */
export function blueskyConfigFromEnv(env: NodeJS.ProcessEnv = process.env): BlueskyConfig {
  const cfg: BlueskyConfig = {
    appview: env.CLAIMLINE_BSKY_APPVIEW || 'https://public.api.bsky.app',
    service: env.CLAIMLINE_BSKY_SERVICE || 'https://bsky.social',
    retries: 5,
    baseDelayMs: 1000,
    maxDelayMs: 300_000,
    timeoutMs: 30_000,
  };
  if (env.CLAIMLINE_BSKY_IDENTIFIER) cfg.identifier = env.CLAIMLINE_BSKY_IDENTIFIER;
  if (env.CLAIMLINE_BSKY_APP_PASSWORD) cfg.appPassword = env.CLAIMLINE_BSKY_APP_PASSWORD;
  return cfg;
}

/** Bluesky refused us and trying again will not help until the user changes a setting. */
export class BlueskyAuthError extends Error {
  override name = 'BlueskyAuthError';
}

/** What the client reports as it goes (waits for rate limits, signing in). */
export type BlueskyNotice = { kind: 'wait'; status: number; waitMs: number; url: string } | { kind: 'signed-in'; service: string; identifier: string };

/**
 * A fetch for @atproto/api built on the safe fetcher (User-Agent, time-out, address checks) that waits and tries
 * again on 429 and 5xx, as long as Retry-After or RateLimit-Reset ask, or with exponential backoff.
 */
export function backoffFetch(cfg: BlueskyConfig, signal?: AbortSignal, notify?: (n: BlueskyNotice) => void): typeof fetch {
  // When a response says the budget is spent (RateLimit-Remaining: 0), the next request waits for its reset.
  let notBefore = 0;
  return async (input, init) => {
    const pause = notBefore - Date.now();
    if (pause > 0) {
      notify?.({ kind: 'wait', status: 200, waitMs: Math.min(pause, cfg.maxDelayMs), url: String(input instanceof Request ? input.url : input) });
      await sleep(Math.min(pause, cfg.maxDelayMs), signal);
    }
    const url = typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url;
    const headers: Record<string, string> = {};
    new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined)).forEach((v, k) => (headers[k] = v));
    let body: string | Uint8Array | null = null;
    if (init?.body != null) {
      body = typeof init.body === 'string' ? init.body : new Uint8Array(await new Response(init.body).arrayBuffer());
    }
    for (let attempt = 0; ; attempt++) {
      const res = await safeFetch(url, {
        method: init?.method ?? 'GET',
        headers,
        body,
        acceptErrors: true,
        timeoutMs: cfg.timeoutMs,
        maxBytes: 20 * 1024 * 1024,
        ...(signal ? { signal } : {}),
      }).catch((e: unknown) => {
        if (e instanceof FetchError && e.transient && attempt < cfg.retries) return null;
        throw e;
      });
      if (res && res.headers['ratelimit-remaining'] === '0') {
        const reset = retryAfterMs(res.headers);
        if (reset !== undefined) notBefore = Date.now() + reset;
      }
      if (res && !(res.status === 429 || res.status >= 500)) {
        return new Response(res.status === 204 || res.status === 304 ? null : new Uint8Array(res.body), { status: res.status, headers: res.headers });
      }
      if (res && attempt >= cfg.retries) {
        return new Response(new Uint8Array(res.body), { status: res.status, headers: res.headers });
      }
      const hinted = res ? retryAfterMs(res.headers) : undefined;
      const wait = Math.min(hinted ?? cfg.baseDelayMs * 2 ** attempt, cfg.maxDelayMs);
      notify?.({ kind: 'wait', status: res?.status ?? 0, waitMs: wait, url });
      await sleep(wait, signal);
    }
  };
}

/** Reads Bluesky anonymously through the AppView, and signs in with the app password when the AppView refuses. */
export class BlueskyClient {
  private readonly anon: AtpAgent;
  private authed: AtpAgent | undefined;
  private readonly fetchImpl: typeof fetch;

  constructor(
    readonly cfg: BlueskyConfig,
    private readonly signal?: AbortSignal,
    private readonly notify?: (n: BlueskyNotice) => void,
  ) {
    this.fetchImpl = backoffFetch(cfg, signal, notify);
    this.anon = new AtpAgent({ service: cfg.appview, fetch: this.fetchImpl });
  }

  /** Whether calls now go through a signed-in session. */
  get signedIn(): boolean {
    return this.authed !== undefined;
  }

  /**
   * Runs one read. Anonymous first; on 401/403 signs in with the app password (if set) and tries again, and from
   * then on reads signed in. Throws BlueskyAuthError with what to do when that is not possible.
   */
  async call<T>(what: string, fn: (agent: AtpAgent) => Promise<T>): Promise<T> {
    if (this.signal?.aborted) throw new AbortedError();
    if (this.authed) return this.guard(what, () => fn(this.authed!));
    try {
      return await fn(this.anon);
    } catch (e) {
      if (!(e instanceof XRPCError) || (e.status !== 401 && e.status !== 403)) throw this.translate(what, e);
      if (!this.cfg.identifier || !this.cfg.appPassword) {
        throw new BlueskyAuthError(
          `The Bluesky AppView at ${this.cfg.appview} refused ${what} without signing in (HTTP ${e.status}: ${e.message}). ` +
            'Set CLAIMLINE_BSKY_IDENTIFIER (your handle) and CLAIMLINE_BSKY_APP_PASSWORD (an app password from Bluesky settings) and collect again.',
        );
      }
      await this.signIn();
      return this.guard(what, () => fn(this.authed!));
    }
  }

  private async signIn(): Promise<void> {
    const agent = new AtpAgent({ service: this.cfg.service, fetch: this.fetchImpl });
    try {
      await agent.login({ identifier: this.cfg.identifier!, password: this.cfg.appPassword! });
    } catch (e) {
      const detail = e instanceof Error ? e.message : String(e);
      throw new BlueskyAuthError(
        `Signing in to ${this.cfg.service} as ${this.cfg.identifier} failed (${detail}). Check CLAIMLINE_BSKY_IDENTIFIER and CLAIMLINE_BSKY_APP_PASSWORD (use an app password, not the account password), or CLAIMLINE_BSKY_SERVICE.`,
      );
    }
    this.authed = agent;
    this.notify?.({ kind: 'signed-in', service: this.cfg.service, identifier: this.cfg.identifier! });
  }

  private async guard<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      if (e instanceof XRPCError && (e.status === 401 || e.status === 403)) {
        throw new BlueskyAuthError(
          `Bluesky refused ${what} for the signed-in account ${this.cfg.identifier} (HTTP ${e.status}: ${e.message}). Check the app password and that the account is in good standing.`,
        );
      }
      throw this.translate(what, e);
    }
  }

  // Turns XRPC failures into FetchErrors that say whether another run may succeed.
  private translate(what: string, e: unknown): unknown {
    // Our own fetch's failures (stopped, refused address, time-out) come back wrapped: hand them on as they were.
    const cause = e instanceof Error ? e.cause : undefined;
    if (cause instanceof AbortedError || cause instanceof FetchError) return cause;
    if (e instanceof XRPCError) {
      const transient = e.status === 429 || e.status >= 500 || e.status === 1;
      return new FetchError(`Bluesky ${what} failed (HTTP ${e.status}: ${e.message}).`, this.cfg.appview, transient, e.status);
    }
    return e;
  }
}
