import assert from 'node:assert/strict';
import { analyze } from '../../../server/analysis/index';
import { demo, demoAnalysis } from './_demo';

describe('analysis: claim groups', () => {
  it('puts a reply with little of its own ("source?") in its parent\'s claim, naming the parent', () => {
    const a = demoAnalysis();
    assert.equal(a.items['bsky-0009']!.claim, a.items['bsky-0008']!.claim);
    assert.match(a.items['bsky-0009']!.claimReason!, /reply to bsky-0008/);
  });

  it('lands the German and French posts of a claim with its English posts', () => {
    const a = demoAnalysis();
    // bsky-0013 (de) and mast-0003 (fr) say in their languages what news-0001 reports: messages and files used for models.
    assert.ok(a.items['bsky-0013']!.claim);
    assert.equal(a.items['bsky-0013']!.claim, a.items['mast-0003']!.claim);
    // bsky-0065 (es): the opt-out is an email from the workspace owner, as bsky-0004 says in English.
    assert.equal(a.items['bsky-0065']!.claim, a.items['bsky-0004']!.claim);
  });

  it('forms a claim around a pinned seed, labelled as pinned, that pulls in its paraphrases', () => {
    const b = demo();
    const label = 'Opting out needs an email';
    const a = analyze({ incident: b.incident, policies: b.policies, items: b.items, seeds: { [label]: ['bsky-0004'] } });
    const c = a.claims.find((x) => x.label === label);
    assert.ok(c, 'a claim carries the seed label');
    assert.match(c!.reason!, /formed around bsky-0004/);
    assert.match(a.items['bsky-0004']!.claimReason!, /pinned as an example/);
    // x-0003 ("Not a checkbox. Your workspace owner sends Slack an email") and bsky-0065 (es) say the same thing.
    for (const id of ['x-0003', 'bsky-0065']) {
      assert.equal(a.items[id]!.claim, c!.id, `${id} joins the seeded claim`);
      assert.match(a.items[id]!.claimReason!, /pinned as "Opting out needs an email"|reply to|quote to/);
    }
  });

  it('discovers several claims, each labelled, first seen at its earliest claim', () => {
    const a = demoAnalysis();
    assert.ok(a.claims.length >= 3 && a.claims.length <= 12, `${a.claims.length} claims`);
    for (const c of a.claims) {
      assert.ok(c.label.length > 5 && c.label.length <= 100);
      assert.ok(c.firstSeen);
      for (const id of c.items) assert.equal(a.items[id]!.claim, c.id);
    }
  });

  it('is deterministic: the same input gives the same output', () => {
    const b = demo();
    const again = analyze({ incident: b.incident, policies: b.policies, items: b.items });
    assert.deepEqual(again, demoAnalysis());
  });

  it('finds claims without being told the vendor: no rule depends on the incident beyond its bundle', () => {
    const b = demo();
    const renamed = JSON.parse(JSON.stringify(b).replace(/Slack|slack/g, 'Quill')) as typeof b;
    const a = analyze({ incident: renamed.incident, policies: renamed.policies, items: renamed.items });
    assert.equal(a.items['x-0011']!.role, 'response');
    assert.ok(a.claims.length >= 3);
  });
});
