/** Developer aid: CPU time of one full analysis of a synthetic incident. `npx tsx server/analysis/eval/prof.ts 100000` */
import { syntheticBundle } from '../../../test/bench/_synthetic';
import { analyze } from '../index';
const n = Number(process.argv[2] ?? 5000);
const b = syntheticBundle(n);
const c0 = process.cpuUsage();
const t0 = Date.now();
const a = analyze({ incident: b.incident, policies: b.policies, items: b.items });
const c = process.cpuUsage(c0);
console.log(n, 'wall', (Date.now() - t0) / 1000, 'cpu', ((c.user + c.system) / 1e6).toFixed(2), 'claims', a.claims.length);
