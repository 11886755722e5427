import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runEval, type Scores } from '../../../server/analysis/eval/run';

const devDir = process.env.CLAIMLINE_EVAL_DIR ?? join(import.meta.dirname, '../../../../shared/eval/dev');

describe('analysis: end to end on the labelled dev bundles (leave one incident out)', function () {
  this.timeout(600_000);
  let mean: { unseeded: Scores; seeded: Scores } | undefined;

  before(async function () {
    if (!existsSync(devDir) || !existsSync(join(devDir, '../score.mjs'))) {
      console.log(`    (skipped: no evaluation corpus at ${devDir}; set CLAIMLINE_EVAL_DIR)`);
      this.skip();
    }
    const { score } = (await import(pathToFileURL(join(devDir, '../score.mjs')).href)) as { score: Parameters<typeof runEval>[2] };
    const names = readdirSync(devDir).filter((n) => existsSync(join(devDir, n, 'gold.json'))).sort();
    mean = runEval(devDir, names, score, undefined, (f) => JSON.parse(readFileSync(f, 'utf8'))).mean;
  });

  // Thresholds sit a little below what the engine reaches, so a regression fails here.
  it('tells roles apart (macro-F1)', () => assert.ok(mean!.unseeded.roles.macroF1 >= 0.8, String(mean!.unseeded.roles.macroF1)));
  it('groups items into claims better than one big group (B-cubed F1 and ARI)', () => {
    assert.ok(mean!.unseeded.grouping.f1 >= 0.6, String(mean!.unseeded.grouping.f1));
    assert.ok(mean!.unseeded.grouping.ari >= 0.36, String(mean!.unseeded.grouping.ari));
  });
  it('groups around one seed per claim', () => assert.ok(mean!.seeded.grouping.f1 >= 0.6, String(mean!.seeded.grouping.f1)));
  it('links claims to their policy sections (top-1)', () => assert.ok(mean!.unseeded.policy.top1 >= 0.8, String(mean!.unseeded.policy.top1)));
});
