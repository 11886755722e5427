import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClaimDetail, ClaimList, IncidentDetail } from '../../../shared/api';
import { importBundle } from '../../../server/bundle/import';
import { readBundleDir } from '../../../server/bundle/read';
import { analyzeIncident } from '../../../server/store/analysis';
import { DEMO, testApp, type TestApp } from './_app';

describe('API bundle export carries the analyst\u2019s work', () => {
  let a: TestApp;
  let b: TestApp;
  before(() => {
    a = testApp();
    b = testApp({ demo: false });
  });
  after(() => {
    a.close();
    b.close();
  });

  it('exports sources, edits and verdicts, and an import elsewhere restores them', async () => {
    const { claims } = (await (await a.get(`/api/incidents/${DEMO}/claims`)).json()) as ClaimList;
    const c = claims[0]!;
    assert.equal((await a.write('POST', `/api/incidents/${DEMO}/sources`, { config: { kind: 'bluesky-search', query: 'slack training' } })).status, 201);
    assert.equal((await a.write('POST', `/api/incidents/${DEMO}/edits`, { kind: 'rename', claim: c.id, label: 'Kept across bundles' })).status, 201);
    assert.equal((await a.write('PUT', `/api/incidents/${DEMO}/claims/${c.id}/verdict`, { verdict: 'partly_supported', note: 'in part' })).status, 200);

    const { files } = (await (await a.get(`/api/incidents/${DEMO}/export/bundle`)).json()) as { files: Record<string, string> };
    const dir = join(b.dir, 'bundle');
    mkdirSync(dir);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    importBundle(b.db, readBundleDir(dir));
    analyzeIncident(b.db, DEMO);

    const detail = (await (await b.get(`/api/incidents/${DEMO}`)).json()) as IncidentDetail;
    assert.ok(detail.sources.some((s) => s.config.kind === 'bluesky-search' && s.config.query === 'slack training'));
    const claim = (await (await b.get(`/api/incidents/${DEMO}/claims/${c.id}`)).json()) as ClaimDetail;
    assert.equal(claim.label, 'Kept across bundles');
    assert.equal(claim.verdict?.verdict, 'partly_supported');
    const edits = (await (await b.get(`/api/incidents/${DEMO}/edits`)).json()) as { edits: unknown[] };
    assert.equal(edits.edits.length, 1);
  });
});

describe('API CORS when configured', () => {
  it('allows only the configured origins, preflight included', async () => {
    const { createApp } = await import('../../../server/app');
    const t = testApp({ demo: false });
    try {
      const app = createApp({ db: t.db, events: t.events, token: 'tok', corsOrigins: ['https://notebook.example'], log: () => {} });
      const ok = await app.request('/api/incidents', { headers: { Origin: 'https://notebook.example' } });
      assert.equal(ok.headers.get('access-control-allow-origin'), 'https://notebook.example');
      const other = await app.request('/api/incidents', { headers: { Origin: 'https://evil.example' } });
      assert.notEqual(other.headers.get('access-control-allow-origin'), 'https://evil.example');
      const pre = await app.request('/api/incidents', { method: 'OPTIONS', headers: { Origin: 'https://notebook.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' } });
      assert.ok(pre.status === 204 || pre.status === 200);
      assert.match(pre.headers.get('access-control-allow-headers') ?? '', /Authorization/i);
    } finally {
      t.close();
    }
  });
});

describe('API host check', () => {
  it('answers loopback host names and refuses others (DNS rebinding)', async () => {
    const t = testApp({ demo: false });
    try {
      for (const host of ['localhost:8787', '127.0.0.1:8787', '[::1]:8787', 'localhost']) {
        assert.equal((await t.app.request('/healthz', { headers: { Host: host } })).status, 200, host);
      }
      const res = await t.app.request('/api/incidents', { headers: { Host: 'evil.example:8787' } });
      assert.equal(res.status, 403);
      assert.match(((await res.json()) as { message: string }).message, /CLAIMLINE_ALLOWED_HOSTS/);
      const { createApp } = await import('../../../server/app');
      const open = createApp({ db: t.db, events: t.events, token: 'tok', allowedHosts: ['claimline.internal'], log: () => {} });
      assert.equal((await open.request('/healthz', { headers: { Host: 'claimline.internal:80' } })).status, 200);
    } finally {
      t.close();
    }
  });
});
