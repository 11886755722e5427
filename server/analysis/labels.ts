/** Short readable labels for claim groups: the most central short assertion, cut at a sentence or word boundary. */
import type { Role } from '../../shared/types';
import type { Features } from './features';
import { cosine, type SparseVec } from './vectors';

const MAX = 90;

/** A one-line label from a post's text. */
export function shorten(text: string, max = MAX): string {
  const t = text.replace(/\s+/g, ' ').replace(/https?:\/\/\S+/g, '').trim();
  const first = t.split(/(?<=[.!?])\s/)[0] ?? t;
  const s = first.length >= 25 && first.length <= max ? first : t;
  if (s.length <= max) return s.replace(/[.!?]+$/, '');
  const cut = s.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 40)).replace(/[,;:]+$/, '')}…`;
}

/** Picks the label of a group from its most central English claim of modest length. */
export function labelFor(f: Features, members: readonly number[], roles: readonly Role[], centroid: SparseVec): string {
  let best = -1;
  let bs = -Infinity;
  for (const i of members) {
    const it = f.items[i]!;
    if (roles[i] !== 'claim' || (it.lang && !it.lang.startsWith('en'))) continue;
    const len = it.text.length;
    const s = cosine(f.own[i]!, centroid) - (len > 280 ? 0.1 : 0) - (len < 40 ? 0.1 : 0);
    if (s > bs) {
      bs = s;
      best = i;
    }
  }
  if (best < 0) best = members[0] ?? -1;
  return best >= 0 ? shorten(f.items[best]!.text) : 'Unnamed claim';
}
