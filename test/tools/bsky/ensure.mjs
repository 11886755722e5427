#!/usr/bin/env node
// Makes the real local Bluesky network usable for the collector tests, and says what it did:
// 1. installs this folder's package (@atproto/dev-env) when node_modules is missing;
// 2. starts PostgreSQL and creates the `atp` database and the postgres password, where the machine allows.
// Idempotent: a second run finds everything in place and changes nothing. Exits 0 even when PostgreSQL
// cannot be started (the tests that need it then say they are skipped and why); exits 1 when the install fails.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const log = (m) => console.log(`[bsky-ensure] ${m}`);

function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim(), error: r.error };
}

// 1. The package.
if (existsSync(join(here, 'node_modules', '@atproto', 'dev-env', 'package.json'))) {
  log('@atproto/dev-env is installed.');
} else {
  log('installing @atproto/dev-env into test/tools/bsky (first use, about 3 minutes)...');
  const r = sh('npm', ['ci', '--no-audit', '--no-fund'], { cwd: here, stdio: 'inherit' });
  if (!r.ok) {
    log('npm install failed; the Bluesky tests cannot run.');
    process.exit(1);
  }
  log('installed.');
}

// 2. PostgreSQL.
function pgReady() {
  return sh('pg_isready', ['-h', 'localhost', '-p', '5432', '-q']).ok;
}
function psql(sql, db = 'postgres') {
  return sh('su', ['postgres', '-c', `psql -d ${db} -tAc "${sql.replace(/"/g, '\\"')}"`]);
}

if (pgReady()) {
  log('PostgreSQL is running.');
} else {
  const clusters = sh('pg_lsclusters', ['-h']);
  if (!clusters.ok) {
    log(`PostgreSQL is not installed here (pg_lsclusters: ${clusters.error?.code ?? clusters.out}); the AppView tests will be skipped.`);
    process.exit(0);
  }
  const line = clusters.out.split('\n').find((l) => l.trim());
  if (!line) {
    log('No PostgreSQL cluster exists here; the AppView tests will be skipped.');
    process.exit(0);
  }
  const [version, name] = line.trim().split(/\s+/);
  const started = sh('pg_ctlcluster', [version, name, 'start']);
  if (!started.ok && !pgReady()) {
    log(`Could not start PostgreSQL ${version}/${name}: ${started.out}; the AppView tests will be skipped.`);
    process.exit(0);
  }
  for (let i = 0; i < 50 && !pgReady(); i++) execFileSync('sleep', ['0.2']);
  log(`started PostgreSQL ${version}/${name}.`);
}

if (process.getuid?.() !== 0) {
  log('not root: assuming the atp database and the postgres password are set up (DB_POSTGRES_URL overrides).');
  process.exit(0);
}
const hasDb = psql("SELECT 1 FROM pg_database WHERE datname = 'atp'");
if (hasDb.ok && hasDb.out === '1') log('database atp exists.');
else {
  const c = psql('CREATE DATABASE atp');
  log(c.ok ? 'created database atp.' : `could not create database atp: ${c.out}`);
}
const pw = psql("ALTER USER postgres PASSWORD 'postgres'");
log(pw.ok ? 'set the postgres password for local connections.' : `could not set the postgres password: ${pw.out}`);
