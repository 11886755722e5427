// Runs a test module inside a real VS Code (code-server under Node 24) driven by headless Chromium, against a real
// Claimline server on a temporary database holding the demo incident. Shared by scripts/e2e.mjs and the benchmark.
// The module in the extension host talks back over a small HTTP server here: `/check/<name>` asks this side to look
// at the page (webviews, editor) with playwright, `/report` hands over results.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer as netServer } from 'node:net';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ensure } from '../tools/vscode/ensure.mjs';

const root = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
const log = (...a) => console.log('[e2e]', ...a);

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = netServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(url, ms, what) {
  const until = Date.now() + ms;
  let last;
  while (Date.now() < until) {
    try {
      const r = await fetch(url);
      if (r.ok || r.status < 500) return;
      last = `HTTP ${r.status}`;
    } catch (e) {
      last = e.message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not answer at ${url} within ${ms / 1000} s (${last}).`);
}

function startProcess(cmd, args, opts, name, logFile) {
  const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  const keep = (d) => {
    out += d;
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.on('exit', () => {
    try {
      if (logFile) writeFileSync(logFile, out);
    } catch {
      // the work folder is gone already
    }
  });
  return {
    child,
    output: () => out,
    stop: () => {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    },
    name,
  };
}

/** Builds the project, packages the .vsix with vsce, and bundles a test module for the extension host. */
export async function prepare({ suiteEntry, work }) {
  const t0 = Date.now();
  const tools = ensure();
  log('building');
  const b = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
  if (b.status !== 0) throw new Error('The build failed; run `npm run build` to see why.');
  log('packaging the extension with vsce');
  const vsix = join(work, 'claimline.vsix');
  const vsce = join(root, 'node_modules/@vscode/vsce/vsce');
  const p = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--out', vsix], {
    cwd: join(root, 'extension'),
    encoding: 'utf8',
    env: { ...process.env, CLAIMLINE_SKIP_PREPUBLISH: '1' },
  });
  if (p.status !== 0) throw new Error(`vsce package failed:\n${p.stdout}\n${p.stderr}`);
  const require = createRequire(import.meta.url);
  const outDir = join(work, 'suite');
  await build({
    entryPoints: [suiteEntry],
    outfile: join(outDir, 'index.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    define: { MOCHA_PATH: JSON.stringify(require.resolve('mocha')) },
    logLevel: 'warning',
  });
  log(`prepared in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return { tools, vsix, suite: join(outDir, 'index.js') };
}

/** Starts a Claimline server on a fresh database (the demo incident loads on first start). */
export async function startClaimline(work) {
  const port = await freePort();
  const token = `e2e-${Math.random().toString(36).slice(2)}`;
  const dataDir = join(work, 'claimline-data');
  mkdirSync(dataDir, { recursive: true });
  const srv = startProcess(process.execPath, [join(root, 'dist/server/cli.js'), 'serve'], {
    cwd: root,
    env: { ...process.env, CLAIMLINE_DB: join(dataDir, 'claimline.db'), CLAIMLINE_PORT: String(port), CLAIMLINE_TOKEN: token, CLAIMLINE_DATA_DIR: dataDir, DOTENV_CONFIG_QUIET: 'true' },
  }, 'claimline', join(work, 'claimline-server.log'));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(`${url}/healthz`, 60_000, 'The Claimline server');
  } catch (e) {
    srv.stop();
    throw new Error(`${e.message}\n${srv.output()}`, { cause: e });
  }
  log(`Claimline server at ${url}`);
  return { ...srv, url, token };
}

/** Installs the .vsix into a fresh code-server, starts it, and returns where it listens. */
export async function startCodeServer({ tools, vsix, work, env, settings }) {
  const dirs = Object.fromEntries(['user', 'extensions', 'xdg-data', 'xdg-config', 'xdg-cache', 'home'].map((d) => [d, join(work, 'cs', d)]));
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  const baseEnv = {
    ...process.env,
    HOME: dirs.home,
    XDG_DATA_HOME: dirs['xdg-data'],
    XDG_CONFIG_HOME: dirs['xdg-config'],
    XDG_CACHE_HOME: dirs['xdg-cache'],
    PATH: `${join(tools.nodeDir, 'bin')}:${process.env.PATH}`,
    ...env,
  };
  const common = ['--user-data-dir', dirs.user, '--extensions-dir', dirs.extensions];
  log('installing the .vsix into code-server');
  const inst = spawnSync(tools.node, [tools.codeServer, ...common, '--install-extension', vsix], { env: baseEnv, encoding: 'utf8' });
  if (inst.status !== 0) throw new Error(`Installing the .vsix failed:\n${inst.stdout}\n${inst.stderr}`);
  const installed = readdirSync(dirs.extensions).find((d) => d.startsWith('claimline.claimline-'));
  if (!installed) throw new Error(`The .vsix did not install into ${dirs.extensions}:\n${inst.stdout}`);
  mkdirSync(join(dirs.user, 'User'), { recursive: true });
  writeFileSync(
    join(dirs.user, 'User', 'settings.json'),
    JSON.stringify({
      'telemetry.telemetryLevel': 'off',
      'chat.disableAIFeatures': true,
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'workbench.welcomePage.walkthroughs.openOnInstall': false,
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'security.workspace.trust.enabled': false,
      'editor.codeLens': true,
      'window.commandCenter': false,
      'workbench.colorTheme': 'Default Dark Modern',
      ...settings,
    }, null, 2),
  );
  const port = await freePort();
  const cs = startProcess(tools.node, [
    tools.codeServer, ...common,
    '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--reconnection-grace-time', '5', '--vscode-option', 'enable-smoke-test-driver',
  ], { env: baseEnv }, 'code-server', join(work, 'code-server.log'));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(`${url}/healthz`, 60_000, 'code-server');
  } catch (e) {
    cs.stop();
    throw new Error(`${e.message}\n${cs.output()}`, { cause: e });
  }
  log(`code-server at ${url}`);
  return { ...cs, url, extensionPath: join(dirs.extensions, installed) };
}

/** The back channel: the module in the extension host asks for page checks and reports results. */
export async function startBackChannel(handlers) {
  const port = await freePort();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', async () => {
      const name = decodeURIComponent((req.url ?? '/').slice(1));
      const fn = handlers[name.split('/')[0]];
      let reply;
      try {
        reply = { ok: true, value: fn ? await fn(body ? JSON.parse(body) : {}, name) : undefined };
      } catch (e) {
        reply = { ok: false, error: e.message };
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply));
    });
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}

/** Opens VS Code in Chromium with the test module as extensionTestsPath; resolves with its exit code. */
export async function runInBrowser({ tools, codeServer, folder, suite, timeoutMs, onPage }) {
  const { chromium } = createRequire(import.meta.url)(tools.playwright);
  const browser = await chromium.launch({
    executablePath: tools.chromium,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: codeServer.url });
    const page = await context.newPage();
    onPage?.(page);
    let exit;
    const exited = new Promise((r) => (exit = r));
    await page.exposeFunction('codeAutomationExit', (code) => exit(code));
    await page.exposeFunction('codeAutomationLog', (...a) => process.env.CLAIMLINE_E2E_VERBOSE && console.log('[vscode]', ...a));
    const host = new URL(codeServer.url).host;
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://${host}${codeServer.extensionPath}`],
      ['extensionTestsPath', `vscode-remote://${host}${suite}`],
    ];
    await page.goto(`${codeServer.url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    const timer = new Promise((r) => setTimeout(() => r('timeout'), timeoutMs));
    const code = await Promise.race([exited, timer]);
    if (code === 'timeout') throw new Error(`The test run in VS Code did not finish within ${timeoutMs / 1000} s.`);
    return code;
  } finally {
    // playwright gives the browser a fresh profile of its own and removes it on close.
    await browser.close().catch(() => {});
  }
}

export { root, log, cpSync, existsSync };
