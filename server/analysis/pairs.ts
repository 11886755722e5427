/** A learned similarity: the probability that two items make the same claim, from generic pair features. */
import type { Features } from './features';
import { predictSoftmax, type SoftmaxModel } from './softmax';
import { cosine, pack, type SparseVec } from './vectors';
import pairModel from './data/pair-model.json';

export const PAIR_FEATURES = [
  'cosOwn', 'cosCtx', 'cosGroup', 'cosSections', 'sameTopSection', 'linked', 'sameThread', 'sameAuthor', 'logHoursApart', 'sharedSectionNumber', 'minLen',
] as const;

export interface PairContext {
  f: Features;
  vecs: readonly SparseVec[];
  sec: SparseVec[];
  top: Int32Array;
  root: Int32Array;
  time: Float64Array;
  nums: (string[] | null)[];
  model: SoftmaxModel;
}

const NUM = /\b\d+\.\d+\b/g;

/** Precomputes what pair features need. */
export function pairContext(f: Features, vecs: readonly SparseVec[], model?: SoftmaxModel): PairContext {
  const n = f.items.length;
  const S = f.anchors.length;
  const sec: SparseVec[] = [];
  const top = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
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
    sec.push(pack(m));
  }
  const root = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let r = i;
    for (let hops = 0; hops < 50; hops++) {
      const p = f.parent[r] ?? f.quote[r];
      if (p === null || p === undefined) break;
      r = p;
    }
    root[i] = r;
  }
  const time = Float64Array.from(f.items.map((it) => Date.parse(it.createdAt) || 0));
  const nums = f.items.map((it) => it.text.match(NUM));
  return { f, vecs, sec, top, root, time, nums, model: model ?? (pairModel as SoftmaxModel) };
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
  ];
}

/** Probability that items i and j make the same claim. */
export function pairProb(c: PairContext, i: number, j: number): number {
  return predictSoftmax(c.model, pairFeatures(c, i, j))[1]!;
}
