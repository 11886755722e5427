import assert from 'node:assert/strict';
import { reextractPolicy } from '../../server/collect/policies/reextract';
import { assignSectionIds, splitSections, SelectorMatchedNothingError } from '../../server/collect/policies/sections';
import { listCaptures, timestampToIso } from '../../server/collect/policies/wayback';
import { runCollection } from '../../server/collect/run';
import { EventBus, type ClaimlineEvent } from '../../server/events';
import type { Db } from '../../server/store/db';
import { readPolicies } from '../../server/store/policies';
import { addSource } from '../../server/store/sources';
import { freshDb, testIncident, withEnv } from './helpers/db';
import { startServer, type TestServer } from './helpers/http';

/** A policy page: its chrome around an article whose sections the test sets. */
function page(sections: [string, string][], chrome = 'Home | Pricing', wrap = false): string {
  const body = sections.map(([h, t]) => `<h2>${h}</h2>\n<p>${t}</p>`).join('\n');
  return `<!doctype html><html><head><title>Privacy &amp; principles</title><script>var tracking = "SCRIPT";</script></head>
<body><nav>${chrome}</nav><div class="policy">${wrap ? `<div><section>${body.replace(/ /g, '  \n ')}</section></div>` : body}</div><footer>Footer ${chrome}</footer></body></html>`;
}

const V1: [string, string][] = [
  ['Overview', 'These principles explain how we use data for search, learning and AI.'],
  ['Data usage', 'To develop AI/ML models, our systems analyze customer data such as messages, content and files.'],
  ['Opting out', 'To opt out, have your workspace owner email our support team with your workspace URL.'],
];
const V2: [string, string][] = [
  V1[0]!,
  ['Data usage', 'To develop non-generative AI/ML models, our systems analyze de-identified customer data such as messages, content and files.'],
  V1[2]!,
];
const V3: [string, string][] = [
  V2[0]!,
  V2[1]!,
  ['How to opt out', 'To opt out, have your workspace owner email our support team with your workspace URL.'],
  ['Generative AI', 'We do not train large language models on customer data.'],
];

describe('policy documents', () => {
  let srv: TestServer;
  let current = page(V1);
  const archive: Record<string, string> = {
    '20220101000000': page([['Ancient', 'Too old to matter.']]), // before the lookback: never asked for
    '20240101000000': page(V1, 'Old menu'),
    '20240301000000': page(V1, 'Newer menu'), // same text, other chrome: not a new version
  };
  before(async () => {
    srv = await startServer({
      '/policy': (_q, res) => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(current),
      '/cdx/search/cdx': (req, res) => {
        const q = new URL(req.url!, 'http://x').searchParams;
        assert.equal(q.get('output'), 'json');
        // Like the real CDX API: from/to are timestamp prefixes, inclusive.
        const from = (q.get('from') ?? '').padEnd(14, '0');
        const to = (q.get('to') ?? '').padEnd(14, '9');
        const keys = Object.keys(archive).filter((ts) => ts >= from && ts <= to);
        const rows = [['timestamp', 'original', 'statuscode', 'digest'], ...keys.map((ts, i) => [ts, q.get('url')!, '200', `D${i}`])];
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(rows));
      },
      '*': (req, res) => {
        const m = /^\/web\/(\d{14})id_\//.exec(req.url ?? '');
        if (m && archive[m[1]!]) return void res.writeHead(200, { 'content-type': 'text/html' }).end(archive[m[1]!]);
        res.writeHead(404).end('not archived');
      },
    });
  });
  after(() => srv.close());

  const collect = (db: Db, opts: Parameters<typeof runCollection>[2] = {}) => withEnv({ CLAIMLINE_ALLOW_PRIVATE: '1' }, () => runCollection(db, 'acme-ml', opts));
  const versions = (db: Db) => readPolicies(db, 'acme-ml').find((d) => d.id === 'principles')!.versions;

  it('splits by headings inside the selector, leaving out navigation, scripts and layout', () => {
    const s = splitSections(page(V1), '.policy');
    assert.deepEqual(s.map((x) => x.heading), ['Overview', 'Data usage', 'Opting out']);
    assert.equal(s[1]!.text, V1[1]![1]);
    assert.deepEqual(splitSections(page(V1, 'Other', true), '.policy'), s, 'wrapping and whitespace change nothing');
    const whole = splitSections(page(V1));
    assert.ok(!whole.some((x) => /SCRIPT|Home \| Pricing|Footer/.test(x.text)), JSON.stringify(whole));
    assert.throws(() => splitSections(page(V1), '#terms'), SelectorMatchedNothingError);
  });

  it('keeps section ids when wording or a heading changes, and gives new sections new ids', () => {
    const v1 = assignSectionIds(splitSections(page(V1), '.policy'));
    assert.deepEqual(v1.map((s) => s.id), ['overview', 'data-usage', 'opting-out']);
    const v3 = assignSectionIds(splitSections(page(V3), '.policy'), v1);
    assert.deepEqual(v3.map((s) => s.id), ['overview', 'data-usage', 'opting-out', 'generative-ai']);
    // A removed section's id is not handed to an unrelated new one.
    const v4 = assignSectionIds([{ heading: 'Opting out', level: 2, text: 'Completely different words about cookies and banners.' }], [{ id: 'x', heading: 'Data usage', text: 'abc' }, { id: 'opting-out', heading: 'Old', text: 'zzz' }]);
    assert.equal(v4[0]!.id, 'opting-out-2');
  });

  it('stores a version only when the text changes, keeps every distinct snapshot, and announces policy.changed', async () => {
    const { db, cleanup } = freshDb();
    try {
      addSource(db, 'acme-ml', { kind: 'policy', id: 'principles', url: `${srv.url}/policy`, selector: '.policy', title: 'Privacy principles' }, undefined, new Date().toISOString());
      const events: ClaimlineEvent[] = [];
      const bus = new EventBus();
      bus.subscribe((e) => events.push(e));
      current = page(V1);
      let s = await collect(db, { events: bus });
      assert.equal(s.failed, 0, JSON.stringify(s.sources));
      assert.equal(s.sources[0]!.versions, 1);
      s = await collect(db, { events: bus });
      assert.equal(s.sources[0]!.versions ?? 0, 0, 'the same page again is no new version');
      current = page(V1, 'A new menu', true);
      s = await collect(db, { events: bus });
      assert.equal(s.sources[0]!.versions ?? 0, 0, 'a layout change outside and inside the selector is no new version');
      current = page(V2);
      s = await collect(db, { events: bus });
      assert.equal(s.sources[0]!.versions, 1);
      current = page(V3);
      await collect(db, { events: bus });
      const vs = versions(db);
      assert.equal(vs.length, 3);
      assert.deepEqual(vs.map((v) => v.sections.map((x) => x.id)), [
        ['overview', 'data-usage', 'opting-out'],
        ['overview', 'data-usage', 'opting-out'],
        ['overview', 'data-usage', 'opting-out', 'generative-ai'],
      ]);
      assert.match(vs[1]!.sections[1]!.text, /non-generative/);
      assert.equal(vs[2]!.sections[2]!.heading, 'How to opt out');
      assert.equal(events.filter((e) => e.type === 'policy.changed').length, 3);
      assert.equal(readPolicies(db, 'acme-ml')[0]!.title, 'Privacy principles', 'the configured title');
      const snaps = db.prepare('SELECT body FROM policy_snapshots ORDER BY id').all() as { body: string }[];
      assert.equal(snaps.length, 4, 'one snapshot per distinct page fetched (V1, V1 re-laid, V2, V3)');
      assert.match(snaps[0]!.body, /var tracking/, 'the raw page is kept as fetched');
      const linked = db.prepare('SELECT count(*) AS n FROM policy_versions WHERE snapshot_id IS NOT NULL').get() as { n: number };
      assert.equal(linked.n, 3);
    } finally {
      cleanup();
    }
  });

  it('reports a selector that matches nothing, keeps the snapshot, and stores no version', async () => {
    const { db, cleanup } = freshDb();
    try {
      addSource(db, 'acme-ml', { kind: 'policy', id: 'principles', url: `${srv.url}/policy`, selector: '#privacy-terms' }, undefined, new Date().toISOString());
      current = page(V1);
      const s = await collect(db);
      assert.equal(s.failed, 1);
      assert.match(s.sources[0]!.error!, /selector "#privacy-terms" matched nothing on the page at .*\/policy: no version was stored .*Check the selector of policy "principles"/);
      assert.equal(versions(db).length, 0);
      assert.equal((db.prepare('SELECT count(*) AS n FROM policy_snapshots').get() as { n: number }).n, 1);
      assert.equal((db.prepare('SELECT count(*) AS n FROM fetch_errors').get() as { n: number }).n, 1);
      // The snapshot kept lets a corrected selector be applied without fetching again.
      const redone = reextractPolicy(db, 'acme-ml', 'principles', '.policy');
      assert.deepEqual(redone, { versions: 1, unmatched: [] });
      assert.deepEqual(versions(db)[0]!.sections.map((x) => x.id), ['overview', 'data-usage', 'opting-out']);
      assert.equal(readPolicies(db, 'acme-ml')[0]!.selector, '.policy');
      assert.equal(readPolicies(db, 'acme-ml')[0]!.title, 'Privacy & principles', "without a configured title, the page's own");
    } finally {
      cleanup();
    }
  });

  it('reads past versions from a Wayback CDX index, dated by capture, linked to the archive, only where the text differs', async () => {
    // The incident began in mid 2024: the archive is read from a year before it.
    const { db, cleanup } = freshDb(testIncident({ start: '2024-06-01T00:00:00Z' }));
    try {
      addSource(db, 'acme-ml', { kind: 'policy', id: 'principles', url: `${srv.url}/policy`, selector: '.policy' }, undefined, new Date().toISOString());
      current = page(V2);
      const caps = await withEnv({ CLAIMLINE_ALLOW_PRIVATE: '1' }, () => listCaptures(`${srv.url}/policy`, { base: srv.url, from: '2023-06-01T00:00:00Z' }));
      assert.deepEqual(caps.map((c) => c.capturedAt), ['2024-01-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z']);
      const s = await collect(db, { wayback: true, waybackBase: srv.url });
      assert.equal(s.failed, 0, JSON.stringify(s.sources));
      const vs = versions(db);
      assert.deepEqual(vs.map((v) => v.retrievedAt.slice(0, 10)), ['2024-01-01', new Date().toISOString().slice(0, 10)]);
      assert.deepEqual(vs[0]!.sections.map((x) => x.id), ['overview', 'data-usage', 'opting-out']);
      assert.deepEqual(vs[1]!.sections.map((x) => x.id), ['overview', 'data-usage', 'opting-out'], 'ids carry over from the archived version');
      const archived = db.prepare('SELECT archived_url FROM policy_versions ORDER BY retrieved_at').all() as { archived_url: string | null }[];
      assert.equal(archived[0]!.archived_url, `${srv.url}/web/20240101000000/${srv.url}/policy`);
      assert.equal(archived[1]!.archived_url, null);
      const again = await collect(db, { wayback: true, waybackBase: srv.url });
      assert.equal(again.sources[0]!.versions ?? 0, 0, 'collecting again adds nothing');
      assert.equal(timestampToIso('20240516123000'), '2024-05-16T12:30:00.000Z');
    } finally {
      cleanup();
    }
  });
});
