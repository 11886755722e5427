/**
 * Developer aid: leave-one-out grouping scores per bundle (unseeded and seeded) and the held-out pair model's AUC on the
 * bundle's core-like pairs. `THR=0.3,0.35 npx tsx server/analysis/eval/exp-pairs.ts` (CLAIMLINE_EVAL_DIR: the dev folder).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { goldSeeds, loadBundle } from './run';
import { analyze, DEFAULT_PARAMS } from '../index';
import { pairRows, trainPairModel, trainRoleModel } from '../train';
import { predictSoftmax } from '../softmax';
const dir = process.env.CLAIMLINE_EVAL_DIR ?? join(import.meta.dirname, '../../../../shared/eval/dev');
const { score } = await import(pathToFileURL(join(dir, '../score.mjs')).href);
const names = readdirSync(dir).filter((n) => existsSync(join(dir, n, 'gold.json'))).sort();
const bs = names.map((n) => loadBundle(dir, n, (f) => JSON.parse(readFileSync(f, 'utf8')), (f) => readFileSync(f, 'utf8').split('\n')));
const thrs = (process.env.THR ?? '0.35').split(',').map(Number);
const models = bs.map((b) => { const o = bs.filter((x) => x !== b); return { pm: trainPairModel(o), rm: trainRoleModel(o) }; });
for (const thr of thrs) {
const acc = { u: 0, ua: 0, s: 0, sa: 0, auc: 0 };
const out: string[] = [];
for (const [bi, b] of bs.entries()) {
  const pm = models[bi]!.pm;
  const p = { ...DEFAULT_PARAMS, group: { ...DEFAULT_PARAMS.group, pairThreshold: thr }, roleModel: models[bi]!.rm, pairModel: pm };
  const input = { incident: b.incident, policies: b.policies, items: b.items };
  const u = score(b.gold, analyze(input, p));
  const s = score(b.gold, analyze({ ...input, seeds: goldSeeds(b) }, p));
  // Held-out pair AUC on core-like pairs (rank-sum).
  const r = pairRows(b as Parameters<typeof pairRows>[0], true);
  const pr = r.X.map((x) => predictSoftmax(pm, x)[1]!);
  const pos = pr.filter((_, k) => r.y[k] === 1);
  const neg = pr.filter((_, k) => r.y[k] === 0);
  const all = pr.map((v, k) => [v, r.y[k]!] as const).sort((a, c) => a[0] - c[0]);
  let rankSum = 0;
  all.forEach(([, y], k) => { if (y === 1) rankSum += k + 1; });
  const wins = (rankSum - (pos.length * (pos.length + 1)) / 2) / (pos.length * neg.length);
  out.push(`${b.name.padEnd(16)} U ${u.grouping.f1.toFixed(3)} ${u.grouping.ari.toFixed(3)} g${u.predictedGroups} | S ${s.grouping.f1.toFixed(3)} ${s.grouping.ari.toFixed(3)} | auc ${wins.toFixed(3)}`);
  acc.u += u.grouping.f1 / bs.length; acc.ua += u.grouping.ari / bs.length; acc.s += s.grouping.f1 / bs.length; acc.sa += s.grouping.ari / bs.length; acc.auc += wins / bs.length;
}
if (!process.env.QUIET) console.log(out.join('\n'));
console.log(`thr ${thr} MEAN             U ${acc.u.toFixed(3)} ${acc.ua.toFixed(3)} | S ${acc.s.toFixed(3)} ${acc.sa.toFixed(3)} | auc ${acc.auc.toFixed(3)}`);
}
