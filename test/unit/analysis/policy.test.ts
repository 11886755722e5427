import assert from 'node:assert/strict';
import { sectionAnchors, sectionInForce } from '../../../server/analysis/policy';
import { demo, demoAnalysis } from './_demo';

describe('analysis: policy sections and versions', () => {
  const anchors = () => sectionAnchors(demo().policies);
  const anchor = (ref: string) => anchors().find((a) => a.ref === ref)!;

  it('shows the version in force when the claim first appeared, and the later change as a word diff', () => {
    const before = sectionInForce(anchor('slack-privacy-principles#s2'), '2024-05-17T09:00:00Z');
    assert.equal(before.versionRetrievedAt, '2024-05-16T00:00:00Z');
    assert.match(before.text!, /our systems analyze Customer Data/);
    assert.equal(before.laterChange?.retrievedAt, '2024-05-18T20:00:00Z');
    const parts = before.laterChange!.diff;
    assert.ok(parts.some((p) => p.op === 'delete' && /analyze/.test(p.text)), 'the removed wording is shown as deleted');
    assert.ok(parts.some((p) => p.op === 'insert'));
    assert.equal(parts.filter((p) => p.op !== 'insert').map((p) => p.text).join(''), before.text, 'equal and deleted parts rebuild the old text');
  });

  it('chooses the newer version for a claim first seen after it was retrieved, with no later change', () => {
    const after = sectionInForce(anchor('slack-privacy-principles#s2'), '2024-05-20T00:00:00Z');
    assert.equal(after.versionRetrievedAt, '2024-05-18T20:00:00Z');
    assert.equal(after.laterChange, null);
  });

  it('links a section that only a later version has to the version that introduced it, with that date', () => {
    const s15 = sectionInForce(anchor('slack-privacy-principles#s15'), '2024-05-16T18:00:00Z');
    assert.equal(s15.versionRetrievedAt, '2024-05-18T20:00:00Z');
    assert.ok(s15.text && s15.heading);
  });

  it('gives every claim ranked links that name their matched terms and carry the shown wording', () => {
    const a = demoAnalysis();
    assert.ok(a.claims.length >= 2);
    for (const c of a.claims) {
      assert.ok(c.policyLinks.length >= 1, `${c.id} has links`);
      for (let k = 1; k < c.policyLinks.length; k++) assert.ok(c.policyLinks[k - 1]!.score >= c.policyLinks[k]!.score, 'ranked best first');
      for (const l of c.policyLinks) {
        assert.match(l.reason!, /matches '.+'/);
        assert.ok(l.text && l.heading && l.versionRetrievedAt);
        assert.ok(l.versionRetrievedAt! <= c.firstSeen! || anchor(l.section).versions[0]!.retrievedAt === l.versionRetrievedAt, 'in force at first appearance, or the introducing version');
      }
    }
  });
});
