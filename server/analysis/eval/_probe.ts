import { readFileSync } from 'node:fs';
import { goldSeeds, loadBundle } from './run';
import { prepare } from '../index';
import { groupVectors } from '../grouping';
import { addInto, cosine, pack, type SparseVec } from '../vectors';
const rows: string[] = [];
for (const name of ['adobe-tos-2024', 'slack-ml-2024', 'zoom-tos-2023']) {
  const b = loadBundle('/work/shared/eval/dev', name, (f) => JSON.parse(readFileSync(f, 'utf8')), (f) => readFileSync(f, 'utf8').split('\n'));
  const { f } = prepare({ incident: b.incident, policies: b.policies, items: b.items });
  const S = f.anchors.length;
  const att = f.items.map((it, i) => [i, b.gold.items[it.id]!.claim] as const).filter(([, c]) => c);
  const seeds = goldSeeds(b);
  const seedIdx = b.gold.claims.map((c) => f.byId.get(seeds[c.summary]![0]!)!);
  const secOnly = f.items.map((_, i) => { const m = new Map<number, number>(); for (let s = 0; s < S; s++) m.set(s, Math.max(0, f.secSim[i * S + s]!) ** 2); return pack(m); });
  const reps: Record<string, SparseVec[]> = { own: f.own, ctx: f.ctx, g05: groupVectors(f, 0.5), g1: groupVectors(f, 1), g2: groupVectors(f, 2), sec: secOnly };
  const out: string[] = [name];
  for (const [k, vecs] of Object.entries(reps)) {
    let nn = 0, ns = 0;
    for (const [i, c] of att) {
      let bj = -1, bs = -1; for (const [j] of att) { if (j === i) continue; const s = cosine(vecs[i]!, vecs[j]!); if (s > bs) { bs = s; bj = j; } }
      if (b.gold.items[f.items[bj]!.id]!.claim === c) nn++;
      let bk = -1, bb = -1; seedIdx.forEach((si, kk) => { const s = cosine(vecs[i]!, vecs[si]!); if (s > bb) { bb = s; bk = kk; } });
      if (b.gold.claims[bk]!.id === c) ns++;
    }
    // seeded k-means over all non-noise items (using gold non-noise for the probe)
    const pool = f.items.map((_, i) => i).filter((i) => b.gold.items[f.items[i]!.id]!.role !== 'noise');
    let cents = seedIdx.map((si) => vecs[si]!);
    let assign = new Map<number, number>();
    for (let it = 0; it < 10; it++) {
      assign = new Map();
      for (const i of pool) { let bk = 0, bb = -1; cents.forEach((c, kk) => { const s = cosine(vecs[i]!, c); if (s > bb) { bb = s; bk = kk; } }); assign.set(i, bk); }
      seedIdx.forEach((si, kk) => assign.set(si, kk));
      cents = seedIdx.map((si, kk) => { const m = new Map<number, number>(); addInto(m, vecs[si]!, 3); for (const [i, a] of assign) if (a === kk) addInto(m, vecs[i]!, 1); return pack(m); });
    }
    let km = 0; for (const [i, c] of att) if (b.gold.claims[assign.get(i)!]!.id === c) km++;
    out.push(`${k} nn=${(nn / att.length).toFixed(2)} seed=${(ns / att.length).toFixed(2)} km=${(km / att.length).toFixed(2)}`);
    continue;
    out.push(`${k} nn=${(nn / att.length).toFixed(2)} seed=${(ns / att.length).toFixed(2)}`);
  }
  rows.push(out.join(' | '));
}
console.log(rows.join('\n'));
