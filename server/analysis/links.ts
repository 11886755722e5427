/** Stage 7: ranked links from a claim to the policy sections it is about, shown as worded when the claim appeared. */
import type { PolicyLink, Role } from '../../shared/types';
import type { Features } from './features';
import { sectionInForce } from './policy';
import { addInto, cosine, pack, sharedTerms } from './vectors';

/** Ranks sections for a group: closeness of its words to each section, and how many members point at it first. */
export function rankLinks(f: Features, members: readonly number[], roles: readonly Role[], firstSeen: string | undefined, max = 5): PolicyLink[] {
  const S = f.anchors.length;
  if (!S || !members.length) return [];
  const m = new Map<number, number>();
  const votes = new Float64Array(S);
  let total = 0;
  for (const i of members) {
    const w = roles[i] === 'claim' ? 1 : 0.5;
    addInto(m, f.ctx[i]!, w);
    let best = -1;
    let bs = 0;
    for (let s = 0; s < S; s++) if (f.secSim[i * S + s]! > bs) {
      bs = f.secSim[i * S + s]!;
      best = s;
    }
    if (best >= 0) {
      votes[best] += w;
      total += w;
    }
  }
  const cent = pack(m);
  const scored = f.anchors.map((a, s) => {
    const sim = cosine(cent, f.secVecs[s]!);
    return { s, a, sim, vote: total ? votes[s]! / total : 0, score: 0 };
  });
  const maxSim = Math.max(...scored.map((x) => x.sim)) || 1;
  for (const x of scored) x.score = 0.5 * (x.sim / maxSim) + 0.5 * x.vote;
  scored.sort((p, q) => q.score - p.score || p.s - q.s);
  return scored.slice(0, max).map((x) => {
    const terms = sharedTerms(cent, f.secVecs[x.s]!, f.vocab, 4).map((t) => `'${f.surface.get(t) ?? t}'`);
    return {
      section: x.a.ref,
      score: Math.round(x.score * 1000) / 1000,
      reason: `${terms.length ? `matches ${terms.join(', ')}` : 'closest section'}; ${Math.round(x.vote * 100)}% of the claim's items point here first`,
      ...sectionInForce(x.a, firstSeen),
      status: 'auto' as const,
    };
  });
}
