import assert from 'node:assert/strict';
import { demo, demoAnalysis } from './_demo';
import { prepare } from '../../../server/analysis/index';
import { decideRoles, NOISE_MIN, ROLE_FEATURES } from '../../../server/analysis/roles';
import type { SoftmaxModel } from '../../../server/analysis/softmax';

/** A role model that gives every item the same claim/reaction/noise probabilities. */
function constantModel(p: [number, number, number]): SoftmaxModel {
  const d = ROLE_FEATURES.length;
  return { features: [...ROLE_FEATURES], classes: ['claim', 'reaction', 'noise'], mean: new Array(d).fill(0), std: new Array(d).fill(1), weights: p.map((x) => [...new Array(d).fill(0), Math.log(x)]) };
}

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

  it('keeps an item the model finds only slightly likelier noise as a reaction, and says so; a clear majority is noise', () => {
    const b = demo();
    const rope = b.items.findIndex((i) => /slack in the leech/.test(i.text));
    const unsure = 0.5 * (0.5 + NOISE_MIN);
    const kept = decideRoles(prepare({ incident: b.incident, policies: b.policies, items: b.items }, constantModel([0.5 * (1 - unsure), 0.5 * (1 - unsure), unsure])).roleCtx)[rope]!;
    assert.equal(kept.role, 'reaction');
    assert.match(kept.reason, /not clearly off topic \(\d+% on topic\): kept as a reaction/);
    const sure = decideRoles(prepare({ incident: b.incident, policies: b.policies, items: b.items }, constantModel([0.1, 0.15, 0.75])).roleCtx)[rope]!;
    assert.equal(sure.role, 'noise');
    assert.match(sure.reason, /off topic/);
  });

  it('lists every item of the incident with a role and a reason', () => {
    const a = demoAnalysis();
    assert.equal(Object.keys(a.items).length, demo().items.length);
    for (const it of Object.values(a.items)) assert.ok(it.reason && it.reason.length > 5);
  });
});
