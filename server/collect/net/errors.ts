/** A fetch that failed; `transient` says whether trying again later may succeed. */
export class FetchError extends Error {
  override name = 'FetchError';
  constructor(
    message: string,
    readonly url: string,
    readonly transient: boolean,
    readonly status?: number,
    /** How long the server asked us to wait before trying again, when it said. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** The URL or an address it resolved to is not allowed (not http(s), private, loopback or link-local). */
export class BlockedUrlError extends FetchError {
  override name = 'BlockedUrlError';
  constructor(message: string, url: string) {
    super(message, url, false);
  }
}

/** The caller aborted the work (a stop, a shutdown). */
export class AbortedError extends Error {
  override name = 'AbortedError';
  constructor(message = 'The collection was stopped.') {
    super(message);
  }
}


/** Waits ms milliseconds, or rejects with AbortedError when the signal fires first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortedError());
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new AbortedError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
