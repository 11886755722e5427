/** Stage 5-6: claim groups discovered from the items (policy sections as anchors), seeds honoured, every item placed. */
import type { Role } from '../../shared/types';
import { agglomerate, louvain } from './cluster';
import { SHORT, type Features } from './features';
import { addInto, cosine, pack, sharedTerms, type SparseVec } from './vectors';

export interface GroupParams {
  /** Weight of the section-similarity profile against the item's own words. */
  sectionWeight: number;
  /** Average-linkage similarity at which clustering stops. */
  threshold: number;
  /** Groups smaller than this share of the clustered items are folded into their nearest group. */
  minShare: number;
  /** Most items clustered directly; the rest are assigned to the nearest group. */
  maxCore: number;
  /** Least similarity to a group's centroid for an item to join it. */
  assignMin: number;
  method: 'louvain' | 'agglomerative';
  /** Neighbours per item in the similarity graph. */
  k: number;
  resolution: number;
  /** Cluster every eligible item (not only those with words of their own) when there are at most this many. */
  allBelow: number;
  /** Rounds of k-means after the cut. */
  refine: number;
  /** With seeds: an unpinned cluster at least this close to a pinned one joins it. */
  seedMerge: number;
}

export const DEFAULT_GROUP_PARAMS: GroupParams = { sectionWeight: 1, threshold: 0.2, minShare: 0.04, maxCore: 1500, assignMin: 0.02, method: 'agglomerative', k: 8, resolution: 1, allBelow: 0, refine: 3, seedMerge: 0.3 };

export interface Group {
  members: number[];
  seedLabel: string | null;
  seedItems: number[];
  centroid: SparseVec;
}

export interface Placement {
  group: number;
  reason: string;
}

/** The clustering vector of an item: its words plus its profile over policy sections. */
export function groupVectors(f: Features, sectionWeight: number): SparseVec[] {
  const S = f.anchors.length;
  const base = f.vocab.terms.length + 1;
  return f.ctx.map((v, i) => {
    const m = new Map<number, number>();
    addInto(m, v, 1);
    let max = 0;
    for (let s = 0; s < S; s++) max = Math.max(max, f.secSim[i * S + s]!);
    if (max > 0) {
      const prof = new Map<number, number>();
      let norm = 0;
      for (let s = 0; s < S; s++) {
        const x = f.secSim[i * S + s]!;
        if (x >= 0.6 * max) {
          prof.set(base + s, x);
          norm += x * x;
        }
      }
      norm = Math.sqrt(norm) || 1;
      for (const [k, x] of prof) m.set(k, (x / norm) * sectionWeight);
    }
    return pack(m);
  });
}

function centroidOf(vecs: readonly SparseVec[], members: readonly number[]): SparseVec {
  const m = new Map<number, number>();
  for (const i of members) addInto(m, vecs[i]!, 1);
  return pack(m);
}

/** Deterministic, evenly spread subset of at most `max` indices. */
function spread(xs: readonly number[], max: number): number[] {
  if (xs.length <= max) return [...xs];
  const out: number[] = [];
  const step = xs.length / max;
  for (let k = 0; k < max; k++) out.push(xs[Math.floor(k * step)]!);
  return out;
}

/**
 * Groups the items with the given roles. `seeds` maps a label to item indices pinned to it.
 * Returns the groups and, per item, its group (or -1) with the reason.
 */
export function groupItems(
  f: Features,
  roles: readonly Role[],
  seeds: readonly { label: string; items: number[] }[],
  p: GroupParams = DEFAULT_GROUP_PARAMS,
): { groups: Group[]; placement: (Placement | null)[]; vecs: SparseVec[] } {
  const n = f.items.length;
  const vecs = groupVectors(f, p.sectionWeight);
  const seedOf = new Int32Array(n).fill(-1);
  seeds.forEach((s, k) => s.items.forEach((i) => (seedOf[i] = k)));
  const eligible: number[] = [];
  for (let i = 0; i < n; i++) if (roles[i] !== 'noise' || seedOf[i]! >= 0) eligible.push(i);
  // The core: items with enough words of their own, seeds always included.
  const rich = eligible.length <= p.allBelow ? eligible : eligible.filter((i) => seedOf[i]! >= 0 || (f.stems[i]!.length >= SHORT && roles[i] !== 'reaction'));
  const core = [...new Set([...eligible.filter((i) => seedOf[i]! >= 0), ...spread(rich.filter((i) => seedOf[i]! < 0), p.maxCore)])].sort((a, b) => a - b);
  const fixed = Int32Array.from(core.map((i) => seedOf[i]!));
  const lab =
    p.method === 'louvain'
      ? louvain(knnGraph(core.map((i) => vecs[i]!), p.k), p.resolution)
      : agglomerate(core.length, (a, b) => cosine(vecs[core[a]!]!, vecs[core[b]!]!), p.threshold, fixed);
  let clusters: number[][] = [];
  core.forEach((i, k) => {
    (clusters[lab[k]!] ??= []).push(i);
  });
  clusters = clusters.filter(Boolean);
  // Fold small unseeded clusters into their nearest big one.
  const minSize = Math.max(3, Math.ceil(p.minShare * core.length));
  const isSeeded = (c: number[]) => c.some((i) => seedOf[i]! >= 0);
  let big = clusters.filter((c) => c.length >= minSize || isSeeded(c));
  if (!big.length) big = clusters.length ? [clusters.flat()] : [];
  const bigCent = big.map((c) => centroidOf(vecs, c));
  for (const c of clusters) {
    if (big.includes(c)) continue;
    const cc = centroidOf(vecs, c);
    let best = 0;
    let bs = -Infinity;
    bigCent.forEach((b, k) => {
      const s = cosine(cc, b);
      if (s > bs) {
        bs = s;
        best = k;
      }
    });
    big[best]!.push(...c);
  }
  // With seeds, an unpinned cluster close to a pinned one joins it: pins should move the grouping a long way.
  if (seeds.length) {
    const seeded = big.filter(isSeeded);
    const cents = seeded.map((c) => centroidOf(vecs, c));
    big = big.filter((c) => {
      if (isSeeded(c)) return true;
      const cc = centroidOf(vecs, c);
      let best = -1;
      let bs = -Infinity;
      cents.forEach((x, k) => {
        const s = cosine(cc, x);
        if (s > bs) {
          bs = s;
          best = k;
        }
      });
      if (best >= 0 && bs >= p.seedMerge) {
        seeded[best]!.push(...c);
        return false;
      }
      return true;
    });
  }
  // A few rounds of k-means over the clustered items sharpen the average-linkage cut.
  for (let round = 0; round < p.refine; round++) {
    const cents = big.map((c) => centroidOf(vecs, c));
    const next: number[][] = big.map(() => []);
    for (const c of big) for (const i of c) {
      if (seedOf[i]! >= 0) {
        next[big.indexOf(c)]!.push(i);
        continue;
      }
      let best = 0;
      let bs = -Infinity;
      cents.forEach((x, k) => {
        const s = cosine(vecs[i]!, x);
        if (s > bs) {
          bs = s;
          best = k;
        }
      });
      next[best]!.push(i);
    }
    const kept = next.map((c, k) => (c.length ? c : big[k]!));
    big = kept;
  }
  const groups: Group[] = big.map((members) => {
    const seedIdx = members.find((i) => seedOf[i]! >= 0);
    const label = seedIdx !== undefined ? seeds[seedOf[seedIdx]!]!.label : null;
    return { members: [], seedLabel: label, seedItems: members.filter((i) => seedOf[i]! >= 0), centroid: centroidOf(vecs, members) };
  });
  // Place every eligible item: seeds first, then by nearest centroid; weak replies follow their parent.
  const placement: (Placement | null)[] = new Array(n).fill(null);
  const order = [...eligible].sort((a, b) => (f.items[a]!.createdAt < f.items[b]!.createdAt ? -1 : f.items[a]!.createdAt > f.items[b]!.createdAt ? 1 : a - b));
  for (const i of order) {
    if (seedOf[i]! >= 0) {
      const g = groups.findIndex((gr) => gr.seedItems.includes(i));
      placement[i] = { group: g, reason: `pinned as an example of "${seeds[seedOf[i]!]!.label}"` };
      continue;
    }
    placement[i] = placeOne(f, vecs, groups, i, placement, p);
  }
  for (let i = 0; i < n; i++) if (placement[i] && placement[i]!.group >= 0) groups[placement[i]!.group]!.members.push(i);
  return { groups, placement, vecs };
}

/** Places one item into the nearest group; a reply or quote with little text of its own follows its parent. */
export function placeOne(
  f: Features,
  vecs: readonly SparseVec[],
  groups: readonly Group[],
  i: number,
  placement: readonly (Placement | null)[],
  p: GroupParams,
): Placement | null {
  const par = f.parent[i] ?? f.quote[i];
  let best = -1;
  let bs = -Infinity;
  for (let g = 0; g < groups.length; g++) {
    const s = cosine(vecs[i]!, groups[g]!.centroid);
    if (s > bs) {
      bs = s;
      best = g;
    }
  }
  if (par !== null && par !== undefined) {
    const pp = placement[par];
    if (pp && pp.group >= 0) {
      const ps = cosine(vecs[i]!, groups[pp.group]!.centroid);
      if (f.stems[i]!.length < SHORT * 2 || ps >= bs - 0.05) return { group: pp.group, reason: `${f.parent[i] !== null ? 'reply' : 'quote'} to ${f.items[par]!.id}, which is in this claim` };
    }
  }
  if (best < 0 || bs < p.assignMin) return null;
  const terms = sharedTerms(f.own[i]!, groups[best]!.centroid, f.vocab, 3).map((t) => `'${f.surface.get(t) ?? t}'`);
  const seed = groups[best]!.seedLabel;
  return { group: best, reason: terms.length ? `shares ${terms.join(', ')} with the claim${seed ? ` pinned as "${seed}"` : ''}` : `closest claim by its words and policy sections (similarity ${bs.toFixed(2)})` };
}

/** Symmetric k-nearest-neighbour graph weighted by cosine similarity. */
export function knnGraph(vs: readonly SparseVec[], k: number): Map<number, number>[] {
  const n = vs.length;
  const adj: Map<number, number>[] = Array.from({ length: n }, () => new Map());
  const row = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) row[j] = j === i ? -1 : cosine(vs[i]!, vs[j]!);
    const idx = Array.from({ length: n }, (_, j) => j).sort((a, b) => row[b]! - row[a]! || a - b).slice(0, k);
    for (const j of idx) {
      const w = row[j]!;
      if (w <= 0) continue;
      adj[i]!.set(j, Math.max(adj[i]!.get(j) ?? 0, w));
      adj[j]!.set(i, Math.max(adj[j]!.get(i) ?? 0, w));
    }
  }
  return adj;
}
