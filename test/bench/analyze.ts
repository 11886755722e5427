/**
 * `npm run bench -- analyze --items 100000 [--new 1000] [--runs 3] [--no200k] [--json]`
 * Full analysis of a synthetic incident from the store to results written back to the store; incremental placement
 * of new items into the analysed incident, and how often it agrees with a full re-analysis; the same at twice the size.
 * Full analyses are timed `--runs` times at each size, alternating sizes so both see the same load; medians are reported.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importBundle } from '../../server/bundle/import';
import { openDb, type Db } from '../../server/store/db';
import { insertItems } from '../../server/store/items';
import { analyzeIncident, placeNewItems } from '../../server/store/analysis';
import { benchArgs, median, syntheticBundle } from './_synthetic';

const args = benchArgs(process.argv.slice(2));
const fresh = Number(args.get('new') ?? 1000);
const log = (s: string) => (args.json ? process.stderr : process.stdout).write(s + '\n');
const work = mkdtempSync(join(tmpdir(), 'claimline-bench-analyze-'));
const secs = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

function claimsOf(db: Db, incidentId: string): Map<string, { role: string; claim: string | null }> {
  const rows = db.prepare('SELECT item_id, role, claim_id FROM item_analysis WHERE incident_id = ?').all(incidentId) as { item_id: string; role: string; claim_id: string | null }[];
  return new Map(rows.map((r) => [r.item_id, { role: r.role, claim: r.claim_id }]));
}

/** Full analysis of `n` items; returns seconds. */
function fullRun(n: number, name: string): number {
  const bundle = syntheticBundle(n, { id: `bench-${name}` });
  const db = openDb(join(work, `${name}.db`));
  importBundle(db, bundle);
  const t0 = process.hrtime.bigint();
  analyzeIncident(db, bundle.incident.id);
  const s = secs(t0);
  db.close();
  return s;
}

try {
  log(`analyze benchmark: ${args.items} items, ${fresh} new for the incremental run`);
  const all = syntheticBundle(args.items + fresh, { id: 'bench-main' });
  const base = { ...all, items: all.items.slice(0, args.items) };
  const added = all.items.slice(args.items);
  const db = openDb(join(work, 'main.db'));
  importBundle(db, base);
  let t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  const first = analyzeIncident(db, base.incident.id);
  const analyzeSeconds = secs(t0);
  const cpu = process.cpuUsage(c0);
  // CPU time too: on a shared machine the wall time also counts other processes' turns.
  const analyzeCpuSeconds = (cpu.user + cpu.system) / 1e6;
  log(`  full analysis: ${analyzeSeconds.toFixed(2)} s (CPU ${analyzeCpuSeconds.toFixed(2)} s), ${first.claims.length} claims`);

  insertItems(db, base.incident.id, added);
  t0 = process.hrtime.bigint();
  placeNewItems(db, base.incident.id, added.map((i) => i.id));
  const incrementalSeconds = secs(t0);
  const incrementalSecondsPer1000 = (incrementalSeconds * 1000) / Math.max(1, fresh);
  const inc = claimsOf(db, base.incident.id);
  log(`  incremental: ${fresh} items in ${incrementalSeconds.toFixed(3)} s`);

  // Agreement: a full re-analysis of all items, its claims matched to the incremental run's by their shared old items.
  analyzeIncident(db, base.incident.id);
  const full = claimsOf(db, base.incident.id);
  const overlap = new Map<string, Map<string, number>>();
  for (const it of base.items) {
    const a = inc.get(it.id)?.claim;
    const b = full.get(it.id)?.claim;
    if (!a || !b) continue;
    const m = overlap.get(a) ?? new Map<string, number>();
    m.set(b, (m.get(b) ?? 0) + 1);
    overlap.set(a, m);
  }
  const match = new Map([...overlap].map(([a, m]) => [a, [...m].sort((x, y) => y[1] - x[1])[0]![0]]));
  let agree = 0;
  let roleAgree = 0;
  for (const it of added) {
    const a = inc.get(it.id);
    const b = full.get(it.id);
    if (a && b && a.role === b.role) roleAgree++;
    if (!a || !b || a.role !== b.role) continue;
    if ((a.claim === null && b.claim === null) || (a.claim !== null && match.get(a.claim) === b.claim)) agree++;
  }
  const incrementalAgreement = agree / Math.max(1, added.length);
  log(`  incremental agrees with a full re-analysis for ${(incrementalAgreement * 100).toFixed(1)}% of the new items (roles alone ${((roleAgree / Math.max(1, added.length)) * 100).toFixed(1)}%)`);
  db.close();

  // More full analyses at both sizes, alternating, for medians taken under the same load.
  const with200k = !args.json || !process.argv.includes('--no200k');
  const times = [analyzeSeconds];
  const times200k: number[] = [];
  for (let r = 0; r < args.runs; r++) {
    if (with200k) times200k.push(fullRun(args.items * 2, `double-${r}`));
    if (r < args.runs - 1) times.push(fullRun(args.items, `single-${r}`));
  }
  const analyzeMedian = median(times);
  log(`  full analysis of ${args.items} items, median of ${times.length}: ${analyzeMedian.toFixed(2)} s (${times.map((t) => t.toFixed(2)).join(', ')})`);
  const analyzeSeconds200k = with200k ? median(times200k) : null;
  if (analyzeSeconds200k !== null)
    log(`  full analysis of ${args.items * 2} items, median of ${times200k.length}: ${analyzeSeconds200k.toFixed(2)} s (${(analyzeSeconds200k / analyzeMedian).toFixed(2)}x; ${times200k.map((t) => t.toFixed(2)).join(', ')})`);
  const peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  log(`goals: ${args.items} items under 10 s, 1000 incremental under 0.5 s, agreement >= 0.90, double size at most 2.3x; peak RSS ${peakRssMB} MB`);
  console.log(
    JSON.stringify({
      items: args.items,
      analyzeSeconds: Number(analyzeMedian.toFixed(3)),
      analyzeCpuSeconds: Number(analyzeCpuSeconds.toFixed(3)),
      incrementalSecondsPer1000: Number(incrementalSecondsPer1000.toFixed(3)),
      incrementalAgreement: Number(incrementalAgreement.toFixed(3)),
      analyzeSeconds200k: analyzeSeconds200k === null ? null : Number(analyzeSeconds200k.toFixed(3)),
      ratio200k: analyzeSeconds200k === null ? null : Number((analyzeSeconds200k / analyzeMedian).toFixed(3)),
      runs: times.length,
      peakRssMB,
    }),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
