/** Trains the claim/reaction/noise role model from labelled bundles (gold roles of the items no rule decides). */
import type { Incident, Item, PolicyDocument, Role } from '../../shared/types';
import { prepare } from './index';
import { ROLE_FEATURES, roleFeatures, ruleRole } from './roles';
import { trainSoftmax, type SoftmaxModel } from './softmax';
import { PAIR_FEATURES, pairContext, pairFeatures } from './pairs';
import { DEFAULT_GROUP_PARAMS, groupVectors } from './grouping';

export const MODEL_CLASSES: Role[] = ['claim', 'reaction', 'noise'];

export interface LabelledBundle {
  incident: Incident;
  policies: PolicyDocument[];
  items: Item[];
  gold: { items: Record<string, { role: string }> };
}

/** Feature rows and class indices of a bundle's items that the rules leave to the model. */
export function trainingRows(b: LabelledBundle): { X: number[][]; y: number[] } {
  const { f, roleCtx } = prepare({ incident: b.incident, policies: b.policies, items: b.items });
  const feats = roleFeatures(roleCtx);
  const X: number[][] = [];
  const y: number[] = [];
  f.items.forEach((it, i) => {
    if (ruleRole(roleCtx, i)) return;
    const c = MODEL_CLASSES.indexOf(b.gold.items[it.id]?.role as Role);
    if (c < 0) return;
    X.push(feats[i]!);
    y.push(c);
  });
  return { X, y };
}

/** Fits the role model on the given bundles. */
export function trainRoleModel(bundles: readonly LabelledBundle[]): SoftmaxModel {
  const X: number[][] = [];
  const y: number[] = [];
  for (const b of bundles) {
    const r = trainingRows(b);
    X.push(...r.X);
    y.push(...r.y);
  }
  return trainSoftmax(X, y, [...ROLE_FEATURES], MODEL_CLASSES, { l2: 0.02, iters: 600, rate: 0.5, classWeight: true });
}

/** Pair rows (same gold claim or not) over the items gold attaches to a claim. */
export function pairRows(b: LabelledBundle & { gold: { items: Record<string, { role: string; claim?: string | null }> } }): { X: number[][]; y: number[] } {
  const { f } = prepare({ incident: b.incident, policies: b.policies, items: b.items });
  const att = f.items.map((it, i) => [i, b.gold.items[it.id]?.claim ?? null] as const).filter(([, c]) => c);
  const pc = pairContext(f, groupVectors(f, DEFAULT_GROUP_PARAMS.sectionWeight), undefined, att.map(([i]) => i));
  const X: number[][] = [];
  const y: number[] = [];
  for (let a = 0; a < att.length; a++) for (let bb = a + 1; bb < att.length; bb++) {
    X.push(pairFeatures(pc, att[a]![0], att[bb]![0]));
    y.push(att[a]![1] === att[bb]![1] ? 1 : 0);
  }
  return { X, y };
}

/** Fits the same-claim pair model on the given bundles. */
export function trainPairModel(bundles: readonly LabelledBundle[]): SoftmaxModel {
  const X: number[][] = [];
  const y: number[] = [];
  for (const b of bundles) {
    const r = pairRows(b as Parameters<typeof pairRows>[0]);
    X.push(...r.X);
    y.push(...r.y);
  }
  return trainSoftmax(X, y, [...PAIR_FEATURES], ['different', 'same'], { l2: 0.01, iters: 300, rate: 0.5, classWeight: false });
}
