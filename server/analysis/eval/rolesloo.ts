/** Developer aid: leave-one-out role scores only (fast). `npx tsx server/analysis/eval/rolesloo.ts` */
import { devCorpus } from './run';
import { prepare } from '../index';
import { trainRoleModel } from '../train';
import { decideRoles } from '../roles';
const { bundles: bs } = await devCorpus();
const ROLES = ['claim', 'response', 'reaction', 'report', 'noise'];
let mf = 0;
const out: string[] = [];
for (const b of bs) {
  const m = trainRoleModel(bs.filter((x) => x !== b));
  const { f, roleCtx } = prepare({ incident: b.incident, policies: b.policies, items: b.items }, m);
  const d = decideRoles(roleCtx);
  const conf = Object.fromEntries(ROLES.map((r) => [r, { tp: 0, fp: 0, fn: 0 }]));
  let attNoise = 0, noiseOn = 0, reacNoise = 0;
  f.items.forEach((it, i) => {
    const g = b.gold.items[it.id]!;
    const p = d[i]!.role;
    if (g.role === p) conf[g.role]!.tp++;
    else { conf[g.role]!.fn++; conf[p]!.fp++; }
    if (g.claim && p === 'noise') attNoise++;
    if (g.role === 'reaction' && p === 'noise') reacNoise++;
    if (g.role === 'noise' && p !== 'noise') noiseOn++;
  });
  const f1 = ROLES.map((r) => { const { tp, fp, fn } = conf[r]!; const P = tp + fp ? tp / (tp + fp) : 0; const R = tp + fn ? tp / (tp + fn) : 0; return P + R ? 2 * P * R / (P + R) : 0; });
  const macro = f1.reduce((a, x) => a + x, 0) / 5;
  mf += macro / bs.length;
  out.push(`${b.name.padEnd(16)} macroF1 ${macro.toFixed(3)} [${f1.map((x) => x.toFixed(2)).join(' ')}] attached->noise ${attNoise} (reactions ${reacNoise}) noise->on ${noiseOn}`);
}
console.log(out.join('\n') + `\nMEAN macroF1 ${mf.toFixed(3)}`);
