import { strict as assert } from 'node:assert';
import { testApp, type TestApp } from './_app';

describe('POST /api/import', () => {
  let t: TestApp;
  let files: Record<string, string>;
  before(async () => {
    const source = testApp();
    files = ((await (await source.get('/api/incidents/slack-ml-2024/export/bundle')).json()) as { files: Record<string, string> }).files;
    source.close();
  });
  beforeEach(() => (t = testApp({ demo: false })));
  afterEach(() => t.close());

  it('imports an exported bundle, analyses it, and changes nothing the second time', async () => {
    const first = await t.write('POST', '/api/import', { files });
    assert.equal(first.status, 201);
    assert.equal(((await first.json()) as { itemsAdded: number }).itemsAdded, 178);
    const claims = (await (await t.get('/api/incidents/slack-ml-2024/claims')).json()) as { claims: unknown[] };
    assert.ok(claims.claims.length >= 2, 'the imported incident is analysed');
    const second = await t.write('POST', '/api/import', { files });
    assert.equal(second.status, 200);
    assert.deepEqual(await second.json(), { incidentId: 'slack-ml-2024', itemsAdded: 0, itemsExisting: 178, policyVersionsAdded: 0, editsAdded: 0 });
  });

  it('refuses a bundle with a bad line, naming file, line and field, and writes nothing', async () => {
    const lines = files['items.jsonl']!.split('\n');
    lines[4] = lines[4]!.replace(/"platform":"[a-z]+"/, '"platform":"myspace"');
    const r = await t.write('POST', '/api/import', { files: { ...files, 'items.jsonl': lines.join('\n') } });
    assert.equal(r.status, 400);
    const body = (await r.json()) as { error: string; message: string };
    assert.equal(body.error, 'invalid_bundle');
    assert.match(body.message, /items\.jsonl line 5, field platform.*Nothing was written/);
    assert.equal((t.db.prepare('SELECT count(*) AS n FROM items').get() as { n: number }).n, 0);
  });

  it('says which file is missing', async () => {
    const r = await t.write('POST', '/api/import', { files: { 'incident.json': files['incident.json'] } });
    assert.equal(r.status, 400);
    assert.match(((await r.json()) as { message: string }).message, /no policies\.json/);
  });

  it('needs the token', async () => {
    assert.equal((await t.write('POST', '/api/import', { files }, null)).status, 401);
  });
});
