import { FetchError, sleep } from './errors';

export interface RetryOptions {
  /** Tries after the first (default 4). */
  retries?: number;
  /** First wait when the server gave no hint (default 1 s), doubled each try. */
  baseDelayMs?: number;
  /** Longest wait accepted; a server asking for longer makes the failure final for this run (default 120 s). */
  maxDelayMs?: number;
  signal?: AbortSignal;
  /** Called before each wait, to report it. */
  onRetry?: (e: FetchError, waitMs: number, attempt: number) => void;
}

/** Runs fn, trying again after transient FetchErrors (429, 5xx, time-outs), waiting as long as the server asked. */
export async function withRetry<T>(fn: () => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const retries = opts.retries ?? 4;
  const base = opts.baseDelayMs ?? 1000;
  const max = opts.maxDelayMs ?? 120_000;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!(e instanceof FetchError) || !e.transient || attempt >= retries) throw e;
      const wait = e.retryAfterMs ?? base * 2 ** attempt;
      if (wait > max) throw e;
      opts.onRetry?.(e, wait, attempt + 1);
      await sleep(wait, opts.signal);
    }
  }
}
