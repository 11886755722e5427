import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../api/errors';

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]', '::1'];

/**
 * Which Host headers the server answers: the loopback names, the address it listens on, and
 * `CLAIMLINE_ALLOWED_HOSTS` (comma-separated; `*` allows any). A web page that rebinds its own name to
 * 127.0.0.1 (DNS rebinding) then gets a 403 instead of the data.
 */
export function allowedHosts(env: NodeJS.ProcessEnv = process.env): string[] | '*' {
  const extra = (env.CLAIMLINE_ALLOWED_HOSTS ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const bind = (env.CLAIMLINE_HOST ?? '').trim().toLowerCase();
  if (extra.includes('*') || bind === '0.0.0.0' || bind === '::') return '*';
  return [...LOOPBACK, ...(bind ? [bind.includes(':') && !bind.startsWith('[') ? `[${bind}]` : bind] : []), ...extra];
}

/** Refuses requests whose Host header names none of the allowed hosts. */
export function checkHost(hosts: string[] | '*'): MiddlewareHandler {
  return async (c, next) => {
    if (hosts === '*') return next();
    const host = (c.req.header('host') ?? new URL(c.req.url).host).toLowerCase();
    const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '');
    if (!hosts.includes(name)) {
      throw new ApiError(403, 'forbidden', `This server does not answer for the host "${name}". Use 127.0.0.1 or localhost, or add the name to CLAIMLINE_ALLOWED_HOSTS.`);
    }
    return next();
  };
}
