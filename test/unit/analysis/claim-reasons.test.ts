import assert from 'node:assert/strict';
import { demoAnalysis } from './_demo';

describe('analysis: claim reasons', () => {
  it('names the words a discovered claim\'s items share, and those words occur in its items', () => {
    const a = demoAnalysis();
    const claim = a.claims.find((c) => c.items.length >= 10)!;
    const m = /^(\d+) items grouped by the words they share \((.+)\) and the policy sections they match$/.exec(claim.reason!);
    assert.ok(m, claim.reason);
    assert.equal(Number(m[1]), claim.items.length);
    const words = [...m[2]!.matchAll(/'([^']+)'/g)].map((x) => x[1]!);
    assert.ok(words.length >= 3, claim.reason);
    // The claim's words are the ones its members' own placements name.
    const reasons = claim.items.map((id) => a.items[id]!.claimReason ?? '').join(' ');
    assert.ok(words.some((w) => reasons.includes(`'${w}'`)), `items' own reasons share some of ${words.join(', ')}`);
  });
});
