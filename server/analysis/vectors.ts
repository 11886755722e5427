/** Sparse TF-IDF vectors over a shared vocabulary, normalised to unit length. */
export interface SparseVec {
  ids: Int32Array;
  w: Float32Array;
}

export const EMPTY: SparseVec = { ids: new Int32Array(0), w: new Float32Array(0) };

/** Term ids and document frequencies, built once per analysis. */
export class Vocabulary {
  readonly ids = new Map<string, number>();
  readonly terms: string[] = [];
  df: number[] = [];
  docs = 0;

  id(term: string): number {
    let i = this.ids.get(term);
    if (i === undefined) {
      i = this.terms.length;
      this.ids.set(term, i);
      this.terms.push(term);
      this.df.push(0);
    }
    return i;
  }

  /** Counts each distinct term of a document once. */
  addDoc(terms: readonly string[]): void {
    this.docs++;
    const seen = new Set<number>();
    for (const t of terms) {
      const i = this.id(t);
      if (!seen.has(i)) {
        seen.add(i);
        this.df[i]!++;
      }
    }
  }

  idf(i: number): number {
    const df = this.df[i] ?? 0;
    return Math.log((1 + this.docs) / (1 + df)) + 1;
  }

  /** Document frequencies of every term, for saving. */
  frozen(): { docs: number; df: Record<string, number> } {
    const df: Record<string, number> = {};
    this.terms.forEach((t, i) => {
      if (this.df[i]! > 0) df[t] = this.df[i]!;
    });
    return { docs: this.docs, df };
  }

  /** Unit TF-IDF vector (sublinear tf) of a term list, built without intermediate maps. */
  sparse(terms: readonly string[], weight = 1): SparseVec {
    const raw = new Int32Array(terms.length);
    for (let j = 0; j < terms.length; j++) raw[j] = this.id(terms[j]!);
    raw.sort();
    let k = 0;
    const ids = new Int32Array(raw.length);
    const w = new Float32Array(raw.length);
    let norm = 0;
    for (let j = 0; j < raw.length; ) {
      let e = j;
      while (e < raw.length && raw[e] === raw[j]) e++;
      const v = (1 + Math.log(e - j)) * this.idf(raw[j]!) * weight;
      ids[k] = raw[j]!;
      w[k] = v;
      norm += v * v;
      k++;
      j = e;
    }
    norm = Math.sqrt(norm) || 1;
    for (let j = 0; j < k; j++) w[j]! /= norm;
    return { ids: ids.slice(0, k), w: w.slice(0, k) };
  }

  /** Unit TF-IDF vector (sublinear tf) of a term list; terms never seen get the highest idf. */
  vector(terms: readonly string[], weight = 1): Map<number, number> {
    const tf = new Map<number, number>();
    for (const t of terms) {
      const i = this.id(t);
      tf.set(i, (tf.get(i) ?? 0) + 1);
    }
    const out = new Map<number, number>();
    for (const [i, n] of tf) out.set(i, (1 + Math.log(n)) * this.idf(i) * weight);
    return out;
  }
}

/** Packs a map into a unit sparse vector sorted by id. */
export function pack(m: Map<number, number>): SparseVec {
  const ids = new Int32Array(m.size);
  let k = 0;
  for (const [i, v] of m) if (v !== 0) ids[k++] = i;
  const sorted = ids.subarray(0, k).sort();
  const w = new Float32Array(k);
  let norm = 0;
  for (let j = 0; j < k; j++) {
    const v = m.get(sorted[j]!)!;
    w[j] = v;
    norm += v * v;
  }
  norm = Math.sqrt(norm) || 1;
  for (let j = 0; j < k; j++) w[j]! /= norm;
  return { ids: sorted.slice(), w };
}

/** Dot products of one vector with many, through an inverted index built once (`InvertedIndex`). */
export class InvertedIndex {
  private readonly postings = new Map<number, { doc: Int32Array; w: Float32Array }>();
  readonly size: number;

  constructor(vs: readonly SparseVec[]) {
    this.size = vs.length;
    const tmp = new Map<number, { doc: number[]; w: number[] }>();
    vs.forEach((v, d) => {
      for (let j = 0; j < v.ids.length; j++) {
        let p = tmp.get(v.ids[j]!);
        if (!p) tmp.set(v.ids[j]!, (p = { doc: [], w: [] }));
        p.doc.push(d);
        p.w.push(v.w[j]!);
      }
    });
    for (const [t, p] of tmp) this.postings.set(t, { doc: Int32Array.from(p.doc), w: Float32Array.from(p.w) });
  }

  /** Writes the dot product of `v` with every indexed vector into `out` (length `size`, zeroed here). */
  dots(v: SparseVec, out: Float32Array): void {
    out.fill(0);
    for (let j = 0; j < v.ids.length; j++) {
      const p = this.postings.get(v.ids[j]!);
      if (!p) continue;
      const x = v.w[j]!;
      for (let k = 0; k < p.doc.length; k++) out[p.doc[k]!] += x * p.w[k]!;
    }
  }
}

/** Adds `b` scaled by `k` into map `a`. */
export function addInto(a: Map<number, number>, b: SparseVec | Map<number, number>, k = 1): void {
  if (b instanceof Map) {
    for (const [i, v] of b) a.set(i, (a.get(i) ?? 0) + v * k);
    return;
  }
  for (let j = 0; j < b.ids.length; j++) a.set(b.ids[j]!, (a.get(b.ids[j]!) ?? 0) + b.w[j]! * k);
}

/** Cosine of two unit sparse vectors. */
export function cosine(a: SparseVec, b: SparseVec): number {
  let i = 0;
  let j = 0;
  let s = 0;
  while (i < a.ids.length && j < b.ids.length) {
    const x = a.ids[i]!;
    const y = b.ids[j]!;
    if (x === y) {
      s += a.w[i]! * b.w[j]!;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return s;
}

/** Terms both vectors weigh most, best first. */
export function sharedTerms(a: SparseVec, b: SparseVec, vocab: Vocabulary, n = 3): string[] {
  const best: number[] = [];
  const score: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.ids.length && j < b.ids.length) {
    const x = a.ids[i]!;
    const y = b.ids[j]!;
    if (x === y) {
      const v = a.w[i]! * b.w[j]!;
      if (vocab.terms[x] !== undefined && (best.length < n || v > score[best.length - 1]!)) {
        let q = Math.min(best.length, n - 1);
        if (best.length < n) {
          best.push(0);
          score.push(0);
        }
        while (q > 0 && score[q - 1]! < v) {
          best[q] = best[q - 1]!;
          score[q] = score[q - 1]!;
          q--;
        }
        best[q] = x;
        score[q] = v;
      }
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return best.map((x) => vocab.terms[x]!);
}

/** Keeps the `k` largest weights of a unit vector and renormalises (bounded, storable centroids). */
export function truncate(v: SparseVec, k: number): SparseVec {
  if (v.ids.length <= k) return v;
  const order = Array.from(v.ids.keys()).sort((a, b) => v.w[b]! - v.w[a]! || v.ids[a]! - v.ids[b]!).slice(0, k);
  const m = new Map<number, number>();
  for (const j of order) m.set(v.ids[j]!, v.w[j]!);
  return pack(m);
}

/** The unit vector of a + k * b (both sorted sparse vectors), by merging. */
export function mix(a: SparseVec, b: SparseVec, k: number): SparseVec {
  const ids = new Int32Array(a.ids.length + b.ids.length);
  const w = new Float32Array(ids.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.ids.length || j < b.ids.length) {
    const x = i < a.ids.length ? a.ids[i]! : Infinity;
    const y = j < b.ids.length ? b.ids[j]! : Infinity;
    if (x === y) {
      ids[n] = x;
      w[n++] = a.w[i++]! + k * b.w[j++]!;
    } else if (x < y) {
      ids[n] = x;
      w[n++] = a.w[i++]!;
    } else {
      ids[n] = y;
      w[n++] = k * b.w[j++]!;
    }
  }
  let norm = 0;
  for (let q = 0; q < n; q++) norm += w[q]! * w[q]!;
  norm = Math.sqrt(norm) || 1;
  for (let q = 0; q < n; q++) w[q]! /= norm;
  return { ids: ids.slice(0, n), w: w.slice(0, n) };
}

/** FNV-1a hash of a string: a stable pseudo-random order of items by id. */
export function hashId(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** At most `max` of the given indices, those whose key hashes lowest: a sample that barely moves when items are added. */
export function stableSample(xs: readonly number[], key: (i: number) => string, max: number): number[] {
  if (xs.length <= max) return [...xs];
  return xs
    .map((i) => [i, hashId(key(i))] as const)
    .sort((a, b) => a[1] - b[1] || a[0] - b[0])
    .slice(0, max)
    .map((e) => e[0])
    .sort((a, b) => a - b);
}
