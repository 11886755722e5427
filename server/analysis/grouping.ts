/** Stage 5-6: claim groups discovered from the items (policy sections as anchors), seeds honoured, every item placed. */
import type { Role } from '../../shared/types';
import { agglomerateMatrix, spreadLabels } from './cluster';
import { SECTION_DIM, SHORT, type Features } from './features';
import { pairContext, pairMatrix } from './pairs';
import type { SoftmaxModel } from './softmax';
import { addInto, cosine, hashId, InvertedIndex, pack, sharedTerms, stableSample, truncate, type SparseVec } from './vectors';

export interface GroupParams {
  /** Weight of the section-similarity profile against the item's own words. */
  sectionWeight: number;
  /** Groups smaller than this share of the clustered items are folded into their nearest group. */
  minShare: number;
  /** Most items clustered directly; the rest are assigned to the nearest group. */
  maxCore: number;
  /** Average same-claim probability at which clustering stops. */
  pairThreshold: number;
  /** Neighbours per item in the same-claim graph that label spreading from the pins runs over. */
  k: number;
  /** Weight of the log share of a group when placing an item by its centroid. */
  sizePrior: number;
  /** With seeds: least average same-claim probability between an unpinned cluster and a seed for the cluster to join it. */
  seedAffinity: number;
  /** With seeds: label spreading (this alpha; 0 turns it off) from the pinned items over the k-nearest graph of pair probabilities re-divides the pinned claims' items. */
  seedSpread: number;
  /** A reply or quote follows its parent's claim unless another claim is more than this much closer (replies that react: they are mostly about their parent's claim). */
  followMargin: number;
  /** As `followMargin`, for replies and quotes with the role `claim`: they often assert something else than their parent, so their own words decide. */
  followClaimMargin: number;
  /** Replies and quotes with fewer content words than this many times SHORT always follow their parent. */
  followLen: number;
}

export const DEFAULT_GROUP_PARAMS: GroupParams = { sectionWeight: 0.4, minShare: 0.04, maxCore: 600, pairThreshold: 0.35, k: 8, sizePrior: 0.03, seedAffinity: 0.4, seedSpread: 0.9, followMargin: 0.05, followClaimMargin: 0, followLen: 1 };

export interface Group {
  members: number[];
  /** Share of the clustered items in this group: a prior for items with little to go on. */
  prior: number;
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
  return f.ctx.map((v, i) => {
    let max = 0;
    for (let s = 0; s < S; s++) max = Math.max(max, f.secSim[i * S + s]!);
    let kept = 0;
    let norm = 0;
    if (max > 0) for (let s = 0; s < S; s++) {
      const x = f.secSim[i * S + s]!;
      if (x >= 0.6 * max) {
        kept++;
        norm += x * x;
      }
    }
    // Word part (unit) and section part (length sectionWeight) side by side; ids stay sorted.
    const ids = new Int32Array(v.ids.length + kept);
    const w = new Float32Array(ids.length);
    const total = Math.sqrt((v.ids.length ? 1 : 0) + (kept ? sectionWeight * sectionWeight : 0)) || 1;
    ids.set(v.ids);
    for (let j = 0; j < v.ids.length; j++) w[j] = v.w[j]! / total;
    norm = Math.sqrt(norm) || 1;
    let k = v.ids.length;
    if (kept) for (let s = 0; s < S; s++) {
      const x = f.secSim[i * S + s]!;
      if (x >= 0.6 * max) {
        ids[k] = SECTION_DIM + s;
        w[k++] = ((x / norm) * sectionWeight) / total;
      }
    }
    return { ids, w };
  });
}

/** Terms kept in a group's centroid: bounded so it can be stored and used again by incremental runs. */
export const CENTROID_TERMS = 400;

function centroidOf(vecs: readonly SparseVec[], members: readonly number[]): SparseVec {
  const m = new Map<number, number>();
  for (const i of members) addInto(m, vecs[i]!, 1);
  return truncate(pack(m), CENTROID_TERMS);
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
  pairModel?: SoftmaxModel,
): { groups: Group[]; placement: (Placement | null)[]; vecs: SparseVec[] } {
  const n = f.items.length;
  const vecs = groupVectors(f, p.sectionWeight);
  const seedOf = new Int32Array(n).fill(-1);
  seeds.forEach((s, k) => s.items.forEach((i) => (seedOf[i] = k)));
  const eligible: number[] = [];
  for (let i = 0; i < n; i++) if (roles[i] !== 'noise' || seedOf[i]! >= 0) eligible.push(i);
  // The core: items with enough words of their own, seeds always included.
  const rich = eligible.filter((i) => seedOf[i]! >= 0 || (f.stems[i]!.length >= SHORT && roles[i] !== 'reaction'));
  const core = [...new Set([...eligible.filter((i) => seedOf[i]! >= 0), ...coreSample(f, rich.filter((i) => seedOf[i]! < 0), p.maxCore)])].sort((a, b) => a - b);
  const M = pairMatrix(pairContext(f, vecs, pairModel, core), core);
  const lab = agglomerateMatrix(core.length, M, p.pairThreshold);
  let clusters: number[][] = [];
  core.forEach((i, k) => {
    (clusters[lab[k]!] ??= []).push(i);
  });
  clusters = clusters.filter(Boolean);
  // Pins that share a free cluster: the claim of each of them holds only part of it.
  const shared = new Map<number, number[]>();
  for (const c of clusters) {
    const held = [...new Set(c.filter((i) => seedOf[i]! >= 0).map((i) => seedOf[i]!))];
    if (held.length > 1) for (const sd of held) shared.set(sd, held.filter((o) => o !== sd));
  }
  const minSize = Math.max(3, Math.ceil(p.minShare * core.length));
  if (seeds.length) {
    clusters = mapClustersToSeeds(clusters, core, M, seedOf, seeds.length, p.seedAffinity);
    if (p.seedSpread > 0) clusters = spreadFromSeeds(clusters, core, M, seedOf, seeds.length, p.seedSpread, p.k, threadLinks(f, core));
    clusters = homeSeeds(clusters, core, M, seedOf, seeds.length, minSize, shared);
  }
  // Fold small unseeded clusters into their nearest big one.
  const isSeeded = (c: number[]) => c.some((i) => seedOf[i]! >= 0);
  let big = clusters.filter((c) => c.length >= minSize || isSeeded(c));
  if (!big.length) big = clusters.length ? [clusters.flat()] : [];
  const bigCent = big.map((c) => centroidOf(vecs, c));
  for (const c of clusters) {
    if (big.includes(c)) continue;
    const cc = centroidOf(vecs, c);
    big[argmax(bigCent.length, (k) => cosine(cc, bigCent[k]!)).index]!.push(...c);
  }
  const groups: Group[] = big.map((members) => {
    const seedIdx = members.find((i) => seedOf[i]! >= 0);
    const label = seedIdx !== undefined ? seeds[seedOf[seedIdx]!]!.label : null;
    return { members: [], prior: members.length / Math.max(1, core.length), seedLabel: label, seedItems: members.filter((i) => seedOf[i]! >= 0), centroid: centroidOf(vecs, members) };
  });
  // Place every eligible item: seeds first, then by nearest centroid; weak replies follow their parent.
  const placement: (Placement | null)[] = new Array(n).fill(null);
  const order = [...eligible].sort((a, b) => (f.items[a]!.createdAt < f.items[b]!.createdAt ? -1 : f.items[a]!.createdAt > f.items[b]!.createdAt ? 1 : a - b));
  const clusterOf = new Map<number, number>();
  big.forEach((c, g) => c.forEach((i) => clusterOf.set(i, g)));
  // With seeds, on incidents small enough to compare every pair: an item that would join a pinned claim goes to the
  // pinned claim its likeliest same-claim partners and its thread lead to, spreading from the clustered items of the
  // pinned claims over the pair-probability graph of all eligible items (items left out of the clustering included).
  let restPlace: Int32Array | null = null;
  if (seeds.length && p.seedSpread > 0 && eligible.length <= p.maxCore) {
    const MA = pairMatrix(pairContext(f, vecs, pairModel, eligible), eligible);
    const y = new Int32Array(eligible.length).fill(-1);
    const w = new Float32Array(eligible.length);
    eligible.forEach((i, q) => {
      const g = clusterOf.get(i);
      if (g !== undefined && groups[g]!.seedLabel !== null) {
        y[q] = g;
        w[q] = 1;
      }
    });
    const { label } = spreadLabels(pairGraph(MA, eligible.length, p.k, threadLinks(f, eligible)), y, w, groups.length, p.seedSpread);
    restPlace = new Int32Array(n).fill(-1);
    eligible.forEach((i, q) => (restPlace![i] = label[q]!));
  }
  for (const i of order) {
    if (seedOf[i]! >= 0) {
      const g = groups.findIndex((gr) => gr.seedItems.includes(i));
      placement[i] = { group: g, reason: `pinned as an example of "${seeds[seedOf[i]!]!.label}"` };
      continue;
    }
    placement[i] = placeOne(f, vecs, groups, i, placement, p, roles[i]);
    const r = restPlace ? restPlace[i]! : -1;
    const cur = placement[i];
    if (r >= 0 && cur && cur.group !== r && groups[cur.group]?.seedLabel != null) {
      placement[i] = { group: r, reason: `near the pinned example ${groups[r]!.seedItems.map((x) => f.items[x]!.id).join(', ')} through the items most likely to make the same claim, in the claim pinned as "${groups[r]!.seedLabel}"` };
    }
  }
  for (let i = 0; i < n; i++) if (placement[i] && placement[i]!.group >= 0) groups[placement[i]!.group]!.members.push(i);
  return { groups, placement, vecs };
}

let scratch = new Float32Array(0);
const indexes = new WeakMap<readonly Group[], InvertedIndex>();
/** An inverted index of the groups' centroids, built once per set of groups. */
function centroidIndex(groups: readonly Group[]): InvertedIndex {
  let ix = indexes.get(groups);
  if (!ix) indexes.set(groups, (ix = new InvertedIndex(groups.map((g) => g.centroid))));
  return ix;
}

/** Places one item into the nearest group; a reply or quote with little text of its own, or that reacts rather than claims, follows its parent. */
export function placeOne(
  f: Features,
  vecs: readonly SparseVec[],
  groups: readonly Group[],
  i: number,
  placement: readonly (Placement | null)[],
  p: GroupParams,
  role?: Role,
): Placement | null {
  const par = f.parent[i] ?? f.quote[i];
  let best = -1;
  let bs = -Infinity;
  const index = centroidIndex(groups);
  index.dots(vecs[i]!, scratch.length === groups.length ? scratch : (scratch = new Float32Array(groups.length)));
  for (let g = 0; g < groups.length; g++) {
    const s = scratch[g]! + p.sizePrior * Math.log(Math.max(groups[g]!.prior, 1e-3));
    if (s > bs) {
      bs = s;
      best = g;
    }
  }
  if (par !== null && par !== undefined) {
    const pp = placement[par];
    if (pp && pp.group >= 0) {
      const ps = scratch[pp.group]! + p.sizePrior * Math.log(Math.max(groups[pp.group]!.prior, 1e-3));
      if (f.stems[i]!.length < SHORT * p.followLen || ps >= bs - (role === 'claim' ? p.followClaimMargin : p.followMargin)) return { group: pp.group, reason: `${f.parent[i] !== null ? 'reply' : 'quote'} to ${f.items[par]!.id}, which is in this claim` };
    }
  }
  if (best < 0) return null;
  const terms = sharedTerms(f.own[i]!, groups[best]!.centroid, f.vocab, 3).map((t) => `'${f.surface.get(t) ?? t}'`);
  const seed = groups[best]!.seedLabel;
  const near = seed && groups[best]!.seedItems.length ? ` (near the pinned example ${groups[best]!.seedItems.map((x) => f.items[x]!.id).join(', ')})` : '';
  return { group: best, reason: terms.length ? `shares ${terms.join(', ')} with the claim${seed ? ` pinned as "${seed}"` : ''}${near}` : `closest claim by its words and policy sections (similarity ${bs.toFixed(2)})${near}` };
}

/**
 * Seeds over free clusters: a cluster holding one seed becomes that seed's; a cluster holding several is split by
 * each member's likeness to the seeds; an unpinned cluster joins the seed it is most alike to, if alike enough.
 */
function mapClustersToSeeds(clusters: number[][], core: readonly number[], M: Float32Array, seedOf: Int32Array, nSeeds: number, minAffinity: number): number[][] {
  const m = core.length;
  const pos = new Map(core.map((i, k) => [i, k]));
  const seedPos: number[][] = Array.from({ length: nSeeds }, () => []);
  core.forEach((i, k) => {
    if (seedOf[i]! >= 0) seedPos[seedOf[i]!]!.push(k);
  });
  const affinity = (k: number, seed: number) => {
    const sp = seedPos[seed]!;
    if (!sp.length) return 0;
    let t = 0;
    for (const q of sp) t += q === k ? 1 : M[k * m + q]!;
    return t / sp.length;
  };
  const bySeed: number[][] = Array.from({ length: nSeeds }, () => []);
  const free: number[][] = [];
  for (const c of clusters) {
    const held = [...new Set(c.filter((i) => seedOf[i]! >= 0).map((i) => seedOf[i]!))];
    if (held.length === 1) {
      bySeed[held[0]!]!.push(...c);
      continue;
    }
    if (held.length > 1) {
      for (const i of c) {
        if (seedOf[i]! >= 0) {
          bySeed[seedOf[i]!]!.push(i);
          continue;
        }
        const k = pos.get(i)!;
        bySeed[held[argmax(held.length, (h) => affinity(k, held[h]!)).index]!]!.push(i);
      }
      continue;
    }
    const { index: best, score } = argmax(nSeeds, (sd) => {
      let t = 0;
      for (const i of c) t += affinity(pos.get(i)!, sd);
      return t / c.length;
    });
    if (best >= 0 && score >= minAffinity) bySeed[best]!.push(...c);
    else free.push(c);
  }
  return [...bySeed.filter((c) => c.length), ...free];
}

/** Reply and quote links between items of `idx`, as pairs of positions in `idx`. */
function threadLinks(f: Features, idx: readonly number[]): [number, number][] {
  const pos = new Map(idx.map((i, q) => [i, q]));
  const out: [number, number][] = [];
  idx.forEach((i, q) => {
    for (const par of [f.parent[i], f.quote[i]]) {
      const r = par === null || par === undefined ? undefined : pos.get(par);
      if (r !== undefined) out.push([q, r]);
    }
  });
  return out;
}

/**
 * Per item of `idx`, the seed that label spreading from the pinned items gives it (or -1), over the graph linking each
 * item to its `k` likeliest same-claim partners and to its reply or quote parent (`links`), weighted by the pair model.
 */
function seedLabels(idx: readonly number[], M: Float32Array, seedOf: Int32Array, nSeeds: number, alpha: number, k: number, links: readonly [number, number][] = []): Int32Array {
  const m = idx.length;
  const adj = pairGraph(M, m, k, links);
  const y = new Int32Array(m).fill(-1);
  const w = new Float32Array(m);
  idx.forEach((i, q) => {
    if (seedOf[i]! >= 0) {
      y[q] = seedOf[i]!;
      w[q] = 1;
    }
  });
  return spreadLabels(adj, y, w, nSeeds, alpha).label;
}

/** The graph linking each of `m` items to its `k` likeliest same-claim partners and along `links`, weighted by the pair probabilities `M`. */
function pairGraph(M: Float32Array, m: number, k: number, links: readonly [number, number][]): Map<number, number>[] {
  const adj: Map<number, number>[] = Array.from({ length: m }, () => new Map());
  for (let a = 0; a < m; a++) {
    const near = Array.from({ length: m }, (_, b) => b).filter((b) => b !== a).sort((x, y) => M[a * m + y]! - M[a * m + x]! || x - y).slice(0, k);
    for (const b of near) {
      const w = M[a * m + b]!;
      if (w <= 0) continue;
      adj[a]!.set(b, Math.max(adj[a]!.get(b) ?? 0, w));
      adj[b]!.set(a, Math.max(adj[b]!.get(a) ?? 0, w));
    }
  }
  for (const [a, b] of links) {
    const w = M[a * m + b]!;
    adj[a]!.set(b, Math.max(adj[a]!.get(b) ?? 0, w));
    adj[b]!.set(a, Math.max(adj[b]!.get(a) ?? 0, w));
  }
  return adj;
}

/**
 * Re-divides the items the seeded clusters hold by label spreading from the pinned items over the graph linking each
 * item to its `k` likeliest same-claim partners (pair model): an item goes to the seed whose claim reaches it most
 * strongly through its neighbours. Unpinned clusters stay as they are.
 */
function spreadFromSeeds(clusters: number[][], core: readonly number[], M: Float32Array, seedOf: Int32Array, nSeeds: number, alpha: number, k: number, links: readonly [number, number][]): number[][] {
  const pos = new Map(core.map((i, q) => [i, q]));
  const label = seedLabels(core, M, seedOf, nSeeds, alpha, k, links);
  const bySeed: number[][] = Array.from({ length: nSeeds }, () => []);
  const free: number[][] = [];
  for (const c of clusters) {
    if (!c.some((i) => seedOf[i]! >= 0)) {
      free.push(c);
      continue;
    }
    for (const i of c) {
      const q = pos.get(i)!;
      const s = seedOf[i]! >= 0 ? seedOf[i]! : label[q]!;
      if (s >= 0) bySeed[s]!.push(i);
      else free.push([i]);
    }
  }
  return [...bySeed.filter((c) => c.length), ...free];
}

/**
 * A second chance for the pins the free clustering left without a cluster of their own: a pin whose claim holds fewer
 * than `minSize` items, or that shared a free cluster with other pins (`shared`) and kept the smaller part of it.
 * Such a pin first adopts the unpinned cluster (of `minSize` or more) most alike to it among those alike to no other
 * pin more. Failing that, it contests the pinned claim most alike to it (not one of the pins it shared a cluster
 * with: that cluster was divided between them already): the items of both claims are clustered again into two
 * around the two pins (average linkage over the pair probabilities), and the division is kept when the pin gains at
 * least `minSize` items that are more alike to it than to any other pin, and both halves hang together better than
 * they hang to each other.
 */
function homeSeeds(clusters: number[][], core: readonly number[], M: Float32Array, seedOf: Int32Array, nSeeds: number, minSize: number, shared: ReadonlyMap<number, number[]>): number[][] {
  const m = core.length;
  const pos = new Map(core.map((i, q) => [i, q]));
  const pins: number[][] = Array.from({ length: nSeeds }, () => []);
  core.forEach((i, q) => {
    if (seedOf[i]! >= 0) pins[seedOf[i]!]!.push(q);
  });
  // Average same-claim probability between some items and a seed's pinned items.
  const aff = (c: readonly number[], sd: number) => {
    const sp = pins[sd]!;
    if (!sp.length || !c.length) return 0;
    let t = 0;
    for (const i of c) {
      const k = pos.get(i)!;
      for (const q of sp) t += q === k ? 1 : M[k * m + q]!;
    }
    return t / (c.length * sp.length);
  };
  const meanWithin = (qs: readonly number[]) => {
    let t = 0;
    let c = 0;
    for (let a = 0; a < qs.length; a++) for (let b = a + 1; b < qs.length; b++) {
      t += M[qs[a]! * m + qs[b]!]!;
      c++;
    }
    return c ? t / c : 1;
  };
  const meanBetween = (as: readonly number[], bs: readonly number[]) => {
    let t = 0;
    for (const a of as) for (const b of bs) t += M[a * m + b]!;
    return as.length && bs.length ? t / (as.length * bs.length) : 0;
  };
  const out = clusters.map((c) => [...c]);
  const seedIn = (c: readonly number[]) => {
    const i = c.find((x) => seedOf[x]! >= 0);
    return i === undefined ? -1 : seedOf[i]!;
  };
  const holder = (sd: number) => out.findIndex((c) => c.some((i) => seedOf[i] === sd));
  for (let sd = 0; sd < nSeeds; sd++) {
    const h = holder(sd);
    if (h < 0) continue;
    const partners = shared.get(sd) ?? [];
    const smaller = partners.some((o) => holder(o) >= 0 && out[holder(o)]!.length > out[h]!.length);
    if (out[h]!.length >= minSize && !smaller) continue;
    const adopt = argmax(out.length, (k) => {
      const c = out[k]!;
      if (c.length < minSize || seedIn(c) >= 0) return -Infinity;
      const mine = aff(c, sd);
      for (let o = 0; o < nSeeds; o++) if (o !== sd && aff(c, o) >= mine) return -Infinity;
      return mine;
    }).index;
    if (adopt >= 0) {
      out[h]!.push(...out[adopt]!);
      out[adopt] = [];
      continue;
    }
    const rival = argmax(out.length, (k) => {
      const o = seedIn(out[k]!);
      return k === h || o < 0 || partners.includes(o) ? -Infinity : aff(out[k]!, sd);
    }).index;
    if (rival < 0) continue;
    const U = [...out[h]!, ...out[rival]!];
    const n = U.length;
    const sub = new Float32Array(n * n);
    const qs = U.map((i) => pos.get(i)!);
    for (let u = 0; u < n; u++) for (let v = 0; v < n; v++) sub[u * n + v] = M[qs[u]! * m + qs[v]!]!;
    const fixed = Int32Array.from(U.map((i) => (seedOf[i]! < 0 ? -1 : seedOf[i] === sd ? 0 : 1)));
    const lab = agglomerateMatrix(n, sub, -Infinity, fixed);
    const mineLab = lab[U.findIndex((i) => seedOf[i] === sd)]!;
    const A = U.filter((_, u) => lab[u] === mineLab);
    const B = U.filter((_, u) => lab[u] !== mineLab);
    const own = new Set(out[h]!);
    const moved = A.filter((i) => !own.has(i));
    const qa = A.map((i) => pos.get(i)!);
    const qb = B.map((i) => pos.get(i)!);
    const between = meanBetween(qa, qb);
    const mine = aff(moved, sd);
    let prefer = true;
    for (let o = 0; o < nSeeds; o++) if (o !== sd && aff(moved, o) >= mine) prefer = false;
    if (moved.length < minSize || !prefer || meanWithin(qa) <= between || meanWithin(qb) <= between) continue;
    out[h] = A;
    out[rival] = B;
  }
  return out.filter((c) => c.length);
}

/** The index in [0, n) with the highest score (the first on ties), or -1 when every score is -Infinity. */
function argmax(n: number, score: (k: number) => number): { index: number; score: number } {
  let index = -1;
  let best = -Infinity;
  for (let k = 0; k < n; k++) {
    const s = score(k);
    if (s > best) {
      best = s;
      index = k;
    }
  }
  return { index, score: best };
}

/** At most about `max` items, chosen by a hash of their id modulo a power of two, so adding items only adds to the core. */
function coreSample(f: Features, xs: readonly number[], max: number): number[] {
  if (xs.length <= max) return [...xs];
  let m = 1;
  while (m * max < xs.length) m *= 2;
  const out = xs.filter((i) => hashId(f.items[i]!.id) % m === 0);
  return out.length >= 2 ? out : stableSample(xs, (i) => f.items[i]!.id, max);
}
