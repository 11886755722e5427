/** Average-linkage agglomerative clustering with cannot-link groups (seeds), stopping at a similarity threshold. */

/**
 * Clusters `n` points from their n x n similarity matrix. `fixed[i]` >= 0 puts point i in a pre-formed group
 * (a seed); two groups that hold different seeds never merge. Returns a cluster index per point.
 */
export function agglomerateMatrix(n: number, M: Float32Array, threshold: number, fixed?: Int32Array): Int32Array {
  const sim = (a: number, b: number) => M[a * n + b]!;
  // Initial clusters: seed groups, then singletons.
  const clusterOf = new Int32Array(n).fill(-1);
  const members: number[][] = [];
  const seedOf: number[] = [];
  if (fixed) {
    const bySeed = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const s = fixed[i]!;
      if (s < 0) continue;
      let c = bySeed.get(s);
      if (c === undefined) {
        c = members.length;
        bySeed.set(s, c);
        members.push([]);
        seedOf.push(s);
      }
      members[c]!.push(i);
      clusterOf[i] = c;
    }
  }
  for (let i = 0; i < n; i++) if (clusterOf[i]! < 0) {
    clusterOf[i] = members.length;
    members.push([i]);
    seedOf.push(-1);
  }
  const m = members.length;
  const S = new Float32Array(m * m);
  for (let a = 0; a < m; a++) {
    for (let b = a + 1; b < m; b++) {
      let s = 0;
      const A = members[a]!;
      const B = members[b]!;
      for (const x of A) for (const y of B) s += sim(x, y);
      s /= A.length * B.length;
      S[a * m + b] = s;
      S[b * m + a] = s;
    }
  }
  const size = members.map((x) => x.length);
  const alive = new Uint8Array(m).fill(1);
  const blocked = (a: number, b: number) => seedOf[a]! >= 0 && seedOf[b]! >= 0 && seedOf[a] !== seedOf[b];
  const bestOf = new Int32Array(m).fill(-1);
  const bestSim = new Float32Array(m).fill(-Infinity);
  const refresh = (a: number) => {
    let bi = -1;
    let bs = -Infinity;
    for (let b = 0; b < m; b++) {
      if (b === a || !alive[b] || blocked(a, b)) continue;
      const s = S[a * m + b]!;
      if (s > bs) {
        bs = s;
        bi = b;
      }
    }
    bestOf[a] = bi;
    bestSim[a] = bs;
  };
  for (let a = 0; a < m; a++) refresh(a);
  for (;;) {
    let a = -1;
    let bs = -Infinity;
    for (let x = 0; x < m; x++) if (alive[x] && bestOf[x]! >= 0 && bestSim[x]! > bs) {
      bs = bestSim[x]!;
      a = x;
    }
    if (a < 0 || bs < threshold) break;
    const b = bestOf[a]!;
    // Merge b into a (Lance-Williams for average linkage).
    const na = size[a]!;
    const nb = size[b]!;
    for (let k = 0; k < m; k++) {
      if (!alive[k] || k === a || k === b) continue;
      const s = (na * S[a * m + k]! + nb * S[b * m + k]!) / (na + nb);
      S[a * m + k] = s;
      S[k * m + a] = s;
    }
    size[a] = na + nb;
    alive[b] = 0;
    if (seedOf[b]! >= 0) seedOf[a] = seedOf[b]!;
    members[a]!.push(...members[b]!);
    members[b] = [];
    for (let k = 0; k < m; k++) {
      if (!alive[k]) continue;
      if (k === a || bestOf[k] === a || bestOf[k] === b || blocked(k, a)) refresh(k);
      else if (S[k * m + a]! > bestSim[k]!) {
        bestOf[k] = a;
        bestSim[k] = S[k * m + a]!;
      }
    }
  }
  const out = new Int32Array(n);
  let next = 0;
  const renum = new Map<number, number>();
  for (let c = 0; c < m; c++) {
    if (!alive[c]) continue;
    renum.set(c, next++);
    for (const i of members[c]!) out[i] = renum.get(c)!;
  }
  return out;
}

/**
 * Label spreading on a weighted graph (Zhou et al.): F <- alpha * S F + (1 - alpha) Y with S = D^-1/2 W D^-1/2.
 * `y[i]` is the class of a labelled node, or -1. Returns per node the best class (or -1 with no mass) and its share.
 */
export function spreadLabels(adj: readonly Map<number, number>[], y: Int32Array, y0w: Float32Array, classes: number, alpha: number, iters = 30): { label: Int32Array; share: Float32Array } {
  const n = adj.length;
  const deg = new Float64Array(n);
  for (let i = 0; i < n; i++) for (const w of adj[i]!.values()) deg[i] += w;
  const Y = new Float64Array(n * classes);
  for (let i = 0; i < n; i++) if (y[i]! >= 0) Y[i * classes + y[i]!] = y0w[i]!;
  let F = Float64Array.from(Y);
  for (let it = 0; it < iters; it++) {
    const G = new Float64Array(n * classes);
    for (let i = 0; i < n; i++) {
      if (!deg[i]) continue;
      for (const [j, w] of adj[i]!) {
        if (!deg[j]) continue;
        const s = (alpha * w) / Math.sqrt(deg[i]! * deg[j]!);
        for (let c = 0; c < classes; c++) G[i * classes + c] += s * F[j * classes + c]!;
      }
    }
    for (let k = 0; k < G.length; k++) G[k] += (1 - alpha) * Y[k]!;
    F = G;
  }
  const label = new Int32Array(n).fill(-1);
  const share = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let best = -1;
    let bs = 0;
    let tot = 0;
    for (let c = 0; c < classes; c++) {
      const v = F[i * classes + c]!;
      tot += v;
      if (v > bs) {
        bs = v;
        best = c;
      }
    }
    label[i] = best;
    share[i] = tot ? bs / tot : 0;
  }
  return { label, share };
}
