/** Developer aid: LOO seeded/unseeded grouping per bundle, with a group x gold cross-tab. `npx tsx server/analysis/eval/seeddiag.ts '[{...group params}]' [bundle prefix] [x]`; caches the LOO models in $LOO_CACHE (RETRAIN=1 refreshes them after a feature change). PICK=k pins each claim's k-th item labelled `claim` instead of its first; PINS=n pins n of them from there on (does pinning more move the grouping further?). */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { goldSeeds, devCorpus } from './run';
import { analyze, DEFAULT_PARAMS } from '../index';
import { trainPairModel, trainRoleModel } from '../train';
const { bundles: bs, score } = await devCorpus();
const cache = process.env.LOO_CACHE ?? '/tmp/claimline-loo-models.json';
let models: { roleModel: ReturnType<typeof trainRoleModel>; pairModel: ReturnType<typeof trainPairModel> }[];
if (existsSync(cache) && !process.env.RETRAIN) models = JSON.parse(readFileSync(cache, 'utf8'));
else {
  models = bs.map((b) => { const o = bs.filter((x) => x !== b); return { roleModel: trainRoleModel(o), pairModel: trainPairModel(o) }; });
  writeFileSync(cache, JSON.stringify(models));
}
/** The scorer's seeds with another pick per claim: `pins` of its items labelled `claim` in time order, from the `k`-th on (robustness checks). */
function pickSeeds(b: (typeof bs)[number], k: number, pins: number): Record<string, string[]> {
  const byTime = [...b.items].sort((x, y) => (x.createdAt < y.createdAt ? -1 : x.createdAt > y.createdAt ? 1 : 0));
  const out: Record<string, string[]> = {};
  for (const c of b.gold.claims) {
    const its = byTime.filter((it) => b.gold.items[it.id]?.role === 'claim' && b.gold.items[it.id]?.claim === c.id);
    const from = Math.min(k, its.length - 1);
    if (its.length) out[c.summary] = its.slice(from, from + pins).map((it) => it.id);
  }
  return out;
}
const grids: Record<string, unknown>[] = JSON.parse(process.argv[2] ?? '[{}]');
const only = process.argv[3];
const xtab = process.argv[4];
for (const g of grids) {
  const acc = { u: 0, ua: 0, s: 0, sa: 0 };
  const per: string[] = [];
  bs.forEach((b, k) => {
    const p = { ...DEFAULT_PARAMS, ...models[k], group: { ...DEFAULT_PARAMS.group, ...g } };
    const input = { incident: b.incident, policies: b.policies, items: b.items };
    const seeds = process.env.PICK || process.env.PINS ? pickSeeds(b, Number(process.env.PICK ?? 0), Number(process.env.PINS ?? 1)) : goldSeeds(b);
    const ua = process.env.NOU ? null : analyze(input, p);
    const sa = analyze({ ...input, seeds }, p);
    const u = ua ? score(b.gold, ua) : { grouping: { f1: 0, ari: 0 } };
    const s = score(b.gold, sa);
    acc.u += u.grouping.f1 / bs.length; acc.ua += u.grouping.ari / bs.length; acc.s += s.grouping.f1 / bs.length; acc.sa += s.grouping.ari / bs.length;
    per.push(`${b.name.slice(0, 5)} ${u.grouping.f1.toFixed(3)}/${s.grouping.f1.toFixed(3)}`);
    if (xtab && (!only || b.name.startsWith(only))) {
      const seedOfClaim = new Map(Object.entries(seeds).map(([lab, ids]) => [lab, b.gold.items[ids[0]!]!.claim]));
      console.log(`== ${b.name} seeded B3 ${s.grouping.f1.toFixed(3)} P ${s.grouping.precision.toFixed(3)} R ${s.grouping.recall.toFixed(3)}`);
      console.log('group'.padEnd(26) + b.gold.claims.map((c) => c.id.padStart(5)).join('') + '  none');
      for (const c of (process.env.XU && ua ? ua : sa).claims) {
        const counts = b.gold.claims.map((gc) => c.items.filter((i) => b.gold.items[i]!.claim === gc.id).length);
        const none = c.items.filter((i) => !b.gold.items[i]!.claim).length;
        const tag = seedOfClaim.get(c.label) ? `seed ${seedOfClaim.get(c.label)}` : c.id.slice(0, 20);
        console.log(tag.padEnd(26) + counts.map((x) => String(x).padStart(5)).join('') + String(none).padStart(6));
      }
      const un = b.gold.claims.map((gc) => b.items.filter((it) => b.gold.items[it.id]!.claim === gc.id && !sa.items[it.id]!.claim).length);
      console.log('unplaced'.padEnd(26) + un.map((x) => String(x).padStart(5)).join(''));
    }
  });
  console.log(JSON.stringify(g), 'U', acc.u.toFixed(3), acc.ua.toFixed(3), '| S', acc.s.toFixed(3), acc.sa.toFixed(3), '|', per.join('  '));
}
