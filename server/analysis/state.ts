/** What a full analysis leaves for incremental runs, and the incremental placement of new items into existing claims. */
import type { AnalysisClaim, AnalysisItem, Incident, Item, OverrideRecord, PolicyDocument } from '../../shared/types';
import { SECTION_DIM, type Features, type FrozenVocabulary } from './features';
import { DEFAULT_GROUP_PARAMS, groupVectors, placeOne, type Group, type GroupParams, type Placement } from './grouping';
import { prepare } from './index';
import { applyEdits, collectEdits } from './overrides';
import { decideRoles, inSample } from './roles';
import type { SoftmaxModel } from './softmax';
import { pack, type SparseVec } from './vectors';

/** Saved by a full analysis (JSON): word weights, the incident's discourse, and each group's centroid with its claim. */
export interface EngineState {
  version: 1;
  vocab: FrozenVocabulary;
  discourse: { centroid: Record<string, number>; sample: string[]; modulus?: number };
  groups: { claim: string | null; prior: number; centroid: Record<string, number> }[];
}

/** A vector as term -> weight, sections as `§<ref>`. */
export function toRecord(f: Features, v: SparseVec): Record<string, number> {
  const out: Record<string, number> = {};
  for (let j = 0; j < v.ids.length; j++) {
    const id = v.ids[j]!;
    const key = id >= SECTION_DIM ? `§${f.anchors[id - SECTION_DIM]?.ref ?? ''}` : f.vocab.terms[id];
    if (key !== undefined && key !== '§') out[key] = Math.round(v.w[j]! * 1e5) / 1e5;
  }
  return out;
}

/** The vector of a record in this feature space (unknown sections dropped). */
export function fromRecord(f: Features, r: Record<string, number>): SparseVec {
  const refs = new Map(f.anchors.map((a, s) => [a.ref, s]));
  const m = new Map<number, number>();
  for (const [k, w] of Object.entries(r)) {
    if (k.startsWith('§')) {
      const s = refs.get(k.slice(1));
      if (s !== undefined) m.set(SECTION_DIM + s, w);
    } else m.set(f.vocab.id(k), w);
  }
  return pack(m);
}

export interface IncrementalInput {
  incident: Incident;
  policies: PolicyDocument[];
  /** The new items. */
  items: Item[];
  /** Items already analysed that the new ones need: their reply/quote parents and the discourse sample. */
  context: Item[];
  /** The stored analysis of the context items. */
  contextAnalysis: Record<string, AnalysisItem>;
  /** The analyst's edits: they win here as in a full analysis (a merged claim's new items go to the claim it became). */
  overrides?: OverrideRecord[];
}

/** Places new items into the claims of an earlier full analysis, as the full analysis would have. */
export function placeIncremental(
  input: IncrementalInput,
  state: EngineState,
  params: { group?: GroupParams; roleModel?: SoftmaxModel } = {},
): Record<string, AnalysisItem> {
  const gp = params.group ?? DEFAULT_GROUP_PARAMS;
  const all = [...input.context, ...input.items];
  const { f, roleCtx } = prepare({ incident: input.incident, policies: input.policies, items: all }, params.roleModel, state.vocab, input.context.length);
  const fresh = input.items.map((it) => f.byId.get(it.id)!);
  // The full analysis' sample, plus the new items a full re-analysis would add to it.
  const modulus = state.discourse.modulus ?? 0;
  const sample = [
    ...state.discourse.sample.map((id) => f.byId.get(id)).filter((i): i is number => i !== undefined),
    ...(modulus ? fresh.filter((i) => inSample(f.items[i]!.id, modulus)) : []),
  ].sort((a, b) => a - b);
  const decisions = decideRoles(roleCtx, { centroid: fromRecord(f, state.discourse.centroid), sample, only: fresh });
  const edits = collectEdits({ incident: input.incident, policies: input.policies, items: all, overrides: input.overrides ?? [] }, f.byId);
  for (const [i, role] of edits.roles) decisions[i] = { role, reason: 'role set by an analyst' };
  const vecs = groupVectors(f, gp.sectionWeight);
  const groups: Group[] = state.groups.map((g) => ({ members: [], prior: g.prior, seedLabel: null, seedItems: [], centroid: fromRecord(f, g.centroid) }));
  const groupOfClaim = new Map<string, number>();
  state.groups.forEach((g, k) => {
    if (g.claim && !groupOfClaim.has(g.claim)) groupOfClaim.set(g.claim, k);
  });
  const placement: (Placement | null)[] = new Array(all.length).fill(null);
  input.context.forEach((it, i) => {
    const c = input.contextAnalysis[it.id]?.claim;
    if (c && groupOfClaim.has(c)) placement[i] = { group: groupOfClaim.get(c)!, reason: '' };
  });
  const out: Record<string, AnalysisItem> = {};
  const order = [...fresh].sort((a, b) => (f.items[a]!.createdAt < f.items[b]!.createdAt ? -1 : f.items[a]!.createdAt > f.items[b]!.createdAt ? 1 : a - b));
  for (const i of order) {
    const d = decisions[i]!;
    let claim: string | null = null;
    let reason: string | undefined;
    if (d.role !== 'noise') {
      const pl = placeOne(f, vecs, groups, i, placement, gp, d.role);
      placement[i] = pl;
      if (pl && pl.group >= 0) {
        claim = state.groups[pl.group]!.claim;
        reason = pl.reason;
      }
    }
    out[f.items[i]!.id] = { role: d.role, claim, reason: d.reason, ...(claim && reason ? { claimReason: reason } : {}) };
  }
  // Merges, moves and items taken out of claims, as a full analysis applies them (renames and links touch no item).
  const claims = new Map<string, AnalysisClaim>();
  for (const [id, a] of Object.entries(out)) if (a.claim) (claims.get(a.claim) ?? claims.set(a.claim, { id: a.claim, label: a.claim, items: [], policyLinks: [] }).get(a.claim)!).items.push(id);
  return applyEdits({ claims: [...claims.values()], items: out }, { ...edits, renames: new Map(), links: [] }, f.byId).items;
}
