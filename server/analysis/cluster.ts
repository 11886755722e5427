/** Average-linkage agglomerative clustering with cannot-link groups (seeds), stopping at a similarity threshold. */

/**
 * Clusters `n` points given a similarity function. `fixed[i]` >= 0 puts point i in a pre-formed group
 * (a seed); two groups that hold different seeds never merge. Returns a cluster index per point.
 */
export function agglomerate(n: number, sim: (a: number, b: number) => number, threshold: number, fixed?: Int32Array): Int32Array {
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
