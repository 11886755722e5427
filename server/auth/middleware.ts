import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../api/errors';
import { tokenMatches } from './token';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Every write (any method but GET, HEAD, OPTIONS) needs `Authorization: Bearer <token>`. */
export function requireTokenForWrites(token: string): MiddlewareHandler {
  if (!token) throw new Error('createApp needs a non-empty token for writes.');
  return async (c, next) => {
    if (READS.has(c.req.method)) return next();
    const header = c.req.header('authorization') ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(header.trim());
    if (!m) {
      c.header('WWW-Authenticate', 'Bearer realm="claimline"');
      throw new ApiError(
        401,
        'unauthorized',
        'This request changes data and needs the token: send "Authorization: Bearer <token>" (CLAIMLINE_TOKEN, or the token file in the data folder).',
      );
    }
    if (!tokenMatches(m[1]!.trim(), token)) {
      c.header('WWW-Authenticate', 'Bearer realm="claimline", error="invalid_token"');
      throw new ApiError(401, 'unauthorized', 'The token is wrong. Use CLAIMLINE_TOKEN or the token file in the data folder of the server.');
    }
    return next();
  };
}
