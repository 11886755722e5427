import { mkdtempSync, readFileSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { importBundle } from '../bundle/import';
import { readBundleDir } from '../bundle/read';
import { analyzeIncident } from '../store/analysis';
import { openDb } from '../store/db';
import type { Seeds } from '../../shared/types';
import { parse, UsageError, type Command } from './args';

/** Reads a seeds file ({ "claim label": ["item id", ...] }) and checks every pinned item is in the bundle. */
export function readSeeds(file: string, itemIds: Set<string>): Seeds {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`The seeds file ${file} could not be read as JSON (${(e as Error).message}).`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError(`The seeds file ${file} must hold an object: { "claim label": ["item id", ...] }.`);
  }
  const seeds: Seeds = {};
  for (const [label, ids] of Object.entries(value)) {
    if (!Array.isArray(ids) || !ids.every((x) => typeof x === 'string')) {
      throw new UsageError(`In ${file}, "${label}" must be a list of item ids.`);
    }
    const unknown = ids.filter((id) => !itemIds.has(id));
    if (unknown.length) throw new UsageError(`In ${file}, "${label}" pins ${unknown.map((x) => `"${x}"`).join(', ')}, not items of the bundle.`);
    seeds[label] = ids as string[];
  }
  return seeds;
}

export const analyze: Command = {
  name: 'analyze',
  summary: 'analyse a bundle and write the analysis JSON',
  usage: `claimline analyze <bundle-dir> [--seeds <file>] --out <file> [--db <file>]

Imports the bundle into a throwaway database (or --db), finds its claims, each item's role and claim, and
the policy sections each claim is about, and writes the analysis JSON of the bundle format (every item present).
  --seeds <file>  an analyst's pinned examples: { "claim label": ["item id", ...] }
  --out <file>    where to write the analysis JSON
  --db <file>     keep the import and the results in this database instead of a throwaway one`,
  async run(args) {
    const { values, positionals } = parse('analyze', args, { seeds: { type: 'string' }, out: { type: 'string' }, db: { type: 'string' } });
    if (positionals.length !== 1) throw new UsageError('Give one bundle folder: `claimline analyze <bundle-dir> --out <file>`.');
    if (!values.out) throw new UsageError('Say where to write the analysis: `--out <file>`.');
    const bundle = readBundleDir(resolve(positionals[0]!));
    const seeds = values.seeds ? readSeeds(values.seeds, new Set(bundle.items.map((i) => i.id))) : undefined;
    const tmp = values.db ? undefined : mkdtempSync(join(tmpdir(), 'claimline-analyze-'));
    const db = openDb(values.db ?? join(tmp!, 'analyze.db'));
    try {
      importBundle(db, bundle);
      const analysis = analyzeIncident(db, bundle.incident.id, seeds ? { seeds } : {});
      const out = resolve(values.out);
      writeFileSync(`${out}.tmp`, JSON.stringify(analysis, null, 2) + '\n');
      renameSync(`${out}.tmp`, out);
      const roles = new Map<string, number>();
      for (const it of Object.values(analysis.items)) roles.set(it.role, (roles.get(it.role) ?? 0) + 1);
      console.error(
        `Analysed ${Object.keys(analysis.items).length} items of ${bundle.incident.id}: ${analysis.claims.length} claims; ` +
          [...roles].map(([r, n]) => `${n} ${r}`).join(', ') +
          `. Wrote ${out}.`,
      );
      return 0;
    } finally {
      db.close();
      if (tmp) rmSync(tmp, { recursive: true, force: true });
    }
  },
};
