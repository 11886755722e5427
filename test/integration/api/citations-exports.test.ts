import assert from 'node:assert/strict';
import type { Citation } from '../../../shared/api';
import { writeAnalysis } from '../../../server/store/analysis';
import { golden } from './_golden';
import { DEMO, testApp, type TestApp } from './_app';

const ACCESSED = '2026-01-15T12:00:00Z';

/** A fixed analysis of the demo (not the engine's, which may change), so exports compare with golden files. */
function fixedAnalysis(t: TestApp): void {
  writeAnalysis(t.db, DEMO, {
    claims: [
      {
        id: 'train-on-messages',
        label: 'Slack trains AI models on customer messages and files',
        items: ['bsky-0001', 'hn-0002'],
        firstSeen: '2024-05-16T15:22:34Z',
        policyLinks: [{ section: 'slack-privacy-principles#s2', score: 0.9, versionRetrievedAt: '2024-05-16T00:00:00Z', reason: 'shares "analyze", "messages"' }],
      },
      { id: 'opt-out-email', label: 'Opting out needs an email from the workspace owner', items: [], policyLinks: [] },
    ],
    items: {
      'bsky-0001': { role: 'claim', claim: 'train-on-messages', reason: 'asserts data use' },
      'hn-0001': { role: 'report', claim: 'train-on-messages' },
      'hn-0002': { role: 'claim', claim: 'train-on-messages' },
      'x-0011': { role: 'response', claim: 'train-on-messages', reason: 'posted by the vendor\u2019s account slackhq' },
    },
  });
}

describe('API citations and exports', () => {
  let t: TestApp;
  before(() => {
    t = testApp({ analyse: false });
    fixedAnalysis(t);
  });
  after(() => t.close());

  it('cites a demo post in Markdown, CSL-JSON, BibTeX and text as the golden files say', async () => {
    const res = await t.get(`/api/incidents/${DEMO}/items/bsky-0001/citation?accessed=${ACCESSED}`);
    assert.equal(res.status, 200);
    const c = (await res.json()) as Citation;
    golden('citations/item-bsky-0001.md', c.markdown + '\n');
    golden('citations/item-bsky-0001.txt', c.text + '\n');
    golden('citations/item-bsky-0001.bib', c.bibtex + '\n');
    golden('citations/item-bsky-0001.csl.json', JSON.stringify(c['csl-json'], null, 2) + '\n');
    assert.match(c.text, /Ingrid Lindqvist/);
    assert.match(c.text, /16 May 2024/);
    assert.match(c.text, /https:\/\/bsky\.app\/profile\/ilindqvist/);
    assert.match(c.text, /accessed 15 January 2026/);
  });

  it('cites a demo policy section with the version\u2019s date, the section and the quoted passage', async () => {
    const res = await t.get(`/api/incidents/${DEMO}/policies/slack-privacy-principles/sections/s2/citation?accessed=${ACCESSED}&at=2024-05-17T00:00:00Z`);
    assert.equal(res.status, 200);
    const c = (await res.json()) as Citation;
    golden('citations/policy-slack-privacy-principles-s2.md', c.markdown + '\n');
    golden('citations/policy-slack-privacy-principles-s2.txt', c.text + '\n');
    golden('citations/policy-slack-privacy-principles-s2.bib', c.bibtex + '\n');
    golden('citations/policy-slack-privacy-principles-s2.csl.json', JSON.stringify(c['csl-json'], null, 2) + '\n');
    assert.match(c.text, /version retrieved 16 May 2024/);
    assert.match(c.text, /To develop AI\/ML models/);
  });

  it('gives one format alone with its media type', async () => {
    const bib = await t.get(`/api/incidents/${DEMO}/items/bsky-0001/citation?format=bibtex&accessed=${ACCESSED}`);
    assert.match(bib.headers.get('content-type')!, /x-bibtex/);
    assert.match(await bib.text(), /^@misc\{/);
    const csl = await t.get(`/api/incidents/${DEMO}/items/bsky-0001/citation?format=csl-json&accessed=${ACCESSED}`);
    const arr = (await csl.json()) as { id: string }[];
    assert.equal(arr[0]!.id, 'bsky-0001');
    const claim = await t.get(`/api/incidents/${DEMO}/claims/train-on-messages/citation?format=text&accessed=${ACCESSED}`);
    assert.match(await claim.text(), /Slack trains AI models on customer messages and files/);
    assert.equal((await t.get(`/api/incidents/${DEMO}/items/bsky-0001/citation?format=mla`)).status, 400);
    assert.equal((await t.get(`/api/incidents/${DEMO}/policies/slack-privacy-principles/sections/s15/citation?at=2024-05-17T00:00:00Z`)).status, 404);
  });

  it('exports ClaimReview JSON-LD for claims with a verdict, as the golden file says', async () => {
    const put = await t.write('PUT', `/api/incidents/${DEMO}/claims/train-on-messages/verdict`, { verdict: 'supported', note: 'Section s2 says the systems analyze messages, content and files to develop AI/ML models.' });
    assert.equal(put.status, 200);
    const res = await t.get(`/api/incidents/${DEMO}/export/claimreview`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /application\/ld\+json/);
    const text = await res.text();
    golden('exports/claimreview.jsonld', text);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON-LD is checked field by field below
    const [review] = JSON.parse(text) as Record<string, any>[];
    assert.equal(review!['@type'], 'ClaimReview');
    assert.equal(review!.claimReviewed, 'Slack trains AI models on customer messages and files');
    assert.equal(review!.itemReviewed['@type'], 'Claim');
    assert.equal(review!.itemReviewed.firstAppearance.url, 'https://bsky.app/profile/ilindqvist.bsky.social/post/3ksmjayidh37d');
    assert.equal(review!.reviewRating.ratingValue, 4);
  });

  it('exports a Markdown report with each claim, its verdict, the vendor\u2019s response and the policy passage', async () => {
    const res = await t.get(`/api/incidents/${DEMO}/export/report`);
    const md = await res.text();
    golden('exports/report.md', md);
    assert.match(md, /^# Slack uses customer data/);
    assert.match(md, /Verdict: Supported by the policy text/);
    assert.match(md, /Vendor responses:/);
    assert.match(md, /^> .*To develop AI\/ML models/m);
    assert.match(md, /it now reads:/);
  });

  it('exports items as CSV with role and claim, one line per item', async () => {
    const res = await t.get(`/api/incidents/${DEMO}/export/csv`);
    assert.match(res.headers.get('content-type')!, /text\/csv/);
    const csv = await res.text();
    const lines = csv.trimEnd().split('\r\n');
    assert.equal(lines[0], 'id,created_at,platform,author_handle,author_name,url,role,claim,claim_label,reply_to,quote_of,lang,text');
    assert.ok(lines.find((l) => l.startsWith('bsky-0001,'))!.includes(',claim,train-on-messages,'));
    // Quoted text with commas and newlines keeps the row count right when parsed; here: 178 records start with an id.
    assert.equal(lines.filter((l) => /^[a-z]+-\d{4},2024-/.test(l)).length, 178);
  });

  it('exports the bundle with the analyst\u2019s verdicts', async () => {
    const res = await t.get(`/api/incidents/${DEMO}/export/bundle`);
    const { files } = (await res.json()) as { files: Record<string, string> };
    assert.deepEqual(Object.keys(files).sort(), ['claimline.json', 'incident.json', 'items.jsonl', 'policies.json']);
    assert.equal(files['items.jsonl']!.trimEnd().split('\n').length, 178);
    assert.ok(JSON.parse(files['claimline.json']!).verdicts.some((v: { claim: string }) => v.claim === 'train-on-messages'));
    assert.equal((await t.get(`/api/incidents/${DEMO}/export/pdf`)).status, 404);
  });
});
