/** Scores the engine on labelled bundles: unseeded, seeded (one seed per gold claim), per bundle and the mean. */
import { join } from 'node:path';
import type { Analysis, Incident, Item, PolicyDocument, Seeds } from '../../../shared/types';
import { analyze, DEFAULT_PARAMS, type EngineParams } from '../index';
import { trainPairModel, trainRoleModel } from '../train';

export interface Gold {
  claims: { id: string; summary: string; policySections: string[] }[];
  items: Record<string, { role: string; claim: string | null }>;
}

export interface Scores {
  roles: { macroF1: number; accuracy: number };
  grouping: { f1: number; ari: number; precision: number; recall: number };
  policy: { top1: number; mrr: number };
  predictedGroups: number;
}

type ScoreFn = (gold: Gold, analysis: Analysis) => Scores;

export interface LoadedBundle {
  name: string;
  incident: Incident;
  policies: PolicyDocument[];
  items: Item[];
  gold: Gold;
}

/** Reads a bundle folder with its gold labels. */
export function loadBundle(dir: string, name: string, readJson: (f: string) => unknown, readLines: (f: string) => string[]): LoadedBundle {
  return {
    name,
    incident: readJson(join(dir, name, 'incident.json')) as Incident,
    policies: readJson(join(dir, name, 'policies.json')) as PolicyDocument[],
    items: readLines(join(dir, name, 'items.jsonl')).filter((l) => l.trim()).map((l) => JSON.parse(l) as Item),
    gold: readJson(join(dir, name, 'gold.json')) as Gold,
  };
}

/** The scorer's seeds: for each gold claim, its earliest item labelled `claim`. */
export function goldSeeds(b: LoadedBundle): Seeds {
  const seeds: Seeds = {};
  const byTime = [...b.items].sort((x, y) => (x.createdAt < y.createdAt ? -1 : x.createdAt > y.createdAt ? 1 : 0));
  for (const c of b.gold.claims) {
    const first = byTime.find((it) => b.gold.items[it.id]?.role === 'claim' && b.gold.items[it.id]?.claim === c.id);
    if (first) seeds[c.summary] = [first.id];
  }
  return seeds;
}

const f3 = (x: number) => x.toFixed(3);

/** Runs both modes on every bundle and returns the scores and a compact table. */
export function runEval(
  dir: string,
  names: string[],
  score: ScoreFn,
  params: Partial<EngineParams> | undefined,
  readJson: (f: string) => unknown,
): { rows: { bundle: string; unseeded: Scores; seeded: Scores }[]; mean: { unseeded: Scores; seeded: Scores }; table: string } {
  const p: EngineParams = { ...DEFAULT_PARAMS, ...(params ?? {}), group: { ...DEFAULT_PARAMS.group, ...(params?.group ?? {}) } };
  const bundles = names.map((name) => loadBundleFs(dir, name, readJson));
  const rows = bundles.map((b) => {
    const name = b.name;
    // Leave one incident out: the role model that scores a bundle never saw its labels.
    const others = bundles.filter((o) => o !== b);
    const pb: EngineParams = { ...p, roleModel: p.roleModel ?? trainRoleModel(others), pairModel: p.pairModel ?? loo(others) };
    const input = { incident: b.incident, policies: b.policies, items: b.items };
    const unseeded = score(b.gold, analyze(input, pb));
    const seeded = score(b.gold, analyze({ ...input, seeds: goldSeeds(b) }, pb));
    return { bundle: name, unseeded, seeded };
  });
  const mean = { unseeded: meanOf(rows.map((r) => r.unseeded)), seeded: meanOf(rows.map((r) => r.seeded)) };
  const head = 'leave-one-incident-out (role model trained on the other bundles)\nbundle              | roles F1 | B3 F1  ARI    | top-1  MRR   | groups || seeded B3 F1  ARI    | top-1 | roles F1';
  const line = (name: string, u: Scores, s: Scores) =>
    `${name.padEnd(19)} | ${f3(u.roles.macroF1)}    | ${f3(u.grouping.f1)}  ${f3(u.grouping.ari)}  | ${f3(u.policy.top1)}  ${f3(u.policy.mrr)} | ${String(Math.round(u.predictedGroups)).padStart(6)} ||        ${f3(s.grouping.f1)}  ${f3(s.grouping.ari)}  | ${f3(s.policy.top1)} | ${f3(s.roles.macroF1)}`;
  const table = [head, ...rows.map((r) => line(r.bundle, r.unseeded, r.seeded)), line('MEAN', mean.unseeded, mean.seeded)].join('\n');
  return { rows, mean, table };
}

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
function loadBundleFs(dir: string, name: string, readJson: (f: string) => unknown): LoadedBundle {
  return loadBundle(dir, name, readJson, (f) => readFileSync(f, 'utf8').split('\n'));
}

function meanOf(xs: Scores[]): Scores {
  const m = (g: (s: Scores) => number) => xs.reduce((a, s) => a + g(s), 0) / (xs.length || 1);
  return {
    roles: { macroF1: m((s) => s.roles.macroF1), accuracy: m((s) => s.roles.accuracy) },
    grouping: { f1: m((s) => s.grouping.f1), ari: m((s) => s.grouping.ari), precision: m((s) => s.grouping.precision), recall: m((s) => s.grouping.recall) },
    policy: { top1: m((s) => s.policy.top1), mrr: m((s) => s.policy.mrr) },
    predictedGroups: m((s) => s.predictedGroups),
  };
}

const pairCache = new Map<string, ReturnType<typeof trainPairModel>>();
function loo(others: LoadedBundle[]): ReturnType<typeof trainPairModel> {
  const key = others.map((o) => o.name).join(',');
  if (!pairCache.has(key)) pairCache.set(key, trainPairModel(others));
  return pairCache.get(key)!;
}

/** For the developer aids: the labelled bundles of the dev corpus (CLAIMLINE_EVAL_DIR, else ../shared/eval/dev beside the repository) and its scorer. */
export async function devCorpus(dir = process.env.CLAIMLINE_EVAL_DIR ?? join(import.meta.dirname, '../../../../shared/eval/dev')): Promise<{ bundles: LoadedBundle[]; score: ScoreFn }> {
  const names = readdirSync(dir).filter((n) => existsSync(join(dir, n, 'gold.json'))).sort();
  const bundles = names.map((n) => loadBundleFs(dir, n, (f) => JSON.parse(readFileSync(f, 'utf8'))));
  const { score } = (await import(pathToFileURL(join(dir, '../score.mjs')).href)) as { score: ScoreFn };
  return { bundles, score };
}
