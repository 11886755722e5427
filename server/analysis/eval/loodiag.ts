/** Developer aid: honest (leave-one-out) per-item diagnosis. `npx tsx server/analysis/eval/loodiag.ts [seeded]` writes a TSV per bundle to stdout. */
import { goldSeeds, devCorpus } from './run';
import { analyze, DEFAULT_PARAMS, prepare } from '../index';
import { trainPairModel, trainRoleModel } from '../train';
import { roleFeatures, ruleRole } from '../roles';
import { predictSoftmax } from '../softmax';
const { bundles: bs, score } = await devCorpus();
const seeded = process.argv[2] === 'seeded';
for (const b of bs) {
  const o = bs.filter((x) => x !== b);
  const roleModel = trainRoleModel(o);
  const pairModel = trainPairModel(o);
  const input = { incident: b.incident, policies: b.policies, items: b.items, ...(seeded ? { seeds: goldSeeds(b) } : {}) };
  const a = analyze(input, { ...DEFAULT_PARAMS, roleModel, pairModel });
  const s = score(b.gold, a);
  // map predicted claim -> majority gold claim
  const maj = new Map<string, string>();
  for (const c of a.claims) {
    const cnt = new Map<string, number>();
    for (const id of c.items) { const g = b.gold.items[id]?.claim; if (g) cnt.set(g, (cnt.get(g) ?? 0) + 1); }
    maj.set(c.id, [...cnt.entries()].sort((x, y) => y[1] - x[1])[0]?.[0] ?? '-');
  }
  for (const c of a.claims) {
    const counts = b.gold.claims.map((g) => c.items.filter((i) => b.gold.items[i]!.claim === g.id).length);
    const none = c.items.filter((i) => !b.gold.items[i]!.claim).length;
    console.log(`#G ${c.id.slice(0, 22).padEnd(22)} ${counts.map((x) => String(x).padStart(4)).join('')}  none ${none}  | ${c.label.slice(0, 60)}`);
  }
  const { f, roleCtx } = prepare(input, roleModel);
  const X = roleFeatures(roleCtx);
  console.log(`## ${b.name} B3 ${s.grouping.f1.toFixed(3)} P ${s.grouping.precision.toFixed(3)} R ${s.grouping.recall.toFixed(3)} roles ${s.roles.macroF1.toFixed(3)}`);
  for (const role of ['claim', 'reaction', 'response', 'report']) {
    const sub = { ...b.gold, items: Object.fromEntries(Object.entries(b.gold.items).filter(([, v]) => v.role === role)) };
    const r = score(sub, a);
    console.log(`#   ${role} b3 ${r.grouping.f1.toFixed(3)} P ${r.grouping.precision.toFixed(3)} R ${r.grouping.recall.toFixed(3)}`);
  }
  f.items.forEach((it, i) => {
    const g = b.gold.items[it.id]!;
    const p = a.items[it.id]!;
    const rule = ruleRole(roleCtx, i);
    const pr = rule ? [] : predictSoftmax(roleModel, X[i]!).map((x) => x.toFixed(2));
    const pc = p.claim ? maj.get(p.claim)! : '-';
    const par = f.parent[i] ?? f.quote[i];
    console.log([it.id, g.role, g.claim ?? '-', p.role, pc, pc === (g.claim ?? '-') ? 'ok' : 'XX', pr.join('/'), par !== null ? f.items[par]!.id : '', it.createdAt.slice(5, 16), it.text.slice(0, 110).replace(/\s+/g, ' ')].join('\t'));
  });
}
