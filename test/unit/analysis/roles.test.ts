import assert from 'node:assert/strict';
import { demo, demoAnalysis } from './_demo';

describe('analysis: roles', () => {
  it("gives a vendor account's post the response role, naming the handle", () => {
    const a = demoAnalysis().items['x-0011']!;
    assert.equal(a.role, 'response');
    assert.match(a.reason!, /vendor's account slackhq/);
  });

  it('recognises an employee speaking from a personal account as a response, quoting the cue', () => {
    const id = demo().items.find((i) => i.author.handle.startsWith('tashby'))!.id;
    const a = demoAnalysis().items[id]!;
    assert.equal(a.role, 'response');
    assert.match(a.reason!, /work for the vendor \("I work at Slack"\)/);
  });

  it('makes a news article by someone other than the vendor a report, naming the outlet', () => {
    const a = demoAnalysis().items['news-0001']!;
    assert.equal(a.role, 'report');
    assert.match(a.reason!, /article on news by Patchwire/);
  });

  it('treats a post that relays what the vendor told a journalist as a response', () => {
    const a = demoAnalysis().items['bsky-0041']!;
    assert.equal(a.role, 'response');
    assert.match(a.reason!, /relays the vendor's statement \("Slack told us"\)/);
  });

  it("treats a first-person statement about the vendor's own page as a response, quoting it", () => {
    const a = demoAnalysis().items['thr-0004']!;
    assert.equal(a.role, 'response');
    assert.match(a.reason!, /speaks for the vendor in the first person \("We do need to update this"\)/);
  });

  it('does not take a post that mentions "the <vendor> engineer" and quotes them for the vendor speaking', () => {
    const a = demoAnalysis().items['bsky-0068']!;
    assert.notEqual(a.role, 'response');
  });

  it('marks posts that only share the keyword (slack in a rope) as noise with a reason', () => {
    const rope = demo().items.find((i) => /slack in the leech/.test(i.text))!;
    const a = demoAnalysis().items[rope.id]!;
    assert.equal(a.role, 'noise');
    assert.equal(a.claim, null);
    assert.match(a.reason!, /off topic/);
  });

  it('lists every item of the incident with a role and a reason', () => {
    const a = demoAnalysis();
    assert.equal(Object.keys(a.items).length, demo().items.length);
    for (const it of Object.values(a.items)) assert.ok(it.reason && it.reason.length > 5);
  });
});
