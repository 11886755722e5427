import assert from 'node:assert/strict';
import { analyze } from '../../../server/analysis/index';
import { demo } from './_demo';

describe('analysis: seeds move the grouping', () => {
  it('names the pinned example in the reasons of the items a seeded claim gathers', () => {
    const b = demo();
    const label = 'Opting out needs an email';
    const a = analyze({ incident: b.incident, policies: b.policies, items: b.items, seeds: { [label]: ['bsky-0004'] } });
    const c = a.claims.find((x) => x.label === label)!;
    const gathered = c.items.filter((id) => id !== 'bsky-0004');
    assert.ok(gathered.length >= 3, `${gathered.length} items gathered`);
    for (const id of gathered) assert.match(a.items[id]!.claimReason!, /pinned as "Opting out needs an email"|reply to|quote to/);
    assert.ok(gathered.some((id) => /near the pinned example bsky-0004/.test(a.items[id]!.claimReason!)), 'some reason names the pinned item');
  });

  it('keeps the claims nobody pinned when only some claims are pinned', () => {
    const b = demo();
    const free = analyze({ incident: b.incident, policies: b.policies, items: b.items });
    const pinned = analyze({ incident: b.incident, policies: b.policies, items: b.items, seeds: { 'Opting out needs an email': ['hn-0003'], 'Messages train the models': ['bsky-0001'] } });
    const big = (a: typeof free) => a.claims.filter((c) => c.items.length >= 10).length;
    assert.ok(big(free) >= 3, `${big(free)} claims of 10+ items without pins`);
    assert.equal(big(pinned), big(free), 'two pins neither swallow nor lose the other claims');
    const largest = Math.max(...pinned.claims.map((c) => c.items.length));
    assert.ok(largest <= b.items.length / 2, `the largest claim holds ${largest} of ${b.items.length} items`);
  });
});

