/** Stage 1-2: normalised text, TF-IDF vectors, reply/quote context, and similarity of every item to every policy section. */
import type { Item, PolicyDocument } from '../../shared/types';
import { sectionAnchors, type SectionAnchor } from './policy';
import { stems, words } from './text';
import { addInto, cosine, pack, Vocabulary, type SparseVec } from './vectors';

export interface Features {
  items: Item[];
  byId: Map<string, number>;
  stems: string[][];
  vocab: Vocabulary;
  /** Own text only. */
  own: SparseVec[];
  /** Own text plus its reply/quote parents' (more of the parent when the own text is short). */
  ctx: SparseVec[];
  parent: (number | null)[];
  quote: (number | null)[];
  anchors: SectionAnchor[];
  secVecs: SparseVec[];
  /** Per item, cosine of `ctx` with each section (dense, items x sections). */
  secSim: Float32Array;
  /** A readable surface word for each stem. */
  surface: Map<string, string>;
}

/** Content stems that count for "has something of its own to say". */
export const SHORT = 5;

/** Builds the vectors every later stage reads. */
export function buildFeatures(items: readonly Item[], policies: readonly PolicyDocument[], vendorStems: ReadonlySet<string>): Features {
  const list = [...items];
  const byId = new Map<string, number>();
  list.forEach((it, i) => byId.set(it.id, i));
  const vocab = new Vocabulary();
  const surface = new Map<string, string>();
  const st = list.map((it) => stems(it.text, it.lang).filter((s) => !vendorStems.has(s)));
  for (const s of st) vocab.addDoc(s);
  const anchors = sectionAnchors(policies);
  const secStems = anchors.map((a) => [...stems(a.heading, 'en'), ...stems(a.heading, 'en'), ...a.texts.flatMap((t) => stems(t, 'en'))].filter((s) => !vendorStems.has(s)));
  for (const s of secStems) vocab.addDoc(s);
  // Surface words for reasons and labels, from a bounded sample.
  for (let i = 0; i < Math.min(list.length, 3000); i++) {
    if ((list[i]!.lang ?? 'en').startsWith('en')) for (const w of words(list[i]!.text)) {
      const s = stems(w, 'en')[0];
      if (s && !surface.has(s)) surface.set(s, w);
    }
  }
  for (const a of anchors) for (const w of words(a.texts.join(' '))) {
    const s = stems(w, 'en')[0];
    if (s && !surface.has(s)) surface.set(s, w);
  }
  const rawVecs = st.map((s) => vocab.vector(s));
  const own = rawVecs.map(pack);
  const parent = list.map((it) => (it.replyTo != null ? (byId.get(it.replyTo) ?? null) : null));
  const quote = list.map((it) => (it.quoteOf != null ? (byId.get(it.quoteOf) ?? null) : null));
  const ctx: SparseVec[] = new Array(list.length);
  const visiting = new Uint8Array(list.length);
  const ctxOf = (i: number): SparseVec => {
    if (ctx[i]) return ctx[i]!;
    const p = parent[i] ?? quote[i] ?? null;
    if (p === null || visiting[i]) return (ctx[i] = own[i]!);
    visiting[i] = 1;
    const m = new Map<number, number>();
    addInto(m, own[i]!, 1);
    const k = st[i]!.length < SHORT ? 1 : 0.35;
    addInto(m, ctxOf(p), k);
    visiting[i] = 0;
    return (ctx[i] = pack(m));
  };
  for (let i = 0; i < list.length; i++) ctxOf(i);
  const secVecs = secStems.map((s) => pack(vocab.vector(s)));
  const S = anchors.length;
  const secSim = new Float32Array(list.length * S);
  for (let i = 0; i < list.length; i++) for (let s = 0; s < S; s++) secSim[i * S + s] = cosine(ctx[i]!, secVecs[s]!);
  return { items: list, byId, stems: st, vocab, own, ctx, parent, quote, anchors, secVecs, secSim, surface };
}
