import { strict as assert } from 'node:assert';
import type { Histogram } from '../../../shared/api';
import { completionOf, isEnvelope, isMessage, TimelinePageRequest } from '../../../shared/protocol';
import { buildChart } from '../../../extension/src/webview/lib/chartModel';
import { contentSecurityPolicy, escapeMarkdown, isWebUrl, makeNonce, newClaimId } from '../../../extension/src/core/csp';
import { claimDescription, duration, firstWords, lensTitle, shortTime } from '../../../extension/src/core/format';

const hist: Histogram = {
  bucket: 'hour',
  buckets: ['2024-05-16T00:00:00Z', '2024-05-16T01:00:00Z', '2024-05-16T02:00:00Z'],
  series: [
    { claim: 'a', label: 'A', counts: [1, 4, 0], total: 5 },
    { claim: 'b', label: 'B', counts: [0, 1, 1], total: 2 },
    { claim: 'c', label: 'C', counts: [2, 0, 0], total: 2 },
    { claim: null, label: 'No claim', counts: [9, 9, 9], total: 27 },
  ],
  responses: [{ at: '2024-05-16T01:30:00Z', itemId: 'r', claim: 'a' }],
  responsesTotal: 1,
  policyChanges: [{ at: '2024-05-16T02:00:00Z', documentId: 'd', title: 'Policy', changedSections: ['s1', 's2'] }],
};

describe('attention chart layout', () => {
  it('draws the largest claims, sums the rest, and leaves items in no claim out', () => {
    const m = buildChart(hist, 300, 100, 2);
    assert.deepEqual(m.series.map((s) => [s.label, s.total]), [['A', 5], ['B', 2], ['1 other claims', 2]]);
    assert.equal(m.maxY, 4);
  });

  it('places markers at their time between buckets and keeps points inside the plot', () => {
    const m = buildChart(hist, 300, 100);
    const { left, right, top, bottom } = m.plot;
    assert.equal(m.responses[0]!.x, left + ((right - left) * 1.5) / 2);
    assert.equal(m.policyChanges[0]!.x, right);
    assert.match(m.policyChanges[0]!.label, /2 sections changed/);
    for (const s of m.series) {
      for (const p of s.points.split(' ')) {
        const [x, y] = p.split(',').map(Number) as [number, number];
        assert.ok(x >= left - 0.1 && x <= right + 0.1 && y >= top - 0.1 && y <= bottom + 0.1, `${p} inside`);
      }
    }
  });

  it('copes with an incident with no items', () => {
    const m = buildChart({ ...hist, buckets: [], series: [], responses: [], policyChanges: [] }, 300, 100);
    assert.deepEqual(m.series, []);
    assert.equal(m.maxY, 1);
  });
});

describe('webview safety', () => {
  it('allows only nonce scripts and own styles', () => {
    const csp = contentSecurityPolicy('https://res.example', 'abc');
    assert.match(csp, /^default-src 'none'/);
    assert.match(csp, /script-src 'nonce-abc'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
  });
  it('makes a fresh random nonce each time', () => {
    const a = makeNonce();
    assert.notEqual(a, makeNonce());
    assert.equal(Buffer.from(a, 'base64').length, 16);
  });
  it('opens only http and https links', () => {
    assert.ok(isWebUrl('https://example.org/a'));
    assert.ok(!isWebUrl('javascript:alert(1)'));
    assert.ok(!isWebUrl('command:workbench.action.terminal.new'));
    assert.ok(!isWebUrl('file:///etc/passwd'));
  });
  it('escapes Markdown and HTML in hover text', () => {
    assert.equal(escapeMarkdown('[x](command:evil) <b>'), '\\[x\\]\\(command:evil\\) \\<b\\>');
  });
  it('recognises messages by method and envelope', () => {
    assert.ok(isMessage(TimelinePageRequest, { id: '1', method: 'timeline/page', params: {} }));
    assert.ok(!isMessage(TimelinePageRequest, { id: '1', method: 'claim/detail', params: {} }));
    assert.ok(!isEnvelope({ method: 'x' }));
    assert.equal(completionOf('timeline/page'), 'timeline/page/completion');
  });
});

describe('formatting for the tree and lenses', () => {
  it('describes a claim with count, first seen, response and verdict', () => {
    const d = claimDescription({
      id: 'c', label: 'L', reason: null, items: 12, claimItems: 10, firstSeen: '2024-05-16T15:22:00Z', peak: null,
      answered: true, firstResponseAt: '2024-05-16T21:37:00Z', timeToResponseMs: 6.25 * 3_600_000, policyChanged: true,
      verdict: { verdict: 'partly_supported', note: '', at: '2024-05-20T00:00:00Z' },
    });
    assert.equal(d, '12 items · first 16 May 15:22 UTC · answered after 6 h 15 min · partly supported · policy changed');
  });
  it('formats times and durations the same everywhere', () => {
    assert.equal(shortTime('2024-05-16T05:07:00Z'), '16 May 2024 05:07 UTC');
    assert.equal(duration(45 * 60_000), '45 min');
    assert.equal(duration(50 * 3_600_000), '2 d 2 h');
  });
  it('cuts long text at a word', () => {
    assert.equal(firstWords('one two three four five', 14), 'one two three…');
  });
  it('summarises what is claimed about a vendor', () => {
    const t = lensTitle({
      vendor: { name: 'Acme', incidents: [{}, {}] },
      claims: [{ answered: true, verdict: { verdict: 'contradicted' } }, { answered: false, verdict: null }],
    });
    assert.equal(t, 'Claimline: 2 claims about Acme in 2 incidents · 1 contradicted by the policy · 1 unanswered');
  });
  it('makes split claim ids that keep the old id and stay valid', () => {
    assert.equal(newClaimId('claim a/b', 36 ** 3), 'claim-a-b-split-1000');
  });
});
