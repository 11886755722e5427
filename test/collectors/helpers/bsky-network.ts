/**
 * The real local Bluesky network (PLC, PDS and the bsky AppView on PostgreSQL) from @atproto/dev-env, installed in
 * test/tools/bsky by its ensure.mjs. Tests that need it call `startNetwork()` and skip, saying why, when the
 * package is not installed or PostgreSQL cannot be reached.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const toolDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'tools', 'bsky');
export const DB_URL = process.env.DB_POSTGRES_URL || 'postgresql://postgres:postgres@localhost:5432/atp';

// The parts of dev-env's API the tests use (the package is not typed here: it lives outside the project).
export interface RecordRef {
  uriStr: string;
  cidStr: string;
  raw: { uri: string; cid: string };
}
export interface SeedClient {
  dids: Record<string, string>;
  createAccount(name: string, p: { email: string; handle: string; password: string }): Promise<unknown>;
  createProfile(did: string, displayName: string, description: string): Promise<unknown>;
  post(by: string, text: string, facets?: unknown, images?: unknown, quote?: RecordRef, overrides?: Record<string, unknown>): Promise<{ ref: RecordRef }>;
  reply(by: string, root: RecordRef, parent: RecordRef, text: string, facets?: unknown, images?: unknown, overrides?: Record<string, unknown>): Promise<{ ref: RecordRef }>;
  getHeaders(did: string): Record<string, string>;
  agent: { com: { atproto: { server: { createAppPassword(input: { name: string }, opts: { headers: Record<string, string>; encoding: string }): Promise<{ data: { password: string } }> } } } };
}
export interface Network {
  bsky: { url: string };
  pds: { url: string };
  getSeedClient(): SeedClient;
  processAll(): Promise<void>;
  close(): Promise<void>;
}

/** Why the network cannot start here, or null when it can. */
export async function unavailableReason(): Promise<string | null> {
  if (!existsSync(join(toolDir, 'node_modules', '@atproto', 'dev-env'))) {
    return 'test/tools/bsky is not installed; run `node test/tools/bsky/ensure.mjs` (npm run test:collectors does)';
  }
  const u = new URL(DB_URL);
  const reachable = await new Promise<boolean>((resolve) => {
    const s = createConnection({ host: u.hostname, port: Number(u.port || 5432) });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
    s.setTimeout(2000, () => {
      s.destroy();
      resolve(false);
    });
  });
  return reachable ? null : `PostgreSQL is not reachable at ${u.host} (the AppView needs it); run \`node test/tools/bsky/ensure.mjs\` as root to start it`;
}

export interface StartedNetwork {
  net: Network;
  sc: SeedClient;
  stop(): Promise<void>;
}

/** Starts a network with its own Postgres schema and temporary folder; stop() closes it and removes both. */
export async function startNetwork(): Promise<StartedNetwork> {
  const require = createRequire(join(toolDir, 'package.json'));
  const { TestNetwork } = require('@atproto/dev-env') as { TestNetwork: { create(o: Record<string, unknown>): Promise<Network> } };
  // The schema name may hold letters and `_` only.
  const schema = `claimline_${Array.from({ length: 8 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('')}`;
  const tmp = mkdtempSync(join(tmpdir(), 'claimline-bsky-'));
  const saved = { TMPDIR: process.env.TMPDIR, REDIS_HOST: process.env.REDIS_HOST, DB_POSTGRES_URL: process.env.DB_POSTGRES_URL };
  // The PDS writes its data folders under os.tmpdir() and never deletes them.
  process.env.TMPDIR = tmp;
  process.env.REDIS_HOST ??= 'unused';
  process.env.DB_POSTGRES_URL = DB_URL;
  let net: Network;
  try {
    net = await TestNetwork.create({ dbPostgresSchema: schema, dbPostgresUrl: DB_URL });
  } finally {
    if (saved.TMPDIR === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved.TMPDIR;
  }
  return {
    net,
    sc: net.getSeedClient(),
    stop: async () => {
      await net.close();
      await dropSchemas(require, schema);
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

// Each network leaves schemas named after it (appview_<schema>, ozone_<schema>, ...): drop them all.
async function dropSchemas(require: NodeRequire, schema: string): Promise<void> {
  const pg = require('pg') as { Client: new (o: { connectionString: string }) => { connect(): Promise<void>; query(q: string): Promise<{ rows: { nspname: string }[] }>; end(): Promise<void> } };
  const client = new pg.Client({ connectionString: DB_URL });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE '%${schema}%'`);
    for (const r of rows) await client.query(`DROP SCHEMA IF EXISTS "${r.nspname}" CASCADE`);
  } finally {
    await client.end();
  }
}
