/** Short readable labels for claim groups: the sentence of the group's claims that best says what the group says. */
import type { Role } from '../../shared/types';
import type { Features } from './features';
import { stems } from './text';
import { cosine, type SparseVec } from './vectors';

const MAX = 90;
/** Claims of a group whose sentences are weighed for its label. */
const CANDIDATES = 40;

/** A one-line label from a post's text. */
export function shorten(text: string, max = MAX): string {
  const t = text.replace(/\s+/g, ' ').replace(/https?:\/\/\S+/g, '').trim();
  const first = t.split(/(?<=[.!?])\s/)[0] ?? t;
  const s = first.length >= 25 && first.length <= max ? first : t;
  if (s.length <= max) return s.replace(/[.!?]+$/, '');
  const cut = s.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 40)).replace(/[,;:]+$/, '')}…`;
}

/** Sentences of a post, without links; a piece that does not start like a sentence ("e.g. files", "Art. 6") stays with the one before. */
export function sentences(text: string): string[] {
  const out: string[] = [];
  for (const piece of text.replace(/\s+/g, ' ').replace(/https?:\/\/\S+/g, '').split(/(?<=[.!?])\s+/)) {
    const s = piece.trim();
    if (!s) continue;
    if (out.length && !/^["“'‘(]?\p{Lu}/u.test(s)) out[out.length - 1] += ` ${s}`;
    else out.push(s);
  }
  return out;
}

// A label reads on its own: not a question, not a fragment that leans on the sentence before it.
const LEANS = /^(?:and|but|or|so|also|it|its|this|that|they|their|these|those|he|she|his|her|which|here|there)\b/i;

/** How well one sentence serves as the label of a group with this centroid: its likeness, less for questions, fragments and odd lengths. */
export function labelScore(f: Features, sentence: string, centroid: SparseVec): number {
  const v = f.vocab.sparse(stems(sentence, 'en'));
  const len = sentence.length;
  const fragment = LEANS.test(sentence) || !/^["“'‘(]?[\p{Lu}\d§]/u.test(sentence);
  return cosine(v, centroid) - (sentence.endsWith('?') ? 0.15 : 0) - (fragment ? 0.1 : 0) - (len < 30 || len > 140 ? 0.1 : 0);
}

/**
 * Picks the label of a group: among the sentences of its English claims, the one closest to the group's centroid
 * that reads on its own (a statement of modest length); the group's first item when it holds no claim.
 */
export function labelFor(f: Features, members: readonly number[], roles: readonly Role[], centroid: SparseVec): string {
  // Sentences are weighed only in the claims most alike to the centre: bounded work on a large claim.
  const candidates = members
    .filter((i) => roles[i] === 'claim' && (!f.items[i]!.lang || f.items[i]!.lang!.startsWith('en')))
    .map((i) => ({ i, sim: cosine(f.own[i]!, centroid) }))
    .sort((a, b) => b.sim - a.sim || a.i - b.i)
    .slice(0, CANDIDATES);
  let best: string | null = null;
  let bs = -Infinity;
  for (const { i } of candidates) {
    for (const s of sentences(f.items[i]!.text)) {
      const score = labelScore(f, s, centroid);
      if (score > bs) {
        bs = score;
        best = s;
      }
    }
  }
  if (best === null) return members.length ? shorten(f.items[members[0]!]!.text) : 'Unnamed claim';
  return shorten(best);
}
