import { readFileSync } from 'node:fs';
import { goldSeeds, loadBundle } from './run';
import { analyze } from '../index';
const [name, mode] = process.argv.slice(2);
const b = loadBundle('/work/shared/eval/dev', name!, (f) => JSON.parse(readFileSync(f, 'utf8')), (f) => readFileSync(f, 'utf8').split('\n'));
const a = analyze({ incident: b.incident, policies: b.policies, items: b.items, ...(mode === 'seeded' ? { seeds: goldSeeds(b) } : {}) });
const cid = new Map(a.claims.map((c, k) => [c.id, `G${k}`]));
for (const gc of b.gold.claims) {
  console.log(`\n== ${gc.id} ${gc.summary}`);
  for (const it of b.items) {
    const g = b.gold.items[it.id]!;
    if (g.claim !== gc.id || g.role !== 'claim') continue;
    const p = a.items[it.id]!;
    console.log(`${(p.claim ? cid.get(p.claim) : '-')!.padEnd(3)} ${p.role.slice(0, 5)} ${it.text.slice(0, 150).replace(/\n/g, ' ')}`);
  }
}
