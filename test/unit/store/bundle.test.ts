import { strict as assert } from 'node:assert';
import { appendFileSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BundleError } from '../../../shared/bundle';
import { bundleFiles, bundleFromStore, exportBundle } from '../../../server/bundle/export';
import { importBundle } from '../../../server/bundle/import';
import { readBundleDir } from '../../../server/bundle/read';
import { openDb, type Db } from '../../../server/store/db';
import { readItems } from '../../../server/store/items';
import { copyDemo, tempDir } from '../../helpers/tmp';

/** Every row of every table, to check a failed import left the database exactly as it was. */
function snapshot(db: Db): string {
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
  return JSON.stringify(tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all()]));
}

function replaceLine(file: string, n: number, edit: (o: Record<string, unknown>) => unknown): void {
  const lines = readFileSync(file, 'utf8').split('\n');
  lines[n - 1] = JSON.stringify(edit(JSON.parse(lines[n - 1]!)));
  writeFileSync(file, lines.join('\n'));
}

describe('incident bundles', () => {
  let t: ReturnType<typeof tempDir>;
  let db: Db;
  let bundleDir: string;
  beforeEach(() => {
    t = tempDir();
    db = openDb(join(t.dir, 'test.db'));
    bundleDir = copyDemo(t.dir);
  });
  afterEach(() => {
    db.close();
    t.cleanup();
  });

  it('imports the demo bundle with every item, policy version and section', () => {
    const s = importBundle(db, readBundleDir(bundleDir));
    assert.equal(s.itemsAdded, 178);
    assert.equal(s.policyVersionsAdded, 3);
    const sections = db.prepare('SELECT count(*) AS n FROM policy_sections').get() as { n: number };
    assert.equal(sections.n, 14 + 15 + 13);
  });

  it('changes nothing when the same bundle is imported twice', () => {
    importBundle(db, readBundleDir(bundleDir));
    const before = snapshot(db);
    const again = importBundle(db, readBundleDir(bundleDir), '2030-01-01T00:00:00Z');
    assert.equal(again.itemsAdded, 0);
    assert.equal(again.itemsExisting, 178);
    assert.equal(snapshot(db), before);
  });

  it('treats an item with a known URL under a new id as the same item', () => {
    importBundle(db, readBundleDir(bundleDir));
    const first = JSON.parse(readFileSync(join(bundleDir, 'items.jsonl'), 'utf8').split('\n')[0]!);
    appendFileSync(join(bundleDir, 'items.jsonl'), JSON.stringify({ ...first, id: 'renamed-0001' }) + '\n');
    const s = importBundle(db, readBundleDir(bundleDir));
    assert.equal(s.itemsAdded, 0);
    assert.equal(readItems(db, 'slack-ml-2024').length, 178);
  });

  it('imports two bundles with the same item ids side by side', () => {
    importBundle(db, readBundleDir(bundleDir));
    const other = readBundleDir(bundleDir);
    other.incident.id = 'other-incident';
    importBundle(db, other);
    assert.equal(readItems(db, 'slack-ml-2024').length, 178);
    assert.equal(readItems(db, 'other-incident').length, 178);
    assert.ok(readItems(db, 'other-incident').some((i) => i.id === 'bsky-0001'));
  });

  const broken: [string, (dir: string) => void, RegExp][] = [
    ['a malformed JSON line', (d) => writeFileSync(join(d, 'items.jsonl'), readFileSync(join(d, 'items.jsonl'), 'utf8').replace(/\n/, '\n{"id": "x", oops\n')), /items\.jsonl line 2: is not valid JSON/],
    ['an unknown replyTo', (d) => replaceLine(join(d, 'items.jsonl'), 7, (o) => ({ ...o, replyTo: 'no-such-item' })), /items\.jsonl line 7, field replyTo: names "no-such-item", which is not an item of this bundle/],
    ['a duplicate id', (d) => replaceLine(join(d, 'items.jsonl'), 9, (o) => ({ ...o, id: 'bsky-0001' })), /items\.jsonl line 9, field id: repeats the id "bsky-0001" of line 1/],
    ['an impossible date', (d) => replaceLine(join(d, 'items.jsonl'), 3, (o) => ({ ...o, createdAt: '2024-02-30T10:00:00Z' })), /items\.jsonl line 3, field createdAt: is not a real ISO 8601 date-time/],
    ['a 10 MB text', (d) => replaceLine(join(d, 'items.jsonl'), 4, (o) => ({ ...o, text: 'x'.repeat(10 * 1024 * 1024) })), /items\.jsonl line 4, field text: is longer than 200,000 characters/],
    ['a missing field', (d) => replaceLine(join(d, 'items.jsonl'), 6, (o) => ({ ...o, author: undefined })), /items\.jsonl line 6, field author: is missing/],
    ['a missing file', (d) => rmSync(join(d, 'policies.json')), /policies\.json: is missing from/],
    ['an incident that ends before it starts', (d) => writeFileSync(join(d, 'incident.json'), JSON.stringify({ ...JSON.parse(readFileSync(join(d, 'incident.json'), 'utf8')), end: '2020-01-01T00:00:00Z' })), /incident\.json, field end: start must be before end/],
  ];
  for (const [what, breakIt, message] of broken) {
    it(`refuses a bundle with ${what}, says where, and leaves the database as it was`, () => {
      importBundle(db, readBundleDir(bundleDir));
      const before = snapshot(db);
      breakIt(bundleDir);
      assert.throws(
        () => importBundle(db, readBundleDir(bundleDir)),
        (e: unknown) => e instanceof BundleError && message.test(e.message),
      );
      assert.equal(snapshot(db), before);
    });
  }

  it('gives the same files on export, import into a new database, and export again', () => {
    importBundle(db, readBundleDir(bundleDir));
    // Claimline's own data travels in claimline.json: a source, an edit, a verdict and item provenance.
    db.prepare("INSERT INTO sources VALUES ('slack-ml-2024', 'src-1', ?, '2024-05-16T00:00:00Z')").run(JSON.stringify({ kind: 'feed', url: 'https://example.org/feed.xml' }));
    db.prepare("INSERT INTO overrides (incident_id, at, edit) VALUES ('slack-ml-2024', '2024-05-20T00:00:00Z', ?)").run(JSON.stringify({ kind: 'role', item: 'bsky-0001', role: 'claim' }));
    db.prepare("INSERT INTO verdicts VALUES ('slack-ml-2024', 'c1', 'supported', 'Section 2 says so.', '2024-05-21T00:00:00Z')").run();
    db.prepare("UPDATE items SET provenance = ? WHERE incident_id = 'slack-ml-2024' AND id = 'bsky-0001'").run(JSON.stringify({ source: 'bluesky-search', query: 'slack', collectedAt: '2024-05-17T00:00:00Z' }));
    const first = join(t.dir, 'export-1');
    exportBundle(db, 'slack-ml-2024', first);

    const db2 = openDb(join(t.dir, 'second.db'));
    importBundle(db2, readBundleDir(first));
    const second = join(t.dir, 'export-2');
    exportBundle(db2, 'slack-ml-2024', second);
    db2.close();

    assert.deepEqual(readdirSync(first).sort(), ['claimline.json', 'incident.json', 'items.jsonl', 'policies.json']);
    for (const f of readdirSync(first)) assert.equal(readFileSync(join(second, f), 'utf8'), readFileSync(join(first, f), 'utf8'), f);
    const extras = JSON.parse(readFileSync(join(second, 'claimline.json'), 'utf8'));
    assert.equal(extras.verdicts[0].verdict, 'supported');
    assert.equal(extras.edits[0].edit.item, 'bsky-0001');
    assert.equal(extras.items['bsky-0001'].provenance.query, 'slack');
  });

  it('exports the bundle fields of the format unchanged', () => {
    importBundle(db, readBundleDir(bundleDir));
    const files = bundleFiles(bundleFromStore(db, 'slack-ml-2024'));
    const original = readFileSync(join(bundleDir, 'items.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const exported = files['items.jsonl']!.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(exported, original);
  });
});
