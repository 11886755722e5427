import assert from 'node:assert/strict';
import type { ClaimDetail, ClaimList, Histogram, IncidentDetail, IncidentList, TimelineItem, TimelinePage } from '../../../shared/api';
import { DEMO, testApp, type TestApp } from './_app';

async function json<T>(r: Response | Promise<Response>, status = 200): Promise<T> {
  const res = await r;
  const text = await res.text();
  assert.equal(res.status, status, text);
  assert.match(res.headers.get('content-type') ?? '', /application\/json/);
  return JSON.parse(text) as T;
}

describe('API reads on the demo incident', () => {
  let t: TestApp;
  before(() => (t = testApp()));
  after(() => t.close());

  it('answers /healthz with ok and the schema version', async () => {
    const h = await json<{ ok: boolean; schemaVersion: number; incidents: number }>(t.get('/healthz'));
    assert.equal(h.ok, true);
    assert.ok(h.schemaVersion >= 1);
    assert.equal(h.incidents, 1);
  });

  it('lists the demo incident with its note and counts', async () => {
    const { incidents } = await json<IncidentList>(t.get('/api/incidents'));
    assert.equal(incidents.length, 1);
    assert.equal(incidents[0]!.id, DEMO);
    assert.match(incidents[0]!.note ?? '', /Evaluation and demonstration data/);
    assert.equal(incidents[0]!.counts.items, 178);
    assert.ok(incidents[0]!.counts.claims > 0);
  });

  it('shows one incident with its note, policies, roles and platforms', async () => {
    const d = await json<IncidentDetail>(t.get(`/api/incidents/${DEMO}`));
    assert.match(d.note ?? '', /written for evaluation/);
    assert.deepEqual(d.policies.map((p) => p.id).sort(), ['slack-privacy-policy', 'slack-privacy-principles']);
    assert.equal(Object.values(d.roles).reduce((a, b) => a + b, 0), 178);
    assert.ok(d.platforms.bluesky! > 0);
    assert.equal(d.firstItemAt, '2024-05-16T15:22:34Z');
  });

  it('pages through the whole timeline in time order with each item\u2019s role and claim, no item twice', async () => {
    const seen: TimelineItem[] = [];
    let cursor: string | null = null;
    let pages = 0;
    let policyEvents = 0;
    do {
      const page: TimelinePage = await json<TimelinePage>(t.get(`/api/incidents/${DEMO}/timeline?limit=25${cursor ? `&cursor=${cursor}` : ''}`));
      for (const e of page.entries) {
        if (e.kind === 'item') seen.push(e);
        else policyEvents++;
      }
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    assert.equal(seen.length, 178);
    assert.equal(new Set(seen.map((i) => i.id)).size, 178);
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i - 1]!.createdAt <= seen[i]!.createdAt, `out of order at ${i}`);
    assert.ok(seen.every((i) => i.role !== null));
    assert.ok(seen.some((i) => i.claim !== null && i.claimLabel));
    // Three policy versions: two first versions and the change of 18 May.
    assert.equal(policyEvents, 3);
  });

  it('marks a policy version change on the timeline with the sections it changed', async () => {
    const page = await json<TimelinePage>(t.get(`/api/incidents/${DEMO}/timeline?limit=1000`));
    const change = page.entries.find((e) => e.kind === 'policy' && !e.first);
    assert.ok(change && change.kind === 'policy');
    assert.equal(change.createdAt, '2024-05-18T20:00:00Z');
    assert.ok(change.changedSections.includes('s15'));
  });

  it('filters the timeline by role, platform, author, claim and time', async () => {
    const responses = await json<TimelinePage>(t.get(`/api/incidents/${DEMO}/timeline?role=response&limit=1000`));
    assert.ok(responses.entries.length > 0);
    assert.ok(responses.entries.every((e) => e.kind === 'item' && e.role === 'response'));
    const x = await json<TimelinePage>(t.get(`/api/incidents/${DEMO}/timeline?platform=x&author=slackhq&limit=1000`));
    assert.ok(x.entries.length >= 2);
    assert.ok(x.entries.every((e) => e.kind === 'item' && e.platform === 'x' && e.author.handle === 'slackhq'));
    const { claims } = await json<ClaimList>(t.get(`/api/incidents/${DEMO}/claims`));
    const c = claims[0]!;
    const inClaim = await json<TimelinePage>(t.get(`/api/incidents/${DEMO}/timeline?claim=${c.id}&limit=1000`));
    assert.equal(inClaim.entries.length, c.items);
    const window = await json<TimelinePage>(t.get(`/api/incidents/${DEMO}/timeline?since=2024-05-17T00:00:00Z&until=2024-05-18T00:00:00Z&limit=1000&policy=false`));
    assert.ok(window.entries.length > 0);
    assert.ok(window.entries.every((e) => e.createdAt >= '2024-05-17T00:00:00Z' && e.createdAt < '2024-05-18T00:00:00Z'));
  });

  it('filters by text with every word required', async () => {
    const page = await json<TimelinePage>(t.get(`/api/incidents/${DEMO}/timeline?q=${encodeURIComponent('workspace owner')}&limit=1000`));
    assert.ok(page.entries.length > 0);
    for (const e of page.entries) {
      assert.equal(e.kind, 'item');
      assert.match((e as TimelineItem).text.toLowerCase(), /workspace/);
      assert.match((e as TimelineItem).text.toLowerCase(), /owner/);
    }
  });

  it('pages through a text filter combined with other filters, same as one big page', async () => {
    const base = `/api/incidents/${DEMO}/timeline?q=slack&role=claim,reaction&since=2024-05-16T18:00:00Z`;
    const all = await json<TimelinePage>(t.get(`${base}&limit=1000`));
    assert.ok(all.entries.length > 10);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: TimelinePage = await json<TimelinePage>(t.get(`${base}&limit=7${cursor ? `&cursor=${cursor}` : ''}`));
      paged.push(...page.entries.map((e) => (e.kind === 'item' ? e.id : '')));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(paged, all.entries.map((e) => (e.kind === 'item' ? e.id : '')));
    for (const e of all.entries) {
      assert.ok(e.kind === 'item' && (e.role === 'claim' || e.role === 'reaction') && e.createdAt >= '2024-05-16T18:00:00Z');
      assert.match(e.text.toLowerCase(), /slack/);
    }
  });

  it('searches FTS syntax characters literally instead of failing', async () => {
    for (const q of ['"', '"unbalanced', 'AND OR NOT', 'NEAR(a b)', '*', 'train*', 'text:slack', '^slack', '((((', '-', 'a:b:c', "'; DROP TABLE items; --", '\u0000', '{slack}']) {
      const res = await t.get(`/api/incidents/${DEMO}/timeline?q=${encodeURIComponent(q)}`);
      assert.equal(res.status, 200, `${q}: ${await res.clone().text()}`);
      await res.json();
    }
    // "AI/ML" searches the words AI and ML, which the demo holds.
    const page = await json<TimelinePage>(t.get(`/api/incidents/${DEMO}/timeline?q=${encodeURIComponent('"AI/ML" (models)*')}`));
    assert.ok(page.entries.length > 0);
  });

  it('rejects a bad query with a 400 naming the field', async () => {
    const bad = await json<{ error: string; message: string }>(t.get(`/api/incidents/${DEMO}/timeline?role=boss`), 400);
    assert.equal(bad.error, 'invalid_request');
    assert.match(bad.message, /role/);
    await json(t.get(`/api/incidents/${DEMO}/timeline?limit=0`), 400);
    await json(t.get(`/api/incidents/${DEMO}/timeline?since=yesterday`), 400);
    const cursor = await json<{ message: string }>(t.get(`/api/incidents/${DEMO}/timeline?cursor=garbage`), 400);
    assert.match(cursor.message, /cursor/);
  });

  it('counts items per claim per hour and per day, with responses and policy changes as markers', async () => {
    const day = await json<Histogram>(t.get(`/api/incidents/${DEMO}/histogram?bucket=day`));
    assert.equal(day.buckets[0], '2024-05-16T00:00:00Z');
    for (const s of day.series) assert.equal(s.counts.length, day.buckets.length);
    const hour = await json<Histogram>(t.get(`/api/incidents/${DEMO}/histogram?bucket=hour`));
    const totalDay = day.series.reduce((a, s) => a + s.total, 0);
    const totalHour = hour.series.reduce((a, s) => a + s.total, 0);
    assert.equal(totalDay, totalHour);
    assert.ok(hour.buckets.length > day.buckets.length);
    assert.ok(day.responses.length > 0 && day.responsesTotal === day.responses.length);
    assert.ok(day.policyChanges.some((p) => p.at === '2024-05-18T20:00:00Z'));
    await json(t.get(`/api/incidents/${DEMO}/histogram?bucket=week`), 400);
  });

  it('lists claims with counts, first seen, peak, response time and whether the policy changed', async () => {
    const { claims } = await json<ClaimList>(t.get(`/api/incidents/${DEMO}/claims`));
    assert.ok(claims.length >= 2);
    for (const c of claims) {
      assert.ok(c.items > 0);
      assert.ok(c.firstSeen);
      if (c.answered) assert.ok(c.timeToResponseMs !== null && c.timeToResponseMs >= 0);
    }
    for (let i = 1; i < claims.length; i++) assert.ok(claims[i - 1]!.firstSeen! <= claims[i]!.firstSeen!);
    assert.ok(claims.some((c) => c.policyChanged), 'the 18 May change touches a linked section');
  });

  it('shows one claim with examples, responses and policy links with text and later change', async () => {
    const { claims } = await json<ClaimList>(t.get(`/api/incidents/${DEMO}/claims`));
    const changed = claims.find((c) => c.policyChanged)!;
    const d = await json<ClaimDetail>(t.get(`/api/incidents/${DEMO}/claims/${changed.id}`));
    assert.ok(d.examples.length > 0);
    assert.ok(d.examples.every((e) => e.claim === changed.id));
    assert.ok(d.policyLinks.length > 0);
    const link = d.policyLinks.find((l) => l.laterChange)!;
    assert.ok(link.text && link.versionRetrievedAt);
    assert.ok(link.laterChange!.diff.some((p) => p.op !== 'equal'));
    const limited = await json<ClaimDetail>(t.get(`/api/incidents/${DEMO}/claims/${changed.id}?limit=1`));
    assert.equal(limited.examples.length, 1);
  });

  it('answers unknown incidents, claims, items and routes with a JSON 404 and no stack', async () => {
    for (const p of ['/api/incidents/nope', '/api/incidents/nope/timeline', `/api/incidents/${DEMO}/claims/nope`, `/api/incidents/${DEMO}/items/nope`, '/api/nothing-here', '/favicon.ico']) {
      const body = await json<{ error: string; message: string }>(t.get(p), 404);
      assert.equal(body.error, 'not_found');
      assert.ok(body.message.length > 10);
      assert.doesNotMatch(JSON.stringify(body), /at .*\.ts:\d+/);
    }
  });

  it('groups incidents by vendor domain and lists a vendor\u2019s claims', async () => {
    const { vendors } = await json<{ vendors: { key: string; incidents: unknown[] }[] }>(t.get('/api/vendors'));
    assert.equal(vendors[0]!.key, 'slack.com');
    const v = await json<{ claims: { incidentId: string }[] }>(t.get('/api/vendors/www.slack.com'));
    assert.ok(v.claims.length > 0 && v.claims.every((c) => c.incidentId === DEMO));
    await json(t.get('/api/vendors/example.org'), 404);
  });
});
