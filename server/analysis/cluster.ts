/** Average-linkage agglomerative clustering with cannot-link groups (seeds), stopping at a similarity threshold. */

/**
 * Clusters `n` points given a similarity function. `fixed[i]` >= 0 puts point i in a pre-formed group
 * (a seed); two groups that hold different seeds never merge. Returns a cluster index per point.
 */
export function agglomerate(n: number, sim: (a: number, b: number) => number, threshold: number, fixed?: Int32Array): Int32Array {
  const M = new Float32Array(n * n);
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) M[a * n + b] = M[b * n + a] = sim(a, b);
  return agglomerateMatrix(n, M, threshold, fixed);
}

/** As `agglomerate`, from a precomputed n x n similarity matrix. */
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
 * Communities of a weighted undirected graph by modularity (Louvain: local moves, then aggregation, repeated).
 * `adj[i]` lists neighbour/weight pairs; visiting order is by index, so the result is deterministic.
 * `resolution` above 1 gives more, smaller communities.
 */
export function louvain(adj: readonly Map<number, number>[], resolution = 1): Int32Array {
  const n0 = adj.length;
  let comm = Int32Array.from({ length: n0 }, (_, i) => i);
  let graph = adj.map((m) => new Map(m));
  for (let level = 0; level < 20; level++) {
    const n = graph.length;
    const deg = new Float64Array(n);
    let m2 = 0;
    for (let i = 0; i < n; i++) for (const [j, w] of graph[i]!) {
      deg[i] += w;
      m2 += w;
      void j;
    }
    if (m2 === 0) break;
    const c = Int32Array.from({ length: n }, (_, i) => i);
    const tot = Float64Array.from(deg);
    let moved = true;
    let any = false;
    for (let pass = 0; moved && pass < 50; pass++) {
      moved = false;
      for (let i = 0; i < n; i++) {
        const ci = c[i]!;
        const links = new Map<number, number>();
        for (const [j, w] of graph[i]!) if (j !== i) links.set(c[j]!, (links.get(c[j]!) ?? 0) + w);
        tot[ci] -= deg[i]!;
        let best = ci;
        let bestGain = (links.get(ci) ?? 0) - (resolution * tot[ci]! * deg[i]!) / m2;
        for (const [cj, w] of [...links.entries()].sort((a, b) => a[0] - b[0])) {
          const gain = w - (resolution * tot[cj]! * deg[i]!) / m2;
          if (gain > bestGain + 1e-12) {
            bestGain = gain;
            best = cj;
          }
        }
        tot[best] += deg[i]!;
        if (best !== ci) {
          c[i] = best;
          moved = true;
          any = true;
        }
      }
    }
    // Renumber and aggregate.
    const ren = new Map<number, number>();
    for (let i = 0; i < n; i++) if (!ren.has(c[i]!)) ren.set(c[i]!, ren.size);
    comm = Int32Array.from(comm, (x) => ren.get(c[x]!)!);
    if (!any) break;
    const k = ren.size;
    const next: Map<number, number>[] = Array.from({ length: k }, () => new Map());
    for (let i = 0; i < n; i++) for (const [j, w] of graph[i]!) {
      const a = ren.get(c[i]!)!;
      const b = ren.get(c[j]!)!;
      next[a]!.set(b, (next[a]!.get(b) ?? 0) + w);
    }
    graph = next;
  }
  return comm;
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
