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
  const entries = [...m.entries()].filter(([, v]) => v !== 0).sort((a, b) => a[0] - b[0]);
  let norm = 0;
  for (const [, v] of entries) norm += v * v;
  norm = Math.sqrt(norm) || 1;
  return { ids: Int32Array.from(entries.map((e) => e[0])), w: Float32Array.from(entries.map((e) => e[1] / norm)) };
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

/** Dot product of a sparse vector with a dense one. */
export function dotDense(a: SparseVec, dense: Float32Array | Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.ids.length; j++) s += a.w[j]! * (dense[a.ids[j]!] ?? 0);
  return s;
}

/** Terms both vectors weigh most, best first. */
export function sharedTerms(a: SparseVec, b: SparseVec, vocab: Vocabulary, n = 3): string[] {
  const shared: [string, number][] = [];
  let i = 0;
  let j = 0;
  while (i < a.ids.length && j < b.ids.length) {
    const x = a.ids[i]!;
    const y = b.ids[j]!;
    if (x === y) {
      const t = vocab.terms[x];
      if (t !== undefined) shared.push([t, a.w[i]! * b.w[j]!]);
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return shared.sort((p, q) => q[1] - p[1] || (p[0] < q[0] ? -1 : 1)).slice(0, n).map((e) => e[0]);
}
