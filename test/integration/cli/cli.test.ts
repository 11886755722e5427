import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyDemo, tempDir } from '../../helpers/tmp';

const root = new URL('../../../', import.meta.url).pathname;
const cli = join(root, 'dist/server/cli.js');

/** Runs the built `claimline` command with its own data folder. */
function claimline(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [cli, ...args], { env: { ...process.env, DOTENV_CONFIG_QUIET: 'true', ...env }, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the claimline command (built)', function () {
  this.timeout(120_000);
  let t: ReturnType<typeof tempDir>;
  let env: Record<string, string>;
  before(() => {
    const build = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
  });
  beforeEach(() => {
    t = tempDir();
    env = { CLAIMLINE_DATA_DIR: t.dir, CLAIMLINE_DB: join(t.dir, 'cli.db') };
  });
  afterEach(() => t.cleanup());

  it('lists its commands and exits 2 when given none', () => {
    const r = claimline([], env);
    assert.equal(r.code, 2);
    for (const c of ['serve', 'import', 'export', 'analyze', 'incidents']) assert.match(r.stdout, new RegExp(`\\b${c}\\b`));
  });

  it('explains each command with --help', () => {
    const r = claimline(['analyze', '--help'], env);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /--seeds <file>/);
  });

  it('refuses an unknown command and an unknown option with exit code 2', () => {
    assert.equal(claimline(['frobnicate'], env).code, 2);
    const r = claimline(['import', '--bogus', 'x'], env);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /bogus.*claimline import --help/s);
  });

  it('imports a bundle, lists it with its note, and exports it', () => {
    const bundle = copyDemo(t.dir);
    const imp = claimline(['import', bundle], env);
    assert.equal(imp.code, 0, imp.stderr);
    assert.match(imp.stdout, /Imported slack-ml-2024: 178 new items/);
    assert.match(imp.stdout, /Analysed slack-ml-2024: \d+ claims/);
    const again = claimline(['import', bundle], env);
    assert.match(again.stdout, /0 new items \(178 already there\)/);
    assert.doesNotMatch(again.stdout, /Analysed/, 'an import that adds nothing leaves the analysis alone');
    const list = claimline(['incidents'], env);
    assert.match(list.stdout, /slack-ml-2024/);
    assert.match(list.stdout, /note: Evaluation and demonstration data/);
    const out = join(t.dir, 'exported');
    assert.equal(claimline(['export', 'slack-ml-2024', out], env).code, 0);
    assert.equal(readFileSync(join(out, 'items.jsonl'), 'utf8'), readFileSync(join(bundle, 'items.jsonl'), 'utf8'));
  });

  it('reports a bad bundle line with file, line and field, exits 1 and writes nothing', () => {
    const bundle = copyDemo(t.dir);
    const file = join(bundle, 'items.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[2] = lines[2]!.replace(/"createdAt":"[^"]+"/, '"createdAt":"yesterday"');
    writeFileSync(file, lines.join('\n'));
    const r = claimline(['import', bundle], env);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /items\.jsonl line 3, field createdAt/);
    assert.match(r.stderr, /Nothing was written/);
    assert.match(claimline(['incidents'], env).stdout, /No incidents yet/);
  });

  it('says which incident is unknown on export', () => {
    const r = claimline(['export', 'nope', join(t.dir, 'x')], env);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no incident "nope"/);
  });

  it('analyses a bundle into analysis JSON holding every item', () => {
    const out = join(t.dir, 'analysis.json');
    const r = claimline(['analyze', copyDemo(t.dir), '--out', out], env);
    assert.equal(r.code, 0, r.stderr);
    const analysis = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(Object.keys(analysis.items).length, 178);
    assert.ok(analysis.claims.length >= 2);
    assert.ok(!existsSync(env.CLAIMLINE_DB!), 'analyze without --db must not touch the database');
  });

  it('serves the demo incident from an empty database and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [cli, 'serve', '--port', '0'], { env: { ...process.env, ...env, DOTENV_CONFIG_QUIET: 'true' } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 60_000);
      child.stdout.on('data', () => {
        const m = /serving .* at (http:\/\/\S+?) /.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
    });
    assert.match(out, /Loaded the demo incident "slack-ml-2024"/);
    const health = await fetch(`${url}/healthz`);
    assert.equal(health.status, 200);
    const incidents = (await (await fetch(`${url}/api/incidents`)).json()) as unknown;
    assert.match(JSON.stringify(incidents), /slack-ml-2024/);
    const code = await new Promise<number | null>((resolve) => {
      child.on('exit', (c) => resolve(c));
      child.kill('SIGTERM');
    });
    assert.equal(code, 0);
    assert.match(out, /SIGTERM: stopping/);
  });
});
