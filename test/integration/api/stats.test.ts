import assert from 'node:assert/strict';
import { insertItems } from '../../../server/store/items';
import { openDb } from '../../../server/store/db';
import { StatsCache } from '../../../server/store/stats';
import { setVerdict } from '../../../server/store/verdicts';
import { DEMO, testApp, type TestApp } from './_app';

describe('the stats cache behind claims and the histogram', () => {
  let t: TestApp;
  beforeEach(() => (t = testApp()));
  afterEach(() => t.close());

  it('keeps the item stats over a write that changes no item, and drops derived views', () => {
    const cache = new StatsCache(t.db);
    const s = cache.get(DEMO);
    cache.memo('x', () => 1);
    const before = cache.stampNow();
    setVerdict(t.db, DEMO, 'any', 'supported', '', '2026-01-01T00:00:00Z');
    cache.keptItemsAfter(before);
    assert.equal(cache.get(DEMO), s);
    assert.equal(cache.memo('x', () => 2), 2);
  });

  it('recomputes after a new item on this connection', () => {
    const cache = new StatsCache(t.db);
    const n = cache.get(DEMO).total;
    insertItems(t.db, DEMO, [{ id: 'new-1', platform: 'other', url: null, author: { handle: 'a' }, createdAt: '2024-05-20T00:00:00Z', text: 'x', replyTo: null, quoteOf: null, lang: null }]);
    assert.equal(cache.get(DEMO).total, n + 1);
  });

  it('recomputes after a write from another connection', () => {
    const cache = new StatsCache(t.db);
    const n = cache.get(DEMO).total;
    const other = openDb(`${t.dir}/test.db`);
    insertItems(other, DEMO, [{ id: 'new-2', platform: 'other', url: null, author: { handle: 'a' }, createdAt: '2024-05-20T00:00:00Z', text: 'x', replyTo: null, quoteOf: null, lang: null }]);
    other.close();
    assert.equal(cache.get(DEMO).total, n + 1);
  });

  it('keeps each claim\u2019s earliest items in time order', () => {
    const s = new StatsCache(t.db).get(DEMO);
    for (const [key, ids] of s.earliest) {
      const [claim, role] = key.split('\u0000');
      const times = ids.map((id) => (t.db.prepare('SELECT created_at AS c FROM items WHERE incident_id = ? AND id = ?').get(DEMO, id) as { c: string }).c);
      assert.deepEqual(times, [...times].sort(), `${claim}/${role}`);
    }
  });
});
