import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importBundle } from '../../../server/bundle/import';
import { readBundleDir } from '../../../server/bundle/read';
import { demoDir } from '../../../server/demo/load';
import { addOverride, analyzeIncident, placeNewItems } from '../../../server/store/analysis';
import { openDb, type Db } from '../../../server/store/db';
import { insertItems } from '../../../server/store/items';
import type { Bundle } from '../../../shared/types';

describe('analysis in the store', function () {
  this.timeout(60_000);
  let dir: string;
  let db: Db;
  let bundle: Bundle;
  const id = () => bundle.incident.id;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'claimline-analysis-'));
    db = openDb(join(dir, 'a.db'));
    bundle = readBundleDir(demoDir());
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes claims, every item\'s role and claim, and ranked policy links with the version shown', () => {
    importBundle(db, bundle);
    const a = analyzeIncident(db, id());
    const n = (sql: string) => (db.prepare(sql).get(id()) as { n: number }).n;
    assert.equal(n('SELECT count(*) n FROM claims WHERE incident_id = ?'), a.claims.length);
    assert.equal(n('SELECT count(*) n FROM item_analysis WHERE incident_id = ?'), bundle.items.length);
    assert.equal(n('SELECT count(*) n FROM policy_links WHERE incident_id = ? AND version_id IS NULL'), 0);
    assert.ok(n('SELECT count(*) n FROM policy_links WHERE incident_id = ? AND rank = 0') === a.claims.length);
    const row = db.prepare("SELECT role, role_reason FROM item_analysis WHERE incident_id = ? AND item_id = 'x-0011'").get(id()) as { role: string; role_reason: string };
    assert.equal(row.role, 'response');
    assert.match(row.role_reason, /slackhq/);
  });

  it('refuses an unknown incident with a sentence that says what to do', () => {
    assert.throws(() => analyzeIncident(db, 'nope'), /no incident "nope".*Import its bundle/);
  });

  it('keeps analyst overrides through every re-analysis; a moved item acts as a seed', () => {
    importBundle(db, bundle);
    analyzeIncident(db, id());
    addOverride(db, id(), { kind: 'role', item: 'bsky-0009', role: 'claim' }, '2026-01-01T00:00:00Z');
    addOverride(db, id(), { kind: 'move', item: 'x-0005', claim: 'my-claim' }, '2026-01-01T00:01:00Z');
    addOverride(db, id(), { kind: 'rename', claim: 'my-claim', label: 'Workspace data in the model' }, '2026-01-01T00:02:00Z');
    addOverride(db, id(), { kind: 'link', claim: 'my-claim', section: 'slack-privacy-policy#s1', status: 'confirmed' }, '2026-01-01T00:03:00Z');
    for (let run = 0; run < 2; run++) {
      const a = analyzeIncident(db, id());
      assert.equal(a.items['bsky-0009']!.role, 'claim');
      assert.match(a.items['bsky-0009']!.reason!, /set by an analyst/);
      assert.equal(a.items['x-0005']!.claim, 'my-claim');
      const mine = a.claims.find((c) => c.id === 'my-claim')!;
      assert.equal(mine.label, 'Workspace data in the model');
      assert.equal(mine.policyLinks[0]!.section, 'slack-privacy-policy#s1');
      assert.equal(mine.policyLinks[0]!.status, 'confirmed');
      assert.match(a.items['x-0005']!.claimReason!, /moved to this claim by an analyst/);
    }
  });

  it('merges claims, and rejects a link by putting it last', () => {
    importBundle(db, bundle);
    const first = analyzeIncident(db, id());
    const [x, y] = first.claims;
    const rejected = x!.policyLinks[0]!.section;
    addOverride(db, id(), { kind: 'merge', claims: [x!.id, y!.id], into: x!.id });
    addOverride(db, id(), { kind: 'link', claim: x!.id, section: rejected, status: 'rejected' });
    const a = analyzeIncident(db, id());
    assert.ok(!a.claims.some((c) => c.id === y!.id));
    const merged = a.claims.find((c) => c.id === x!.id)!;
    for (const item of y!.items) assert.equal(a.items[item]!.claim, x!.id);
    assert.notEqual(merged.policyLinks[0]!.section, rejected);
    assert.equal(merged.policyLinks.at(-1)!.status, 'rejected');
  });

  it('places new items into the existing claims without a full re-analysis, and stores them', () => {
    const cut = bundle.items.length - 20;
    importBundle(db, { ...bundle, items: bundle.items.slice(0, cut) });
    const before = analyzeIncident(db, id());
    const late = bundle.items.slice(cut);
    insertItems(db, id(), late);
    const placed = placeNewItems(db, id(), late.map((i) => i.id));
    assert.ok(placed);
    assert.deepEqual(Object.keys(placed.items).sort(), late.map((i) => i.id).sort());
    const known = new Set(before.claims.map((c) => c.id));
    for (const a of Object.values(placed.items)) if (a.claim) assert.ok(known.has(a.claim), `${a.claim} is an existing claim`);
    const stored = (db.prepare('SELECT count(*) n FROM item_analysis WHERE incident_id = ?').get(id()) as { n: number }).n;
    assert.equal(stored, bundle.items.length);
    // A reply among the new items follows its parent.
    const reply = late.find((i) => i.replyTo && placed.items[i.id]!.claim && /reply to/.test(placed.items[i.id]!.claimReason ?? ''));
    if (reply) assert.match(placed.items[reply.id]!.claimReason!, new RegExp(`reply to ${reply.replyTo}`));
  });

  it('applies the analyst\'s merges and role edits to new items placed incrementally', () => {
    const cut = bundle.items.length - 30;
    importBundle(db, { ...bundle, items: bundle.items.slice(0, cut) });
    const before = analyzeIncident(db, id());
    const late = bundle.items.slice(cut);
    insertItems(db, id(), late);
    // Where the new items go without edits, then the same after merging every other claim into the first one.
    const free = placeNewItems(db, id(), late.map((i) => i.id))!;
    const into = before.claims[0]!.id;
    const others = before.claims.slice(1).map((c) => c.id);
    const movedByMerge = Object.entries(free.items).filter(([, a]) => a.claim && others.includes(a.claim)).map(([item]) => item);
    assert.ok(movedByMerge.length > 0, 'some new items go to the claims about to be merged');
    addOverride(db, id(), { kind: 'merge', claims: [into, ...others], into });
    const edited = late.find((i) => free.items[i.id]!.role !== 'noise')!;
    addOverride(db, id(), { kind: 'role', item: edited.id, role: 'noise' });
    const placed = placeNewItems(db, id(), late.map((i) => i.id))!;
    for (const item of movedByMerge) if (item !== edited.id) {
      assert.equal(placed.items[item]!.claim, into, `${item} follows the merge`);
      assert.match(placed.items[item]!.claimReason!, new RegExp(`merged into ${into} by an analyst`));
    }
    assert.equal(placed.items[edited.id]!.role, 'noise');
    assert.match(placed.items[edited.id]!.reason!, /set by an analyst/);
    const claimOf = db.prepare('SELECT claim_id FROM item_analysis WHERE incident_id = ? AND item_id = ?');
    for (const it of late) {
      const c = (claimOf.get(id(), it.id) as { claim_id: string | null }).claim_id;
      assert.ok(c === null || c === into, `stored ${it.id} points at ${c}, not at a merged-away claim`);
    }
  });

  it('says there is nothing to extend before a first full analysis', () => {
    importBundle(db, bundle);
    assert.equal(placeNewItems(db, id(), ['x-0001']), undefined);
  });
});
