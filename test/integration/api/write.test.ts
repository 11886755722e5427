import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ClaimDetail, ClaimList, EditResult, IncidentDetail, IncidentSummary, SourceList, TimelineItem } from '../../../shared/api';
import { analyzeIncident } from '../../../server/store/analysis';
import { loadCheckpoint, saveCheckpoint } from '../../../server/store/collect-state';
import { DEMO, NOW, TOKEN, testApp, type TestApp } from './_app';

async function json<T>(r: Promise<Response>, status: number): Promise<T> {
  const res = await r;
  const text = await res.text();
  assert.equal(res.status, status, text);
  return (text ? JSON.parse(text) : undefined) as T;
}

const NEW_INCIDENT = {
  id: 'acme-2025',
  title: 'Acme trains on support tickets',
  vendor: { name: 'Acme', domains: ['acme.example'], handles: ['acme.example'] },
  keywords: ['acme', 'training'],
  start: '2025-01-01T00:00:00Z',
  end: '2025-01-31T00:00:00Z',
};

describe('API writes and security', () => {
  let t: TestApp;
  beforeEach(() => (t = testApp()));
  afterEach(() => t.close());

  it('refuses a write without a token, and with a wrong one, with a 401 JSON error', async () => {
    const none = await json<{ error: string; message: string }>(t.write('POST', '/api/incidents', NEW_INCIDENT, null), 401);
    assert.equal(none.error, 'unauthorized');
    assert.match(none.message, /Bearer/);
    const wrong = await json<{ error: string }>(t.write('POST', '/api/incidents', NEW_INCIDENT, 'not-the-token'), 401);
    assert.equal(wrong.error, 'unauthorized');
    for (const [m, p] of [['DELETE', `/api/incidents/${DEMO}`], ['PATCH', `/api/incidents/${DEMO}`], ['PUT', `/api/incidents/${DEMO}/claims/x/verdict`]] as const) {
      await json(t.write(m, p, {}, null), 401);
    }
    // Nothing was written.
    assert.equal((t.db.prepare('SELECT count(*) AS n FROM incidents').get() as { n: number }).n, 1);
  });

  it('answers malformed JSON and wrong types with a 400 naming the problem', async () => {
    const bad = await json<{ error: string; message: string }>(t.write('POST', '/api/incidents', '{"title": '), 400);
    assert.equal(bad.error, 'invalid_request');
    assert.match(bad.message, /JSON/);
    const wrong = await json<{ message: string; details: { path: string }[] }>(t.write('POST', '/api/incidents', { ...NEW_INCIDENT, keywords: 'acme' }), 400);
    assert.ok(wrong.details.some((d) => d.path === 'keywords'));
    await json(t.write('POST', '/api/incidents', { ...NEW_INCIDENT, start: 'last tuesday' }), 400);
    await json(t.write('POST', '/api/incidents', { ...NEW_INCIDENT, end: '2024-01-01T00:00:00Z' }), 400);
    await json(t.write('POST', '/api/incidents', [1, 2, 3]), 400);
  });

  it('refuses a 50 MB body with a 413 and stays up', async function () {
    this.timeout(60_000);
    const big = new Uint8Array(50 * 1024 * 1024).fill(0x20);
    // Without a length: the limit is found by reading the body.
    const streamed = await json<{ error: string }>(Promise.resolve(t.app.request('/api/incidents', { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, body: big })), 413);
    assert.equal(streamed.error, 'payload_too_large');
    // With a length: refused before reading.
    const res = await json<{ error: string; message: string }>(
      Promise.resolve(t.app.request('/api/incidents', { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', 'Content-Length': String(big.length) }, body: big })),
      413,
    );
    assert.equal(res.error, 'payload_too_large');
    assert.match(res.message, /MiB/);
    await json(t.write('POST', '/api/incidents', NEW_INCIDENT), 201);
  });

  it('creates, updates and deletes an incident with all its data', async () => {
    const created = await json<IncidentSummary>(t.write('POST', '/api/incidents', NEW_INCIDENT), 201);
    assert.equal(created.id, 'acme-2025');
    await json(t.write('POST', '/api/incidents', NEW_INCIDENT), 409);
    const updated = await json<IncidentSummary>(t.write('PATCH', '/api/incidents/acme-2025', { keywords: ['acme', 'tickets'], note: 'Written for a test.' }), 200);
    assert.deepEqual(updated.keywords, ['acme', 'tickets']);
    assert.equal(updated.note, 'Written for a test.');
    assert.equal(updated.title, NEW_INCIDENT.title);
    await json(t.write('PATCH', '/api/incidents/acme-2025', {}), 400);
    await json(t.write('PATCH', '/api/incidents/acme-2025', { start: '2026-01-01T00:00:00Z' }), 400);
    await json(t.write('POST', '/api/incidents/acme-2025/statements', { text: 'We do not train on tickets.', author: { handle: 'acme.example' }, createdAt: '2025-01-02T10:00:00Z' }), 201);
    await json(t.write('DELETE', '/api/incidents/acme-2025'), 204);
    await json(t.get('/api/incidents/acme-2025'), 404);
    assert.equal((t.db.prepare("SELECT count(*) AS n FROM items WHERE incident_id = 'acme-2025'").get() as { n: number }).n, 0);
    await json(t.write('DELETE', '/api/incidents/acme-2025'), 404);
  });

  it('adds, lists and removes sources (with their checkpoints); a policy source registers its document', async () => {
    const s = await json<{ id: string }>(t.write('POST', `/api/incidents/${DEMO}/sources`, { config: { kind: 'bluesky-search', query: 'slack ai training' } }), 201);
    await json(t.write('POST', `/api/incidents/${DEMO}/sources`, { config: { kind: 'bluesky-search', query: 'slack ai training' } }), 200);
    await json(t.write('POST', `/api/incidents/${DEMO}/sources`, { config: { kind: 'policy', id: 'tos', url: 'https://slack.com/terms', selector: 'main' } }), 201);
    await json(t.write('POST', `/api/incidents/${DEMO}/sources`, { config: { kind: 'feed', url: 'file:///etc/passwd' } }), 400);
    await json(t.write('POST', `/api/incidents/${DEMO}/sources`, { config: { kind: 'carrier-pigeon' } }), 400);
    const { sources } = await json<SourceList>(t.get(`/api/incidents/${DEMO}/sources`), 200);
    assert.equal(sources.length, 2);
    const detail = await json<IncidentDetail>(t.get(`/api/incidents/${DEMO}`), 200);
    assert.ok(detail.policies.some((p) => p.id === 'tos' && p.versions.length === 0));
    saveCheckpoint(t.db, DEMO, s.id, { cursor: 'page-7' });
    await json(t.write('DELETE', `/api/incidents/${DEMO}/sources/${s.id}`), 204);
    await json(t.write('DELETE', `/api/incidents/${DEMO}/sources/${s.id}`), 404);
    assert.equal(loadCheckpoint(t.db, DEMO, s.id), undefined, 'a removed source added again starts afresh');
  });

  it('adds a manual statement once, places it in the timeline, and announces it', async () => {
    const seen: string[] = [];
    t.events.subscribe((e) => seen.push(e.type));
    const body = { text: 'Slack says workspace owners can opt out by email.', author: { handle: 'reporter.example', name: 'A Reporter' }, createdAt: '2024-05-17T09:00:00Z', url: 'https://news.example/story', platform: 'news' };
    const item = await json<TimelineItem>(t.write('POST', `/api/incidents/${DEMO}/statements`, body), 201);
    assert.equal(item.platform, 'news');
    assert.ok(item.role, 'the analysis placed it');
    const again = await json<TimelineItem>(t.write('POST', `/api/incidents/${DEMO}/statements`, { ...body, text: 'different text, same URL' }), 200);
    assert.equal(again.id, item.id);
    assert.ok(seen.includes('items.added'));
    await json(t.write('POST', `/api/incidents/${DEMO}/statements`, { ...body, replyTo: 'no-such-item', url: 'https://news.example/other' }), 400);
  });

  it('records a verdict, shows it with the claim, and removes it', async () => {
    const { claims } = await json<ClaimList>(t.get(`/api/incidents/${DEMO}/claims`), 200);
    const c = claims[0]!;
    const v = await json<{ verdict: string; at: string }>(t.write('PUT', `/api/incidents/${DEMO}/claims/${c.id}/verdict`, { verdict: 'supported', note: 'Section s2 says so.' }), 200);
    assert.equal(v.at, NOW);
    const d = await json<ClaimDetail>(t.get(`/api/incidents/${DEMO}/claims/${c.id}`), 200);
    assert.deepEqual(d.verdict, { verdict: 'supported', note: 'Section s2 says so.', at: NOW });
    await json(t.write('PUT', `/api/incidents/${DEMO}/claims/${c.id}/verdict`, { verdict: 'maybe' }), 400);
    await json(t.write('PUT', `/api/incidents/${DEMO}/claims/nope/verdict`, { verdict: 'supported' }), 404);
    await json(t.write('DELETE', `/api/incidents/${DEMO}/claims/${c.id}/verdict`), 204);
  });

  it('records edits with their time, applies them at once, and keeps them over re-analysis', async () => {
    const { claims } = await json<ClaimList>(t.get(`/api/incidents/${DEMO}/claims`), 200);
    const [a, b] = [claims[0]!, claims[1]!];
    const rename = await json<EditResult>(t.write('POST', `/api/incidents/${DEMO}/edits`, { kind: 'rename', claim: a.id, label: 'Renamed by a person' }), 201);
    assert.equal(rename.edit.at, NOW);
    const noise = (await json<{ entries: TimelineItem[] }>(t.get(`/api/incidents/${DEMO}/timeline?role=noise&limit=1`), 200)).entries[0]!;
    await json(t.write('POST', `/api/incidents/${DEMO}/edits`, { kind: 'role', item: noise.id, role: 'reaction' }), 201);
    const example = (await json<ClaimDetail>(t.get(`/api/incidents/${DEMO}/claims/${b.id}`), 200)).examples[0]!;
    await json(t.write('POST', `/api/incidents/${DEMO}/edits`, { kind: 'pin', item: example.id, claim: a.id }), 201);
    const link = (await json<ClaimDetail>(t.get(`/api/incidents/${DEMO}/claims/${a.id}`), 200)).policyLinks[0]!;
    await json(t.write('POST', `/api/incidents/${DEMO}/edits`, { kind: 'link', claim: a.id, section: link.section, status: 'rejected' }), 201);

    analyzeIncident(t.db, DEMO);
    const after = await json<ClaimDetail>(t.get(`/api/incidents/${DEMO}/claims/${a.id}`), 200);
    assert.equal(after.label, 'Renamed by a person');
    assert.ok(after.pinned.includes(example.id));
    assert.equal(after.examples[0]!.id, example.id);
    const l = after.policyLinks.find((x) => x.section === link.section);
    if (l) assert.equal(l.status, 'rejected');
    const item = await json<TimelineItem>(t.get(`/api/incidents/${DEMO}/items/${noise.id}`), 200);
    assert.equal(item.role, 'reaction');
    const { edits } = await json<{ edits: unknown[] }>(t.get(`/api/incidents/${DEMO}/edits`), 200);
    assert.equal(edits.length, 4);
  });

  it('merges and splits claims', async () => {
    const { claims } = await json<ClaimList>(t.get(`/api/incidents/${DEMO}/claims`), 200);
    const [a, b] = [claims[0]!, claims[1]!];
    await json(t.write('POST', `/api/incidents/${DEMO}/edits`, { kind: 'merge', claims: [b.id], into: a.id }), 201);
    const merged = await json<ClaimList>(t.get(`/api/incidents/${DEMO}/claims`), 200);
    assert.ok(!merged.claims.some((c) => c.id === b.id));
    const big = merged.claims.find((c) => c.id === a.id)!;
    assert.ok(big.items >= a.items + b.items - 2, `${big.items} < ${a.items} + ${b.items}`);
    const ex = (await json<ClaimDetail>(t.get(`/api/incidents/${DEMO}/claims/${a.id}?limit=3`), 200)).examples.map((e) => e.id);
    await json(t.write('POST', `/api/incidents/${DEMO}/edits`, { kind: 'split', claim: a.id, items: ex.slice(0, 2), newClaim: 'split-1', label: 'Split off' }), 201);
    const split = await json<ClaimDetail>(t.get(`/api/incidents/${DEMO}/claims/split-1`), 200);
    assert.equal(split.label, 'Split off');
    assert.ok(ex.slice(0, 2).every((id) => split.examples.some((e) => e.id === id) || split.pinned.includes(id)));
  });

  it('refuses edits naming unknown items or claims', async () => {
    await json(t.write('POST', `/api/incidents/${DEMO}/edits`, { kind: 'role', item: 'nope', role: 'noise' }), 404);
    await json(t.write('POST', `/api/incidents/${DEMO}/edits`, { kind: 'rename', claim: 'nope', label: 'x' }), 404);
    await json(t.write('POST', `/api/incidents/${DEMO}/edits`, { kind: 'teleport' }), 400);
    await json(t.write('POST', `/api/incidents/${DEMO}/edits`, { kind: 'role', item: 'bsky-0001', role: 'boss' }), 400);
    assert.equal((t.db.prepare('SELECT count(*) AS n FROM overrides').get() as { n: number }).n, 0);
  });

  it('collects from a feed in the background with 202, announcing progress and new items', async () => {
    const feed = `<?xml version="1.0"?><rss version="2.0"><channel><title>Test news</title><link>http://127.0.0.1/</link>
      <item><title>Slack AI training row</title><link>http://127.0.0.1/story-1</link><pubDate>Fri, 17 May 2024 10:00:00 GMT</pubDate>
      <description>Slack says customer data trains global models; opting out needs an email.</description></item></channel></rss>`;
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
      res.end(feed);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const allow = process.env.CLAIMLINE_ALLOW_PRIVATE;
    process.env.CLAIMLINE_ALLOW_PRIVATE = `127.0.0.1:${port}`;
    try {
      await json(t.write('POST', `/api/incidents/${DEMO}/collect`), 409);
      await json(t.write('POST', `/api/incidents/${DEMO}/sources`, { config: { kind: 'feed', url: `http://127.0.0.1:${port}/feed.xml` } }), 201);
      const done = new Promise<{ added: number; error?: string }>((resolve) => {
        t.events.subscribe((e) => {
          if (e.type === 'collect.progress' && e.source === '*' && e.done) resolve(e);
        });
      });
      const res = await json<{ accepted: boolean; job: string }>(t.write('POST', `/api/incidents/${DEMO}/collect`), 202);
      assert.equal(res.job, 'collect');
      const end = await done;
      assert.equal(end.error, undefined);
      assert.equal(end.added, 1);
      const page = await json<{ entries: TimelineItem[] }>(t.get(`/api/incidents/${DEMO}/timeline?platform=news&q=opting&limit=50`), 200);
      assert.ok(page.entries.some((e) => e.url === 'http://127.0.0.1/story-1'));
    } finally {
      if (allow === undefined) delete process.env.CLAIMLINE_ALLOW_PRIVATE;
      else process.env.CLAIMLINE_ALLOW_PRIVATE = allow;
      server.close();
    }
  });

  it('re-analyses on request', async () => {
    const res = await json<{ claims: number; items: number }>(t.write('POST', `/api/incidents/${DEMO}/analyze`), 200);
    assert.equal(res.items, 178);
    assert.ok(res.claims > 0);
  });

  it('sends no CORS headers unless origins are configured', async () => {
    const res = await t.app.request('/api/incidents', { headers: { Origin: 'https://evil.example' } });
    assert.equal(res.headers.get('access-control-allow-origin'), null);
  });

  it('uses the token it was given, not a default', async () => {
    await json(t.write('POST', '/api/incidents', NEW_INCIDENT, TOKEN + 'x'), 401);
    await json(t.write('POST', '/api/incidents', NEW_INCIDENT, TOKEN), 201);
  });
});
