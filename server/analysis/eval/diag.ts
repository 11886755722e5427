/** Developer aid: role confusion and group/gold cross-tab for one bundle. `npx tsx server/analysis/eval/diag.ts <dir> <bundle> [seeded]` */
import { readFileSync } from 'node:fs';
import { analyze } from '../index';
import { goldSeeds, loadBundle } from './run';

const [dir, name, mode] = process.argv.slice(2);
const b = loadBundle(dir!, name!, (f) => JSON.parse(readFileSync(f, 'utf8')), (f) => readFileSync(f, 'utf8').split('\n'));
const a = analyze({ incident: b.incident, policies: b.policies, items: b.items, ...(mode === 'seeded' ? { seeds: goldSeeds(b) } : {}) });
const roles = ['claim', 'response', 'reaction', 'report', 'noise'];
console.log('gold\\pred  ' + roles.map((r) => r.slice(0, 6).padStart(7)).join(''));
for (const g of roles) {
  const row = roles.map((p) => b.items.filter((it) => b.gold.items[it.id]!.role === g && a.items[it.id]!.role === p).length);
  console.log(g.padEnd(10) + row.map((x) => String(x).padStart(7)).join(''));
}
const claims = a.claims.map((c) => c.id);
console.log('\ngroups x gold claims');
for (const c of a.claims) {
  const counts = b.gold.claims.map((g) => c.items.filter((i) => b.gold.items[i]!.claim === g.id).length);
  const none = c.items.filter((i) => !b.gold.items[i]!.claim).length;
  console.log(`${c.id.slice(0, 22).padEnd(22)} ${counts.map((x) => String(x).padStart(4)).join('')}  none ${none}  | ${c.label.slice(0, 60)} | ${c.policyLinks.slice(0, 2).map((l) => l.section).join(' ')}`);
}
const un = b.items.filter((it) => b.gold.items[it.id]!.claim && !a.items[it.id]!.claim);
console.log(`unplaced gold-attached: ${un.length}`);
void claims;
if (process.env.SHOW) {
  for (const it of b.items) {
    const g = b.gold.items[it.id]!;
    const p = a.items[it.id]!;
    if (process.env.SHOW === 'roles' && g.role !== p.role) console.log(`${it.id} gold ${g.role} pred ${p.role} | ${p.reason} | ${it.text.slice(0, 140)}`);
  }
}
