/** Developer aid: leave-one-out grouping scores for a grid of group parameters. `npx tsx server/analysis/eval/sweep.ts '[{"pairThreshold":0.3}]'` */
import { goldSeeds, devCorpus } from './run';
import { analyze, DEFAULT_PARAMS } from '../index';
import { trainPairModel, trainRoleModel } from '../train';
const { bundles: bs, score } = await devCorpus();
const models = bs.map((b) => { const o = bs.filter((x) => x !== b); return { roleModel: trainRoleModel(o), pairModel: trainPairModel(o) }; });
const grid: Record<string, unknown>[] = JSON.parse(process.argv[2]!);
for (const g of grid) {
  const acc = { u: [0, 0, 0, 0], s: [0, 0, 0] };
  const per: string[] = [];
  bs.forEach((b, k) => {
    const p = { ...DEFAULT_PARAMS, ...models[k], group: { ...DEFAULT_PARAMS.group, ...g } };
    const overrides = process.env.GOLDROLES ? Object.entries(b.gold.items).map(([item, g], k) => ({ id: k, at: '2000-01-01T00:00:00Z', edit: { kind: 'role' as const, item, role: g.role as 'claim' } })) : [];
    const input = { incident: b.incident, policies: b.policies, items: b.items, overrides };
    const u = score(b.gold, analyze(input, p));
    const an = analyze(input, p);
    const s = score(b.gold, analyze({ ...input, seeds: goldSeeds(b) }, p));
    if (process.env.SUB) for (const role of ['claim', 'reaction', 'response', 'report']) {
      const sub = { ...b.gold, items: Object.fromEntries(Object.entries(b.gold.items).filter(([, v]) => v.role === role)) };
      const r = score(sub, an);
      console.log(b.name, role, 'b3', r.grouping.f1.toFixed(3), 'P', r.grouping.precision.toFixed(3), 'R', r.grouping.recall.toFixed(3));
    }
    per.push(`${b.name.slice(0, 5)} ${u.grouping.f1.toFixed(3)}/${s.grouping.f1.toFixed(3)}`);
    const k3 = bs.length; acc.u[0] += u.grouping.f1 / k3; acc.u[1] += u.grouping.ari / k3; acc.u[2] += u.policy.top1 / k3; acc.u[3] += u.predictedGroups / k3;
    acc.s[0] += s.grouping.f1 / k3; acc.s[1] += s.grouping.ari / k3; acc.s[2] += s.policy.top1 / k3;
  });
  console.log(JSON.stringify(g), 'U b3', acc.u[0].toFixed(3), 'ari', acc.u[1].toFixed(3), 'top1', acc.u[2].toFixed(2), 'groups', acc.u[3].toFixed(1), '| S b3', acc.s[0].toFixed(3), 'ari', acc.s[1].toFixed(3), 'top1', acc.s[2].toFixed(2), '|', per.join(' '));
}
