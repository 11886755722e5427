/** A small multinomial logistic regression: standardised features, L2, full-batch gradient descent. Deterministic. */

export interface SoftmaxModel {
  features: string[];
  classes: string[];
  mean: number[];
  std: number[];
  /** weights[c][f], with the bias last. */
  weights: number[][];
}

/** Fits a model to rows of features and their class indices. */
export function trainSoftmax(
  X: readonly number[][],
  y: readonly number[],
  features: string[],
  classes: string[],
  opts: { l2?: number; iters?: number; rate?: number; classWeight?: boolean } = {},
): SoftmaxModel {
  const n = X.length;
  const d = features.length;
  const K = classes.length;
  const mean = new Array(d).fill(0);
  const std = new Array(d).fill(0);
  for (const x of X) for (let j = 0; j < d; j++) mean[j] += x[j]! / n;
  for (const x of X) for (let j = 0; j < d; j++) std[j] += (x[j]! - mean[j]) ** 2 / n;
  for (let j = 0; j < d; j++) std[j] = Math.sqrt(std[j]) || 1;
  const Z = X.map((x) => [...x.map((v, j) => (v - mean[j]) / std[j]), 1]);
  const counts = new Array(K).fill(0);
  for (const c of y) counts[c]++;
  const cw = counts.map((c) => (opts.classWeight && c ? n / (K * c) : 1));
  const W = Array.from({ length: K }, () => new Array(d + 1).fill(0));
  const l2 = opts.l2 ?? 0.01;
  const rate = opts.rate ?? 0.5;
  for (let it = 0; it < (opts.iters ?? 400); it++) {
    const G = Array.from({ length: K }, () => new Array(d + 1).fill(0));
    for (let i = 0; i < n; i++) {
      const p = probs(W, Z[i]!);
      for (let c = 0; c < K; c++) {
        const g = (p[c]! - (y[i] === c ? 1 : 0)) * cw[y[i]!]!;
        for (let j = 0; j <= d; j++) G[c]![j] += (g * Z[i]![j]!) / n;
      }
    }
    for (let c = 0; c < K; c++) for (let j = 0; j <= d; j++) W[c]![j] -= rate * (G[c]![j]! + (j < d ? l2 * W[c]![j]! : 0));
  }
  return { features, classes, mean, std, weights: W.map((r) => r.map((v) => Math.round(v * 1e6) / 1e6)) };
}

function probs(W: readonly number[][], z: readonly number[]): number[] {
  const s = W.map((w) => w.reduce((a, v, j) => a + v * z[j]!, 0));
  const m = Math.max(...s);
  const e = s.map((v) => Math.exp(v - m));
  const t = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / t);
}

/** Class probabilities for one row of raw features. */
export function predictSoftmax(m: SoftmaxModel, x: readonly number[]): number[] {
  const z = [...x.map((v, j) => (v - m.mean[j]!) / m.std[j]!), 1];
  return probs(m.weights, z);
}
