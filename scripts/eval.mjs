#!/usr/bin/env node
// `npm run eval`: scores the analysis engine on every bundle in ../shared/eval/dev/ with the shared scorer,
// unseeded and with one seed per gold claim (its earliest gold `claim` item), per bundle and as a mean.
// Options: --dev <dir> (default ../shared/eval/dev or $CLAIMLINE_EVAL_DIR), --json, --params '<json>' (engine params).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

process.env.DOTENV_CONFIG_QUIET = 'true';
register();
const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const opt = (name) => {
  const k = args.indexOf(name);
  return k >= 0 ? args[k + 1] : undefined;
};
const devDir = resolve(opt('--dev') ?? process.env.CLAIMLINE_EVAL_DIR ?? join(root, '../shared/eval/dev'));
const scorerPath = resolve(devDir, '../score.mjs');
if (!existsSync(devDir) || !existsSync(scorerPath)) {
  console.error(`No evaluation corpus at ${devDir} (with score.mjs one folder up). Pass --dev <dir> or set CLAIMLINE_EVAL_DIR.`);
  process.exit(2);
}
const { score } = await import(pathToFileURL(scorerPath).href);
const { runEval } = await import(pathToFileURL(join(root, 'server/analysis/eval/run.ts')).href);
const params = opt('--params') ? JSON.parse(opt('--params')) : undefined;
const bundles = readdirSync(devDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(devDir, d.name, 'gold.json')))
  .map((d) => d.name)
  .sort();
const result = runEval(devDir, bundles, score, params, (f) => JSON.parse(readFileSync(f, 'utf8')));
if (args.includes('--json')) console.log(JSON.stringify(result, null, 2));
else console.log(result.table);
