#!/usr/bin/env node
// `npm run test:e2e`: the extension's end-to-end tests in a real VS Code. Installs the test tools on first use,
// builds, packages the .vsix with vsce, starts a Claimline server on a temporary database with the demo incident,
// starts code-server with the .vsix installed, and runs test/e2e/suite inside its extension host while Chromium
// shows it. Screenshots of the real extension go to docs/screenshots/. Prints mocha-style results.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, log, prepare, root, runInBrowser, startBackChannel, startClaimline, startCodeServer } from '../test/e2e/harness.mjs';

const t0 = Date.now();
const work = mkdtempSync(join(tmpdir(), 'claimline-e2e-'));
const shots = join(root, 'docs/screenshots');
mkdirSync(shots, { recursive: true });
const keep = process.env.CLAIMLINE_E2E_KEEP === '1';
let page;
const stops = [];
let results = [];

function webview() {
  return page.frameLocator('iframe.webview.ready').first().frameLocator('#active-frame');
}
async function shot(name) {
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(shots, `${name}.png`) });
}
async function count(locator) {
  return locator.count();
}

const checks = {
  async tree({ labels }) {
    for (const l of labels) await page.locator('.monaco-list-row', { hasText: l.slice(0, 30) }).first().waitFor({ timeout: 20_000 });
    await shot('tree');
    return true;
  },
  async timeline() {
    const f = webview();
    await f.locator('svg.chart polyline.series').first().waitFor({ state: 'attached', timeout: 30_000 });
    await f.locator('.list .row:not(.day)').first().waitFor({ timeout: 30_000 });
    const rows = f.locator('.list .row:not(.day)');
    await rows.nth(3).click();
    await f.locator('#details h3').first().waitFor({ timeout: 10_000 });
    const seen = {
      series: await count(f.locator('svg.chart polyline.series')),
      responses: await count(f.locator('svg.chart .marker.vendor-response')),
      policy: await count(f.locator('svg.chart .marker.policy-change')),
      rows: await count(rows),
    };
    await shot('timeline');
    // Per day: fewer, wider buckets, the same lines.
    await f.locator('#bucket-day').click();
    await f.locator('#bucket-day[aria-pressed="true"]').waitFor({ timeout: 10_000 });
    seen.dayBuckets = await count(f.locator('svg.chart polyline.series'));
    return seen;
  },
  async claim({ label, passage }) {
    const f = webview();
    await f.locator('#claim-label', { hasText: label.slice(0, 40) }).waitFor({ timeout: 30_000 });
    await f.locator('.passage-text', { hasText: passage }).first().waitFor({ timeout: 10_000 });
    await shot('claim');
    return true;
  },
  async policy() {
    const f = webview();
    await f.locator('#sections .section').first().waitFor({ timeout: 30_000 });
    const seen = { linked: await count(f.locator('.section.linked')), versions: await count(f.locator('#version option')) };
    await shot('policy');
    return seen;
  },
  async codelens() {
    await page.locator('.codelens-decoration', { hasText: 'Claimline' }).first().waitFor({ timeout: 20_000 });
    await shot('codelens');
    return true;
  },
  async plaintext({ query }) {
    const f = webview();
    await f.locator('#filter-text').waitFor({ timeout: 30_000 });
    await f.locator('#filter-text').fill(query);
    const row = f.locator('.list .row:not(.day)', { hasText: query });
    await row.first().waitFor({ timeout: 20_000 });
    await row.first().click();
    const sel = f.locator('#selected-text');
    await sel.waitFor({ timeout: 10_000 });
    const text = await sel.textContent();
    const probe = await sel.evaluate((el) => ({
      scripts: document.querySelectorAll('main script').length,
      bold: document.querySelectorAll('main b, main img, main i').length,
      pwned: window.__pwned ?? null,
      inDetail: el.children.length,
    }));
    await shot('plaintext');
    return { text, scripts: probe.scripts, bold: probe.bold, pwned: probe.pwned };
  },
  async eventCount({ moreThan } = {}) {
    const f = webview();
    const c = f.locator('#count');
    await c.waitFor({ timeout: 30_000 });
    const read = async () => Number(((await c.textContent()) ?? '').replace(/[^0-9]/g, '')) || 0;
    const until = Date.now() + 30_000;
    let n = await read();
    while ((moreThan === undefined ? n === 0 : n <= moreThan) && Date.now() < until) {
      await page.waitForTimeout(250);
      n = await read();
    }
    return n;
  },
  async contextMenu({ label, action }) {
    const row = page.locator('.monaco-list-row', { hasText: label.slice(0, 30) }).first();
    await row.waitFor({ timeout: 20_000 });
    await row.click({ button: 'right' });
    const item = page.locator('.monaco-menu .action-item', { hasText: action }).first();
    await item.waitFor({ timeout: 10_000 });
    await shot('context-menu');
    await item.click();
    return true;
  },
  async offline() {
    await page.locator('.statusbar-item', { hasText: 'Claimline offline' }).first().waitFor({ timeout: 20_000 });
    await page.locator('.welcome-view-content', { hasText: 'No Claimline server answers' }).first().waitFor({ timeout: 20_000 });
    await shot('offline');
    return true;
  },
  async startFromWelcome() {
    await page.locator('.welcome-view-content a, .welcome-view-content .monaco-button', { hasText: 'Start a server in a terminal' }).first().click();
    return true;
  },
  async online() {
    await page.locator('.statusbar-item', { hasText: /^Claimline$/ }).first().waitFor({ timeout: 30_000 }).catch(async () => {
      await page.locator('.statusbar-item', { hasText: 'Claimline' }).first().waitFor({ timeout: 5_000 });
    });
    await page.locator('.monaco-list-row', { hasText: 'Slack' }).first().waitFor({ timeout: 30_000 });
    await shot('terminal-server');
    return true;
  },
  async report(r) {
    results = r;
    return true;
  },
};

let code = 1;
try {
  const { tools, vsix, suite } = await prepare({ suiteEntry: join(root, 'test/e2e/suite/index.ts'), work });
  const server = await startClaimline(work);
  stops.push(server.stop);
  const back = await startBackChannel(checks);
  stops.push(back.close);
  const folder = join(work, 'workspace');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'notify.ts'), "import { WebClient } from '@slack/web-api';\n\nconst client = new WebClient(process.env.TOKEN);\n\nexport async function notify(channel: string, text: string): Promise<void> {\n  await client.chat.postMessage({ channel, text });\n}\n");
  writeFileSync(join(folder, 'notes.md'), '# Notes\n\n');
  const cs = await startCodeServer({
    tools,
    vsix,
    work,
    env: {
      CLAIMLINE_E2E_SERVER: server.url,
      CLAIMLINE_E2E_TOKEN: server.token,
      CLAIMLINE_E2E_BACK: back.url,
      CLAIMLINE_E2E_FOLDER: folder,
      CLAIMLINE_E2E_ROOT: root,
      CLAIMLINE_E2E_WORK: work,
      CLAIMLINE_E2E_SPARE_PORT: String(await freePort()),
    },
    settings: { 'claimline.serverUrl': server.url, 'workbench.secondarySideBar.defaultVisibility': 'hidden' },
  });
  stops.push(cs.stop);
  log('running the suite in VS Code');
  const exit = await runInBrowser({ tools, codeServer: cs, folder, suite, timeoutMs: 300_000, onPage: (p) => (page = p) });
  console.log('');
  for (const r of results) {
    console.log(`  ${r.state === 'passed' ? '✔' : '✗'} ${r.title} (${r.ms} ms)`);
    if (r.error) console.log(r.error.split('\n').map((l) => `      ${l}`).join('\n'));
  }
  const passed = results.filter((r) => r.state === 'passed').length;
  const failed = results.filter((r) => r.state === 'failed').length;
  console.log(`\n  ${passed} passing (${Math.round((Date.now() - t0) / 1000)} s)`);
  if (failed) console.log(`  ${failed} failing`);
  if (!results.length) console.log(`  0 passing\n  1 failing\n  (the suite reported nothing; VS Code exited with ${exit}; logs in ${work})`);
  code = failed || !results.length || exit !== 0 ? 1 : 0;
} catch (e) {
  console.error(`[e2e] ${e.message}`);
  console.log('  1 failing');
  code = 1;
} finally {
  for (const s of stops.reverse()) {
    try {
      s();
    } catch {
      // already stopped
    }
  }
  if (code === 0 && !keep) rmSync(work, { recursive: true, force: true });
  else log(`kept ${work} for a look (code-server.log, claimline-server.log)`);
}
process.exit(code);
