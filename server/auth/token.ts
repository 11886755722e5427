import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir } from '../config';

/** Where the generated token is kept: `token` in the data folder. */
export function tokenFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(dataDir(env), 'token');
}

/**
 * The bearer token every write needs: `CLAIMLINE_TOKEN` when set, else the one in the data folder,
 * generated (32 random bytes, file mode 0600) on first start.
 */
export function loadOrCreateToken(env: NodeJS.ProcessEnv = process.env): { token: string; source: 'env' | 'file' | 'generated'; file?: string } {
  const fromEnv = env.CLAIMLINE_TOKEN?.trim();
  if (fromEnv) return { token: fromEnv, source: 'env' };
  const file = tokenFile(env);
  if (existsSync(file)) {
    const token = readFileSync(file, 'utf8').trim();
    if (token) return { token, source: 'file', file };
  }
  const token = randomBytes(32).toString('base64url');
  mkdirSync(dataDir(env), { recursive: true });
  writeFileSync(file, token + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return { token, source: 'generated', file };
}

/** Compares a presented token with the expected one in constant time. */
export function tokenMatches(presented: string, expected: string): boolean {
  // Hash both so lengths are equal and timingSafeEqual applies.
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && presented.length === expected.length;
}
