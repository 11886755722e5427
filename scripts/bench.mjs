#!/usr/bin/env node
// `npm run bench -- <name> [args]` runs the benchmark test/bench/<name>.ts with tsx.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dir = join(root, 'test/bench');
const [name, ...args] = process.argv.slice(2);
const known = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.startsWith('_')).map((f) => f.slice(0, -3)) : [];
if (!name || !known.includes(name)) {
  console.error(`usage: npm run bench -- <${known.join('|')}> [--items N] [--json]`);
  process.exit(2);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', join(dir, `${name}.ts`), ...args], {
  stdio: 'inherit',
  env: { ...process.env, DOTENV_CONFIG_QUIET: 'true' },
});
process.exit(r.status ?? 1);
