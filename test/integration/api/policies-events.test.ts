import assert from 'node:assert/strict';
import type { PolicyDiff, PolicyDocumentBody, PolicyList, PolicyVersionBody, SectionHistory } from '../../../shared/api';
import { ROUTE_DOCS } from '../../../server/app';
import { DEMO, testApp, type TestApp } from './_app';

const DOC = `/api/incidents/${DEMO}/policies/slack-privacy-principles`;

async function json<T>(r: Promise<Response>, status = 200): Promise<T> {
  const res = await r;
  const text = await res.text();
  assert.equal(res.status, status, text);
  return JSON.parse(text) as T;
}

describe('API policies, events and the OpenAPI document', () => {
  let t: TestApp;
  before(() => (t = testApp({ analyse: false })));
  after(() => t.close());

  it('lists policy documents with their versions', async () => {
    const { policies } = await json<PolicyList>(t.get(`/api/incidents/${DEMO}/policies`));
    const p = policies.find((d) => d.id === 'slack-privacy-principles')!;
    assert.deepEqual(p.versions.map((v) => v.retrievedAt), ['2024-05-16T00:00:00Z', '2024-05-18T20:00:00Z']);
    const doc = await json<PolicyDocumentBody>(t.get(DOC));
    assert.equal(doc.versions[1]!.sections.length, 15);
  });

  it('gives the version in force at a time: the newest retrieved at or before it', async () => {
    const before = await json<PolicyVersionBody>(t.get(`${DOC}/at?time=2024-05-18T19:59:59Z`));
    assert.equal(before.retrievedAt, '2024-05-16T00:00:00Z');
    const exact = await json<PolicyVersionBody>(t.get(`${DOC}/at?time=2024-05-18T20:00:00Z`));
    assert.equal(exact.retrievedAt, '2024-05-18T20:00:00Z');
    const offset = await json<PolicyVersionBody>(t.get(`${DOC}/at?time=${encodeURIComponent('2024-05-18T22:30:00+02:00')}`));
    assert.equal(offset.retrievedAt, '2024-05-18T20:00:00Z');
    await json(t.get(`${DOC}/at?time=2020-01-01T00:00:00Z`), 404);
    await json(t.get(`${DOC}/at`), 400);
  });

  it('diffs two versions section by section, word by word', async () => {
    const d = await json<PolicyDiff>(t.get(`${DOC}/diff`));
    assert.equal(d.from, '2024-05-16T00:00:00Z');
    assert.equal(d.to, '2024-05-18T20:00:00Z');
    const s2 = d.sections.find((s) => s.id === 's2')!;
    assert.equal(s2.status, 'changed');
    assert.ok(s2.diff.some((p) => p.op === 'delete' && /Machine/.test(p.text)));
    assert.ok(s2.diff.some((p) => p.op === 'insert'));
    assert.equal(d.sections.find((s) => s.id === 's15')!.status, 'added');
    assert.equal(d.sections.find((s) => s.id === 's1')!.status, 'unchanged');
    // Old text = equal + delete parts; new text = equal + insert parts.
    const doc = await json<PolicyDocumentBody>(t.get(DOC));
    const oldText = s2.diff.filter((p) => p.op !== 'insert').map((p) => p.text).join('');
    const newText = s2.diff.filter((p) => p.op !== 'delete').map((p) => p.text).join('');
    assert.equal(oldText, doc.versions[0]!.sections.find((s) => s.id === 's2')!.text);
    assert.equal(newText, doc.versions[1]!.sections.find((s) => s.id === 's2')!.text);
    await json(t.get(`${DOC}/diff?from=2024-05-17T00:00:00Z`), 404);
  });

  it('shows a section\u2019s history across versions', async () => {
    const h = await json<SectionHistory>(t.get(`${DOC}/sections/s15`));
    assert.equal(h.versions[0]!.text, null);
    assert.equal(h.versions[1]!.changed, true);
    const s1 = await json<SectionHistory>(t.get(`${DOC}/sections/s1`));
    assert.equal(s1.versions[1]!.changed, false);
    await json(t.get(`${DOC}/sections/s99`), 404);
    await json(t.get(`/api/incidents/${DEMO}/policies/nope`), 404);
  });

  it('streams events as Server-Sent Events, filtered by incident', async () => {
    const res = await t.app.request(`/api/events?incident=${DEMO}`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /text\/event-stream/);
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    let buf = '';
    const readUntil = async (re: RegExp) => {
      while (!re.test(buf)) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += dec.decode(value);
      }
    };
    await readUntil(/connected/);
    t.events.publish({ type: 'collect.progress', incidentId: 'other', source: 's', found: 1, added: 1, done: false });
    t.events.publish({ type: 'items.added', incidentId: DEMO, count: 1, itemIds: ['x-9'] });
    await readUntil(/event: items\.added\ndata: .*\n/);
    assert.match(buf, /data: \{"type":"items\.added","incidentId":"slack-ml-2024","count":1,"itemIds":\["x-9"\]\}/);
    assert.doesNotMatch(buf, /collect\.progress/);
    await reader.cancel();
  });

  it('announces a write on the event stream', async () => {
    const seen: string[] = [];
    const off = t.events.subscribe((e) => seen.push(`${e.type}:${e.incidentId}`));
    const res = await t.write('PATCH', `/api/incidents/${DEMO}`, { keywords: ['slack', 'ai'] });
    assert.equal(res.status, 200);
    off();
    assert.deepEqual(seen, [`incident.changed:${DEMO}`]);
  });

  it('describes every route in /api/openapi.json, generated from the schemas', async () => {
    const doc = await json<{ openapi: string; paths: Record<string, Record<string, { requestBody?: unknown; parameters: { name: string }[] }>> }>(t.get('/api/openapi.json'));
    assert.match(doc.openapi, /^3\./);
    const served = new Set(
      t.app.routes
        .filter((r) => r.method !== 'ALL')
        .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:([A-Za-z]+)/g, '{$1}')}`),
    );
    const documented = new Set(Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`)));
    for (const r of served) assert.ok(documented.has(r), `route ${r} is not in the OpenAPI document`);
    const timeline = doc.paths['/api/incidents/{id}/timeline']!.get!;
    assert.ok(timeline.parameters.some((p) => p.name === 'q'));
    assert.ok(doc.paths['/api/incidents']!.post!.requestBody);
    assert.equal(ROUTE_DOCS.length, documented.size);
  });

  it('serves an interactive docs page that loads nothing from elsewhere', async () => {
    const res = await t.get('/api/docs');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    const html = await res.text();
    assert.match(html, /openapi\.json/);
    assert.doesNotMatch(html, /(src|href)="https?:/);
    assert.doesNotMatch(html, /innerHTML/);
  });
});
