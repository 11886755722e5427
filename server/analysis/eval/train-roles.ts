/** Writes server/analysis/data/role-model.json, trained on every bundle of the dev corpus. `npx tsx server/analysis/eval/train-roles.ts [devDir]` */
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { trainPairModel, trainRoleModel } from '../train';
import { loadBundle } from './run';

const dir = process.argv[2] ?? join(import.meta.dirname, '../../../../shared/eval/dev');
const names = readdirSync(dir).filter((n) => existsSync(join(dir, n, 'gold.json'))).sort();
const bundles = names.map((n) => loadBundle(dir, n, (f) => JSON.parse(readFileSync(f, 'utf8')), (f) => readFileSync(f, 'utf8').split('\n')));
const model = trainRoleModel(bundles);
writeFileSync(join(import.meta.dirname, '../data/role-model.json'), JSON.stringify({ about: `Claim/reaction/noise role model trained by server/analysis/eval/train-roles.ts on the ${names.length} bundles of the dev corpus.`, ...model }, null, 1) + '\n');
console.log(`trained on ${names.join(', ')}`);
const pairs = trainPairModel(bundles);
writeFileSync(join(import.meta.dirname, '../data/pair-model.json'), JSON.stringify({ about: `Same-claim pair model trained by server/analysis/eval/train-roles.ts on the ${names.length} bundles of the dev corpus.`, ...pairs }, null, 1) + '\n');
