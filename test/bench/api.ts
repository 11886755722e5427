/**
 * `npm run bench -- api --items 1000000 [--requests 300] [--db <file>] [--json]`
 * `--db` keeps the seeded database in that file and reuses it on the next run with the same `--items`.
 * Seeds a synthetic incident (deterministic, from the demo corpus) with a synthetic analysis (claims, roles,
 * policy links), starts the real server on a loopback port and measures p50/p99 latency of real HTTP requests:
 * timeline pages (200 items, no filter), text-filtered pages (a word in about 1% of items), claim detail, histogram.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'node:http';
import { importBundle } from '../../server/bundle/import';
import { spawn } from 'node:child_process';
import { openDb, type Db } from '../../server/store/db';
import { encodeCursor } from '../../server/store/timeline';
import { benchArgs, rng, syntheticBundle } from './_synthetic';

const args = benchArgs(process.argv.slice(2));
const requests = Number(args.get('requests') ?? 300);
const log = (s: string) => (args.json ? process.stderr : process.stdout).write(s + '\n');
const work = mkdtempSync(join(tmpdir(), 'claimline-bench-api-'));
const ROLES = ['claim', 'claim', 'reaction', 'reaction', 'reaction', 'response', 'report', 'noise', 'noise'] as const;
const CLAIMS = 12;

/** Claims, roles and policy links as an analysis would write them, deterministic. */
function seedAnalysis(db: Db, incidentId: string, ids: string[]): void {
  const rand = rng(7);
  const sections = db
    .prepare(
      `SELECT v.id AS vid, v.document_id AS doc, s.section_id AS sid FROM policy_versions v JOIN policy_sections s ON s.version_id = v.id
       WHERE v.incident_id = ? ORDER BY v.retrieved_at, s.ord`,
    )
    .all(incidentId) as { vid: number; doc: string; sid: string }[];
  db.transaction(() => {
    const claim = db.prepare('INSERT INTO claims (incident_id, id, label, first_seen, reason) VALUES (?, ?, ?, NULL, ?)');
    const link = db.prepare('INSERT INTO policy_links (incident_id, claim_id, rank, section_ref, score, version_id, reason) VALUES (?, ?, ?, ?, ?, ?, ?)');
    for (let c = 0; c < CLAIMS; c++) {
      claim.run(incidentId, `c${c}`, `Synthetic claim ${c}`, 'synthetic');
      for (let r = 0; r < 3 && sections.length; r++) {
        const s = sections[(c * 3 + r) % sections.length]!;
        link.run(incidentId, `c${c}`, r, `${s.doc}#${s.sid}`, 1 - r * 0.2, s.vid, 'synthetic');
      }
    }
    const ins = db.prepare('INSERT INTO item_analysis (incident_id, item_id, role, claim_id, role_reason, claim_reason) VALUES (?, ?, ?, ?, ?, ?)');
    for (const id of ids) {
      const role = ROLES[Math.floor(rand() * ROLES.length)]!;
      // Claim sizes follow a skewed distribution, as real ones do.
      const claimId = role === 'noise' ? null : `c${Math.floor(Math.pow(rand(), 2) * CLAIMS)}`;
      ins.run(incidentId, id, role, claimId, 'synthetic', claimId ? 'synthetic' : null);
    }
  })();
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function get(base: string, path: string): Promise<{ ms: number; status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const req = request(base + path, { agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ ms: Number(process.hrtime.bigint() - t0) / 1e6, status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

async function measure(name: string, base: string, paths: () => string, n: number): Promise<{ p50: number; p99: number; first: number }> {
  const times: number[] = [];
  let first = 0;
  for (let i = 0; i < n; i++) {
    const path = paths();
    const r = await get(base, path);
    if (r.status !== 200) throw new Error(`${name}: ${path} answered ${r.status}: ${r.body.slice(0, 300)}`);
    if (i === 0) first = r.ms;
    times.push(r.ms);
  }
  const out = { p50: +pct(times, 50).toFixed(2), p99: +pct(times, 99).toFixed(2), first: +first.toFixed(2) };
  log(`  ${name.padEnd(22)} p50 ${out.p50} ms, p99 ${out.p99} ms (first request ${out.first} ms)`);
  return out;
}

try {
  const t0 = Date.now();
  const keep = args.get('db');
  const file = keep ?? join(work, 'bench.db');
  const reuse = keep !== undefined && existsSync(keep);
  const db = openDb(file);
  let ids: string[];
  let times: string[];
  // Every 100th item is a page start; the rest need not sit in this process's memory.
  const sample = "SELECT id, created_at FROM items WHERE incident_id = 'bench-api' AND seq % 100 = 0";
  if (reuse && (db.prepare("SELECT count(*) AS n FROM items WHERE incident_id = 'bench-api'").get() as { n: number }).n === args.items) {
    const rows = db.prepare(sample).all() as { id: string; created_at: string }[];
    ids = rows.map((r) => r.id);
    times = rows.map((r) => r.created_at);
    log(`api benchmark: reusing ${args.items} items in ${keep}; ${requests} requests per measure`);
  } else {
    if (reuse) db.prepare("DELETE FROM incidents WHERE id = 'bench-api'").run();
    const bundle = syntheticBundle(args.items, { id: 'bench-api' });
    importBundle(db, bundle);
    const all = bundle.items.map((i) => i.id);
    bundle.items.length = 0;
    seedAnalysis(db, 'bench-api', all);
    all.length = 0;
    const rows = db.prepare(sample).all() as { id: string; created_at: string }[];
    ids = rows.map((r) => r.id);
    times = rows.map((r) => r.created_at);
    db.exec('ANALYZE');
    db.pragma('wal_checkpoint(TRUNCATE)');
    log(`api benchmark: ${args.items} items seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s; ${requests} requests per measure`);
  }

  // A word in about 1% of the items, for the text filter.
  const candidates = ['opt', 'email', 'train', 'global', 'models', 'llm', 'workspace', 'privacy', 'principles', 'customer', 'files', 'admin', 'policy', 'legal', 'engineer', 'threads', 'marketing', 'clarify', 'generative', 'update', 'blog', 'owner', 'delete', 'consent', 'europe', 'gdpr', 'search', 'emoji', 'autocomplete', 'channel'];
  const count = db.prepare('SELECT count(*) AS n FROM items_fts WHERE items_fts MATCH ?');
  let word = candidates[0]!;
  let best = Infinity;
  for (const w of candidates) {
    const n = (count.get(`"${w}"`) as { n: number }).n;
    const d = Math.abs(Math.log((n + 1) / (args.items * 0.01)));
    if (n > 0 && d < best) {
      best = d;
      word = w;
    }
  }
  const share = (count.get(`"${word}"`) as { n: number }).n / args.items;
  log(`  text filter word "${word}" matches ${(share * 100).toFixed(2)}% of items`);

  // The server runs in a process of its own, as it would in use: the client's work does not share its event loop.
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '_api-server.ts'), file], { stdio: ['ignore', 'pipe', 'inherit'] });
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^(http:\/\/\S+)\n/m.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the benchmark server exited with code ${code}`)));
  });
  const rand = rng(99);
  const at = () => Math.floor(rand() * ids.length);
  const inc = '/api/incidents/bench-api';
  try {
    // Warm up the connection, the statement cache and the stats cache.
    for (const p of ['/timeline?limit=200', '/histogram?bucket=hour', '/claims', '/claims/c0']) await get(base, inc + p);
    const timeline = await measure('timeline page', base, () => {
      const k = at();
      return `${inc}/timeline?limit=200&cursor=${encodeCursor({ createdAt: times[k]!, id: ids[k]! })}`;
    }, requests);
    const text = await measure('timeline text filter', base, () => `${inc}/timeline?limit=200&q=${encodeURIComponent(word)}&since=${encodeURIComponent(times[at()]!)}`, requests);
    const claim = await measure('claim detail', base, () => `${inc}/claims/c${Math.floor(rand() * CLAIMS)}`, requests);
    const hist = await measure('histogram', base, () => `${inc}/histogram?bucket=${rand() < 0.5 ? 'hour' : 'day'}`, requests);
    // What a request costs right after the data changed (the stats cache recomputed): a write from another connection.
    db.prepare("UPDATE incidents SET updated_at = ? WHERE id = 'bench-api'").run(new Date().toISOString());
    const cold = await get(base, `${inc}/histogram?bucket=hour`);
    log(`  histogram after a write (cache rebuilt): ${cold.ms.toFixed(1)} ms`);
    const result = {
      items: args.items,
      requests,
      timelineP50Ms: timeline.p50,
      timelineP99Ms: timeline.p99,
      timelineTextP50Ms: text.p50,
      timelineTextP99Ms: text.p99,
      textFilterShare: +share.toFixed(4),
      claimP50Ms: claim.p50,
      claimP99Ms: claim.p99,
      histogramP50Ms: hist.p50,
      histogramP99Ms: hist.p99,
      histogramAfterWriteMs: +cold.ms.toFixed(1),
    };
    const goals = result.timelineP99Ms < 20 && result.timelineTextP99Ms < 50 && result.claimP99Ms < 20 && result.histogramP99Ms < 50;
    log(`goals (timeline p99 < 20 ms, text < 50 ms, claim < 20 ms, histogram < 50 ms): ${goals ? 'met' : 'NOT met'}`);
    console.log(JSON.stringify(result));
  } finally {
    agent.destroy();
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    db.close();
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
