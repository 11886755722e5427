/** A learned similarity: the probability that two items make the same claim, from generic pair features. */
import type { Features } from './features';
import type { SoftmaxModel } from './softmax';
import { cosine, EMPTY, pack, type SparseVec } from './vectors';
import pairModel from './data/pair-model.json';

export const PAIR_FEATURES = [
  'cosOwn', 'cosCtx', 'cosGroup', 'cosSections', 'sameTopSection', 'linked', 'sameThread', 'sameAuthor', 'logHoursApart', 'sharedSectionNumber', 'minLen',
  'sharedNeighbours', 'neighbours',
] as const;

/** Neighbours per item for the shared-neighbour features. */
const KNN = 10;

export interface PairContext {
  f: Features;
  vecs: readonly SparseVec[];
  sec: SparseVec[];
  top: Int32Array;
  root: Int32Array;
  time: Float64Array;
  nums: (string[] | null)[];
  /** Each clustered item's nearest neighbours among the clustered items (by group vector). */
  knn: Map<number, Set<number>>;
  model: SoftmaxModel;
}

const NUM = /\b\d+\.\d+\b/g;

/** Precomputes what pair features need, for the items in `only` (all when absent). */
export function pairContext(f: Features, vecs: readonly SparseVec[], model?: SoftmaxModel, only?: readonly number[]): PairContext {
  const n = f.items.length;
  const S = f.anchors.length;
  const sec: SparseVec[] = new Array(n).fill(EMPTY);
  const top = new Int32Array(n).fill(-1);
  const root = new Int32Array(n);
  const time = new Float64Array(n);
  const nums: (string[] | null)[] = new Array(n).fill(null);
  for (const i of only ?? f.items.map((_, k) => k)) {
    const m = new Map<number, number>();
    let b = 0;
    for (let s = 0; s < S; s++) {
      const x = f.secSim[i * S + s]!;
      if (x > 0) m.set(s, x * x);
      if (x > b) {
        b = x;
        top[i] = s;
      }
    }
    sec[i] = pack(m);
    let r = i;
    for (let hops = 0; hops < 50; hops++) {
      const p = f.parent[r] ?? f.quote[r];
      if (p === null || p === undefined) break;
      r = p;
    }
    root[i] = r;
    time[i] = Date.parse(f.items[i]!.createdAt) || 0;
    nums[i] = f.items[i]!.text.match(NUM);
  }
  const list = only ?? f.items.map((_, k) => k);
  const knn = new Map<number, Set<number>>();
  const G = cosineMatrix(list.map((i) => vecs[i]!));
  const m = list.length;
  list.forEach((i, a) => {
    const order = Array.from({ length: m }, (_, b) => b).filter((b) => b !== a).sort((x, y) => G[a * m + y]! - G[a * m + x]! || x - y);
    knn.set(i, new Set(order.slice(0, KNN).map((b) => list[b]!)));
  });
  return { f, vecs, sec, top, root, time, nums, knn, model: model ?? (pairModel as SoftmaxModel) };
}

/** Features of one pair of items. */
export function pairFeatures(c: PairContext, i: number, j: number): number[] {
  const { f } = c;
  const ni = c.nums[i];
  const nj = c.nums[j];
  return [
    cosine(f.own[i]!, f.own[j]!),
    cosine(f.ctx[i]!, f.ctx[j]!),
    cosine(c.vecs[i]!, c.vecs[j]!),
    cosine(c.sec[i]!, c.sec[j]!),
    c.top[i] === c.top[j] && c.top[i]! >= 0 ? 1 : 0,
    f.parent[i] === j || f.parent[j] === i || f.quote[i] === j || f.quote[j] === i ? 1 : 0,
    c.root[i] === c.root[j] ? 1 : 0,
    f.items[i]!.author.handle === f.items[j]!.author.handle ? 1 : 0,
    Math.log1p(Math.abs(c.time[i]! - c.time[j]!) / 3_600_000),
    ni && nj && ni.some((x) => nj.includes(x)) ? 1 : 0,
    Math.log1p(Math.min(f.stems[i]!.length, f.stems[j]!.length)),
    sharedNeighbours(c, i, j),
    (c.knn.get(i)?.has(j) ? 1 : 0) + (c.knn.get(j)?.has(i) ? 1 : 0),
  ];
}

function sharedNeighbours(c: PairContext, i: number, j: number): number {
  const a = c.knn.get(i);
  const b = c.knn.get(j);
  if (!a || !b) return 0;
  let n = 0;
  for (const x of a) if (b.has(x)) n++;
  return n / KNN;
}

/** All pairwise cosines of some vectors through an inverted index (m x m, row-major). */
function cosineMatrix(vs: readonly SparseVec[]): Float32Array {
  const m = vs.length;
  const out = new Float32Array(m * m);
  const postings = new Map<number, { i: number; w: number }[]>();
  vs.forEach((v, i) => {
    for (let j = 0; j < v.ids.length; j++) {
      let p = postings.get(v.ids[j]!);
      if (!p) postings.set(v.ids[j]!, (p = []));
      p.push({ i, w: v.w[j]! });
    }
  });
  for (const p of postings.values()) {
    for (let a = 0; a < p.length; a++) {
      const pa = p[a]!;
      const row = pa.i * m;
      for (let b = a + 1; b < p.length; b++) out[row + p[b]!.i] += pa.w * p[b]!.w;
    }
  }
  for (let a = 0; a < m; a++) for (let b = a + 1; b < m; b++) out[b * m + a] = out[a * m + b]!;
  return out;
}

/** Same-claim probabilities of every pair of the given items (m x m, row-major), computed in bulk. */
export function pairMatrix(c: PairContext, idx: readonly number[]): Float32Array {
  const m = idx.length;
  const { f } = c;
  const own = cosineMatrix(idx.map((i) => f.own[i]!));
  const ctx = cosineMatrix(idx.map((i) => f.ctx[i]!));
  const grp = cosineMatrix(idx.map((i) => c.vecs[i]!));
  const sec = cosineMatrix(idx.map((i) => c.sec[i]!));
  const model = c.model;
  // Two classes: P(same) = sigmoid of the difference of the two linear scores on standardised features.
  const d = model.features.length;
  const wd = new Float64Array(d + 1);
  for (let j = 0; j <= d; j++) wd[j] = model.weights[1]![j]! - model.weights[0]![j]!;
  let bias = wd[d]!;
  const coef = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    coef[j] = wd[j]! / model.std[j]!;
    bias -= (wd[j]! * model.mean[j]!) / model.std[j]!;
  }
  const out = new Float32Array(m * m);
  const x = new Float64Array(d);
  for (let a = 0; a < m; a++) {
    for (let b = a + 1; b < m; b++) {
      const i = idx[a]!;
      const j = idx[b]!;
      const k = a * m + b;
      const ni = c.nums[i];
      const nj = c.nums[j];
      x[0] = own[k]!;
      x[1] = ctx[k]!;
      x[2] = grp[k]!;
      x[3] = sec[k]!;
      x[4] = c.top[i] === c.top[j] && c.top[i]! >= 0 ? 1 : 0;
      x[5] = f.parent[i] === j || f.parent[j] === i || f.quote[i] === j || f.quote[j] === i ? 1 : 0;
      x[6] = c.root[i] === c.root[j] ? 1 : 0;
      x[7] = f.items[i]!.author.handle === f.items[j]!.author.handle ? 1 : 0;
      x[8] = Math.log1p(Math.abs(c.time[i]! - c.time[j]!) / 3_600_000);
      x[9] = ni && nj && ni.some((y) => nj.includes(y)) ? 1 : 0;
      x[10] = Math.log1p(Math.min(f.stems[i]!.length, f.stems[j]!.length));
      x[11] = sharedNeighbours(c, i, j);
      x[12] = (c.knn.get(i)?.has(j) ? 1 : 0) + (c.knn.get(j)?.has(i) ? 1 : 0);
      let z = bias;
      for (let q = 0; q < d; q++) z += coef[q]! * x[q]!;
      const p = 1 / (1 + Math.exp(-z));
      out[k] = p;
      out[b * m + a] = p;
    }
  }
  return out;
}
