/**
 * The analysis engine: a chain of small pure stages from an incident's items, policies, seeds and overrides to
 * roles, claim groups, vendor responses and policy links, each decision with a reason. Same input, same output.
 */
import type { Analysis, AnalysisClaim, AnalysisItem, Role } from '../../shared/types';
import { buildFeatures, type Features, type FrozenVocabulary } from './features';
import { DEFAULT_GROUP_PARAMS, groupItems, type GroupParams } from './grouping';
import { labelFor } from './labels';
import { vendorCues } from './lexicon';
import { rankLinks } from './links';
import { collectEdits, applyEdits } from './overrides';
import { decideRoles, discourse, vendorId, type RoleContext } from './roles';
import { toRecord, type EngineState } from './state';
import type { SoftmaxModel } from './softmax';
import { stems } from './text';
import { sharedTerms, type SparseVec } from './vectors';
import type { EngineInput } from './types';

export type { EngineInput } from './types';
export type { EngineState } from './state';
export { placeIncremental } from './state';

export interface EngineParams {
  group: GroupParams;
  /** The claim/reaction/noise model; the shipped data file when absent (evaluation passes leave-one-out models). */
  roleModel?: SoftmaxModel;
  /** The same-claim pair model; the shipped data file when absent. */
  pairModel?: SoftmaxModel;
}

export const DEFAULT_PARAMS: EngineParams = { group: DEFAULT_GROUP_PARAMS };

/** Names the vendor goes by: its name and the stems of its handles and domains. */
export function vendorNames(input: EngineInput): string[] {
  const v = input.incident.vendor;
  const out = new Set<string>([v.name]);
  for (const d of v.domains) out.add(d.split('.')[0]!);
  for (const h of v.handles) {
    const base = h.replace(/^@/, '').split(/[.@]/)[0]!;
    if (base.length >= 3) out.add(base);
  }
  return [...out];
}

/** Stages 1-2 and what the role stage needs. */
export function prepare(input: EngineInput, model?: SoftmaxModel, frozen?: FrozenVocabulary, freshFrom?: number): { f: Features; roleCtx: RoleContext } {
  const names = vendorNames(input);
  const vendorStems = new Set(names.flatMap((n) => stems(n, 'en')));
  const f = buildFeatures(input.items, input.policies, vendorStems, frozen, freshFrom);
  const roleCtx: RoleContext = { f, incident: input.incident, vendor: vendorId(input.incident), cues: vendorCues(names), vendorStems, ...(model ? { model } : {}) };
  return { f, roleCtx };
}

/** Analyses one incident. */
export function analyze(input: EngineInput, params: EngineParams = DEFAULT_PARAMS): Analysis {
  return analyzeWithState(input, params).analysis;
}

/** Analyses one incident and returns, beside the analysis, what incremental runs need to place new items the same way. */
export function analyzeWithState(input: EngineInput, params: EngineParams = DEFAULT_PARAMS): { analysis: Analysis; state: EngineState } {
  const { f, roleCtx } = prepare(input, params.roleModel);
  const edits = collectEdits(input, f.byId);
  const decisions = decideRoles(roleCtx);
  for (const [i, role] of edits.roles) decisions[i] = { role, reason: 'role set by an analyst' };
  const roles: Role[] = decisions.map((d) => d.role);
  const { groups, placement } = groupItems(f, roles, edits.seeds, params.group, params.pairModel);
  // Claims, ordered by first appearance; ids stable across runs for the same grouping.
  const claims: AnalysisClaim[] = [];
  const idOf = new Map<number, string>();
  const built = groups
    .filter((g) => g.members.length)
    .map((g) => {
      const times = g.members.map((i) => f.items[i]!.createdAt).sort();
      const claimTimes = g.members.filter((i) => roles[i] === 'claim').map((i) => f.items[i]!.createdAt).sort();
      const firstSeen = claimTimes[0] ?? times[0];
      const first = [...g.members].sort((a, b) => (f.items[a]!.createdAt < f.items[b]!.createdAt ? -1 : f.items[a]!.createdAt > f.items[b]!.createdAt ? 1 : a - b))[0]!;
      return { g, firstSeen, first };
    })
    .sort((a, b) => (a.firstSeen! < b.firstSeen! ? -1 : a.firstSeen! > b.firstSeen! ? 1 : a.first - b.first));
  const groupIndex = new Map(groups.map((g, k) => [g, k]));
  for (const { g, firstSeen, first } of built) {
    const seedKey = g.seedLabel;
    const id = seedKey !== null ? (edits.seedIds.get(seedKey) ?? `claim-${slug(seedKey)}`) : `claim-${f.items[first]!.id}`;
    idOf.set(groupIndex.get(g)!, id);
    const label = seedKey !== null && !edits.seedIds.has(seedKey) ? seedKey : labelFor(f, g.members, roles, g.centroid);
    claims.push({
      id,
      label,
      items: g.members.map((i) => f.items[i]!.id),
      policyLinks: rankLinks(f, g.members, roles, firstSeen),
      firstSeen,
      reason: groupReason(f, g, seedKey),
    });
  }
  const items: Record<string, AnalysisItem> = {};
  f.items.forEach((it, i) => {
    const pl = placement[i];
    const claim = roles[i] === 'noise' || !pl || pl.group < 0 ? null : (idOf.get(pl.group) ?? null);
    items[it.id] = { role: roles[i]!, claim, reason: decisions[i]!.reason, ...(claim ? { claimReason: pl!.reason } : {}) };
  });
  const analysis = applyEdits({ claims, items }, edits, f.byId);
  const d = discourse(f);
  const state: EngineState = {
    version: 1,
    vocab: f.vocab.frozen(),
    discourse: { centroid: toRecord(f, d.centroid), sample: d.sample.map((i) => f.items[i]!.id), modulus: d.modulus },
    groups: groups.map((g, k) => {
      const firstItem = g.members[0] !== undefined ? f.items[g.members[0]]!.id : null;
      const claim = (firstItem && analysis.items[firstItem]?.claim) ?? idOf.get(k) ?? null;
      return { claim, prior: g.prior, centroid: toRecord(f, g.centroid) };
    }),
  };
  return { analysis, state };
}

function slug(s: string): string {
  return s.toLowerCase().normalize('NFKD').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').slice(0, 40) || 'claim';
}

/** Why a claim exists: the analyst's pinned examples, or the words its items share most. */
function groupReason(f: Features, g: { members: readonly number[]; seedItems: readonly number[]; centroid: SparseVec }, seedKey: string | null): string {
  if (seedKey !== null) return `formed around the pinned ${g.seedItems.map((i) => f.items[i]!.id).join(', ')}`;
  const terms = sharedTerms(g.centroid, g.centroid, f.vocab, 5);
  return `${g.members.length} items grouped by the words they share (${terms.map((t) => `'${f.surface.get(t) ?? t}'`).join(', ')}) and the policy sections they match`;
}
