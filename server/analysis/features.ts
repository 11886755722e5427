/** Stage 1-2: normalised text, TF-IDF vectors, reply/quote context, and similarity of every item to every policy section. */
import type { Item, PolicyDocument } from '../../shared/types';
import { sectionAnchors, type SectionAnchor } from './policy';
import { stems, words } from './text';
import { InvertedIndex, mix, Vocabulary, type SparseVec } from './vectors';

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

/** Document frequencies saved from a full analysis, so that incremental runs weigh words the same way. */
export interface FrozenVocabulary {
  docs: number;
  df: Record<string, number>;
}

/** Section dimensions of a group vector sit above every word id. */
export const SECTION_DIM = 1 << 26;

/** Builds the vectors every later stage reads; with `frozen`, word weights come from an earlier full analysis. */
export function buildFeatures(
  items: readonly Item[],
  policies: readonly PolicyDocument[],
  vendorStems: ReadonlySet<string>,
  frozen?: FrozenVocabulary,
  /** With `frozen`: items from this index on are new and count in the word weights, as a full re-analysis would count them. */
  freshFrom = Infinity,
): Features {
  const list = [...items];
  const byId = new Map<string, number>();
  list.forEach((it, i) => byId.set(it.id, i));
  const vocab = new Vocabulary();
  const surface = new Map<string, string>();
  const st = list.map((it) => stems(it.text, it.lang).filter((s) => !vendorStems.has(s)));
  const anchors = sectionAnchors(policies);
  const secStems = anchors.map((a) => [...stems(a.heading, 'en'), ...stems(a.heading, 'en'), ...a.texts.flatMap((t) => stems(t, 'en'))].filter((s) => !vendorStems.has(s)));
  if (frozen) {
    for (const [t, df] of Object.entries(frozen.df)) vocab.df[vocab.id(t)] = df;
    vocab.docs = frozen.docs;
    for (let i = freshFrom; i < st.length; i++) vocab.addDoc(st[i]!);
  } else {
    for (const s of st) vocab.addDoc(s);
    for (const s of secStems) vocab.addDoc(s);
  }
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
  const own = st.map((s) => vocab.sparse(s));
  const parent = list.map((it) => (it.replyTo != null ? (byId.get(it.replyTo) ?? null) : null));
  const quote = list.map((it) => (it.quoteOf != null ? (byId.get(it.quoteOf) ?? null) : null));
  // Context in time order, so a parent's context (with its own parent's) is ready before its replies'.
  const ctx: SparseVec[] = new Array(list.length);
  const order = list.map((_, i) => i).sort((a, b) => (list[a]!.createdAt < list[b]!.createdAt ? -1 : list[a]!.createdAt > list[b]!.createdAt ? 1 : a - b));
  for (const i of order) {
    const p = parent[i] ?? quote[i] ?? null;
    ctx[i] = p === null || p === i ? own[i]! : mix(own[i]!, ctx[p] ?? own[p]!, st[i]!.length < SHORT ? 1 : 0.35);
  }
  const secVecs = secStems.map((s) => vocab.sparse(s));
  const S = anchors.length;
  const secSim = new Float32Array(list.length * S);
  const index = new InvertedIndex(secVecs);
  const row = new Float32Array(S);
  for (let i = 0; i < list.length; i++) {
    index.dots(ctx[i]!, row);
    secSim.set(row, i * S);
  }
  return { items: list, byId, stems: st, vocab, own, ctx, parent, quote, anchors, secVecs, secSim, surface };
}
