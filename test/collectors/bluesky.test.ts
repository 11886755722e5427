import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { BlueskyConfig } from '../../server/collect/bluesky/client';
import type { SearchState } from '../../server/collect/bluesky/search';
import { runCollection, type CollectOptions } from '../../server/collect/run';
import { EventBus, type ClaimlineEvent } from '../../server/events';
import { listFetchErrors, loadCheckpoint } from '../../server/store/collect-state';
import type { Db } from '../../server/store/db';
import { readItems } from '../../server/store/items';
import { addSource } from '../../server/store/sources';
import type { SourceConfig } from '../../shared/types';
import { startAppViewProxy, type AppViewProxy } from './helpers/appview-proxy';
import { startNetwork, unavailableReason, type RecordRef, type StartedNetwork } from './helpers/bsky-network';
import { freshDb, testIncident } from './helpers/db';

const DAY = 86400_000;
const SPREAD = 16;
const iso = (t: number) => new Date(t).toISOString();

describe('Bluesky collector against the real local network (PLC, PDS, AppView on PostgreSQL)', function () {
  this.timeout(120_000);
  let started: StartedNetwork | undefined;
  let skipReason: string | null = null;
  const now = Date.now();
  const seeded: Record<string, { uri: string; createdAt: string }> = {};
  let appPassword = '';
  const cleanups: (() => unknown)[] = [];
  let allowPrivateBefore: string | undefined;

  before(async function () {
    // Starting the network runs the AppView's migrations: about 15 s on an idle machine, much longer on a busy one.
    this.timeout(300_000);
    const t0 = Date.now();
    skipReason = await unavailableReason();
    if (skipReason) {
      console.log(`    SKIPPED: the Bluesky network tests need the local AppView: ${skipReason}.`);
      this.skip();
    }
    allowPrivateBefore = process.env.CLAIMLINE_ALLOW_PRIVATE;
    process.env.CLAIMLINE_ALLOW_PRIVATE = '1';
    started = await startNetwork();
    const { sc, net } = started;
    for (const [name, display] of [
      ['alice', 'Alice Analyst'],
      ['bob', 'Bob Builder'],
      ['carol', ''],
      ['vendor', 'Acme Support'],
    ] as const) {
      await sc.createAccount(name, { email: `${name}@test.com`, handle: `${name}.test`, password: `${name}-password` });
      if (display) await sc.createProfile(sc.dids[name]!, display, '');
    }
    const d = sc.dids as Record<'alice' | 'bob' | 'carol' | 'vendor', string>;
    const keep = (key: string, ref: RecordRef, createdAt: string) => (seeded[key] = { uri: ref.uriStr, createdAt });
    const at = (days: number) => ({ createdAt: iso(now - days * DAY) });

    const root = await sc.post(d.alice, 'Acme claimtest: the policy says they train models on customer messages', undefined, undefined, undefined, at(10));
    keep('root', root.ref, at(10).createdAt);
    keep('reply', (await sc.reply(d.bob, root.ref, root.ref, 'Is that really what it says?', undefined, undefined, at(9.5))).ref, at(9.5).createdAt);
    keep('quote', (await sc.post(d.carol, 'Look at this thread', undefined, undefined, root.ref, at(9))).ref, at(9).createdAt);
    keep('vendorReply', (await sc.reply(d.vendor, root.ref, root.ref, 'We do not train generative models on your messages.', undefined, undefined, at(8))).ref, at(8).createdAt);
    keep('vendorPost', (await sc.post(d.vendor, 'An update on how we use data', undefined, undefined, undefined, at(7))).ref, at(7).createdAt);
    keep('vendorOld', (await sc.post(d.vendor, 'Happy new year', undefined, undefined, undefined, at(100))).ref, at(100).createdAt);
    // A clock ahead of the AppView's: createdAt after the time Bluesky indexed it.
    const ahead = iso(now + 3 * 3600_000);
    keep('ahead', (await sc.post(d.carol, 'claimtest written with a clock running ahead', undefined, undefined, undefined, { createdAt: ahead })).ref, ahead);
    keep('outside', (await sc.post(d.alice, 'claimtest long before the incident', undefined, undefined, undefined, at(100))).ref, at(100).createdAt);
    // Posts spread over the window, for paging, the cap and the crash.
    for (let i = 0; i < SPREAD; i++) {
      const t = now - (i + 1) * DAY - 3600_000;
      keep(`spread${i}`, (await sc.post(d.bob, `windowsplit note ${i}`, undefined, undefined, undefined, { createdAt: iso(t) })).ref, iso(t));
    }
    const pw = await sc.agent.com.atproto.server.createAppPassword({ name: 'claimline' }, { headers: sc.getHeaders(d.alice), encoding: 'application/json' });
    appPassword = pw.data.password;
    await net.processAll();
    console.log(`    (network started and seeded in ${Date.now() - t0} ms)`);
  });

  after(async () => {
    for (const c of cleanups.reverse()) await c();
    if (started) await started.stop();
    if (allowPrivateBefore === undefined) delete process.env.CLAIMLINE_ALLOW_PRIVATE;
    else process.env.CLAIMLINE_ALLOW_PRIVATE = allowPrivateBefore;
  });

  function config(appview: string, over: Partial<BlueskyConfig> = {}): BlueskyConfig {
    return { appview, service: started!.net.pds.url, retries: 4, baseDelayMs: 100, maxDelayMs: 5000, timeoutMs: 15_000, ...over };
  }

  function setup(sources: SourceConfig[]): { db: Db; file: string } {
    const f = freshDb(testIncident());
    cleanups.push(f.cleanup);
    for (const s of sources) addSource(f.db, 'acme-ml', s, undefined, iso(now));
    return f;
  }

  async function proxy(behaviour: Parameters<typeof startAppViewProxy>[1]): Promise<AppViewProxy> {
    const p = await startAppViewProxy(started!.net.bsky.url, behaviour);
    cleanups.push(() => p.close());
    return p;
  }

  const bySource = (db: Db) => new Map(readItems(db, 'acme-ml').map((i) => [i.sourceId, i]));
  const uris = (...keys: string[]) => keys.map((k) => seeded[k]!.uri);

  it('collects search hits with their threads and quotes, createdAt apart from indexedAt, provenance and display names; a second run adds nothing', async () => {
    const { db } = setup([{ kind: 'bluesky-search', query: 'claimtest' }]);
    const events: ClaimlineEvent[] = [];
    const bus = new EventBus();
    bus.subscribe((e) => events.push(e));
    const first = await runCollection(db, 'acme-ml', { events: bus, bluesky: config(started!.net.bsky.url) });
    assert.equal(first.failed, 0, JSON.stringify(first.sources));
    const items = bySource(db);
    for (const uri of uris('root', 'reply', 'quote', 'vendorReply')) assert.ok(items.has(uri), `missing ${uri}`);
    assert.ok(!items.has(seeded.outside!.uri), 'a post before the window was kept');
    const root = items.get(seeded.root!.uri)!;
    assert.equal(root.createdAt, seeded.root!.createdAt);
    const ahead = items.get(seeded.ahead!.uri)!;
    assert.equal(ahead.createdAt, seeded.ahead!.createdAt, 'createdAt is what the author wrote');
    assert.ok(ahead.indexedAt && Date.parse(ahead.indexedAt) < Date.parse(ahead.createdAt) - 3600_000, `indexedAt is when the AppView saw it: ${ahead.indexedAt}`);
    assert.equal(root.author.handle, 'alice.test');
    assert.equal(root.author.name, 'Alice Analyst');
    assert.equal(root.platform, 'bluesky');
    assert.match(root.url!, /^https:\/\/bsky\.app\/profile\/alice\.test\/post\//);
    assert.equal(root.provenance!.source, 'bluesky-search');
    assert.equal(root.provenance!.query, 'claimtest');
    assert.ok(root.provenance!.window?.since && root.provenance!.window.until);
    assert.equal(root.engagement!.replies, 2);
    assert.equal(root.engagement!.quotes, 1);
    const reply = items.get(seeded.reply!.uri)!;
    assert.equal(reply.replyTo, root.id);
    assert.equal(reply.provenance!.source, 'bluesky-thread');
    const quote = items.get(seeded.quote!.uri)!;
    assert.equal(quote.quoteOf, root.id);
    assert.equal(quote.author.name, null, 'an author without a display name keeps none');
    assert.equal(items.get(seeded.vendorReply!.uri)!.author.name, 'Acme Support');
    const added = events.filter((e) => e.type === 'items.added').flatMap((e) => (e.type === 'items.added' ? e.itemIds : []));
    assert.deepEqual(new Set(added), new Set(readItems(db, 'acme-ml').map((i) => i.id)));
    assert.ok(events.some((e) => e.type === 'collect.progress' && e.done));

    events.length = 0;
    const count = readItems(db, 'acme-ml').length;
    const second = await runCollection(db, 'acme-ml', { events: bus, bluesky: config(started!.net.bsky.url) });
    assert.equal(second.added, 0);
    assert.ok(second.found >= count - 1);
    assert.equal(readItems(db, 'acme-ml').length, count);
    assert.equal(events.filter((e) => e.type === 'items.added').length, 0);
  });

  it("reads the vendor's account within the window, with its replies' threads", async () => {
    const { db } = setup([{ kind: 'bluesky-account', handle: 'vendor.test' }]);
    const s = await runCollection(db, 'acme-ml', { bluesky: config(started!.net.bsky.url) });
    assert.equal(s.failed, 0, JSON.stringify(s.sources));
    const items = bySource(db);
    assert.ok(items.has(seeded.vendorReply!.uri) && items.has(seeded.vendorPost!.uri));
    assert.ok(!items.has(seeded.vendorOld!.uri), 'a post before the window was kept');
    assert.ok(items.has(seeded.root!.uri), "the vendor reply's parent comes with its thread");
    assert.equal(items.get(seeded.vendorPost!.uri)!.provenance!.source, 'bluesky-account');
  });

  it('waits as long as Retry-After asks on a 429, and backs off on a 503 (proxy: the local AppView never rate-limits)', async () => {
    let searches = 0;
    let threads = 0;
    const p = await proxy({
      fail: (r) => {
        if (r.nsid === 'app.bsky.feed.searchPosts' && searches++ === 0) return { status: 429, headers: { 'retry-after': '1' } };
        if (r.nsid === 'app.bsky.feed.getPostThread' && threads++ === 0) return { status: 503 };
        return undefined;
      },
    });
    const { db } = setup([{ kind: 'bluesky-search', query: 'claimtest' }]);
    const notes: string[] = [];
    const s = await runCollection(db, 'acme-ml', { bluesky: config(p.url), onProgress: (x) => x.note && notes.push(x.note) });
    assert.equal(s.failed, 0, JSON.stringify(s.sources));
    const search = p.requests.filter((r) => r.nsid === 'app.bsky.feed.searchPosts');
    assert.equal(search[0]!.status, 429);
    assert.ok(search[1]!.at - search[0]!.at >= 950, `retried after ${search[1]!.at - search[0]!.at} ms, before Retry-After`);
    const thread = p.requests.filter((r) => r.nsid === 'app.bsky.feed.getPostThread');
    assert.equal(thread[0]!.status, 503);
    assert.ok(thread.length >= 2);
    assert.ok(notes.some((n) => /429.*waiting 1 s/.test(n)), notes.join('\n'));
    assert.ok(bySource(db).has(seeded.root!.uri));
  });

  it('signs in with the app password when the AppView refuses anonymous search, and stops clearly without one (proxy: the local AppView never refuses)', async () => {
    const p = await proxy({ refuseAnonymousSearch: true });
    // Without credentials: a clear stop, recorded.
    const a = setup([{ kind: 'bluesky-search', query: 'claimtest' }, { kind: 'bluesky-search', query: 'windowsplit' }]);
    const refused = await runCollection(a.db, 'acme-ml', { bluesky: config(p.url) });
    assert.equal(refused.failed, 2, JSON.stringify(refused.sources));
    assert.equal(p.requests.filter((r) => r.nsid === 'app.bsky.feed.searchPosts').length, 1, 'after an authentication stop the other Bluesky sources are not tried');
    assert.match(refused.sources[0]!.error!, /refused search .* without signing in \(HTTP 403.*CLAIMLINE_BSKY_IDENTIFIER.*CLAIMLINE_BSKY_APP_PASSWORD/);
    assert.equal(listFetchErrors(a.db, 'acme-ml').length, 2);
    assert.equal(readItems(a.db, 'acme-ml').length, 0);
    // A wrong app password: a clear stop too.
    const b = setup([{ kind: 'bluesky-search', query: 'claimtest' }]);
    const wrong = await runCollection(b.db, 'acme-ml', { bluesky: config(p.url, { identifier: 'alice.test', appPassword: 'wrong-wrong-wrong' }) });
    assert.match(wrong.sources[0]!.error!, /Signing in to .* as alice\.test failed .*CLAIMLINE_BSKY_APP_PASSWORD/);
    // With the app password: signs in at the PDS, which reads the AppView for us.
    const c = setup([{ kind: 'bluesky-search', query: 'claimtest' }]);
    const notes: string[] = [];
    const ok = await runCollection(c.db, 'acme-ml', {
      bluesky: config(p.url, { identifier: 'alice.test', appPassword }),
      onProgress: (x) => x.note && notes.push(x.note),
    });
    assert.equal(ok.failed, 0, JSON.stringify(ok.sources));
    assert.ok(notes.some((n) => /Signed in to .* as alice\.test/.test(n)));
    const items = bySource(c.db);
    for (const uri of uris('root', 'reply', 'quote')) assert.ok(items.has(uri));
  });

  it('splits the window in time to get past the per-query cap (proxy: the local AppView ignores since/until and has no cap)', async () => {
    const p = await proxy({ enforceWindow: true, cap: 6, maxLimit: 3 });
    const { db } = setup([{ kind: 'bluesky-search', query: 'windowsplit' }]);
    // Threads and quotes are not what this test is about; leaving them out keeps it quick.
    const s = await runCollection(db, 'acme-ml', { bluesky: config(p.url), search: { threads: false, quotes: false } });
    assert.equal(s.failed, 0, JSON.stringify(s.sources));
    const items = bySource(db);
    for (let i = 0; i < SPREAD; i++) assert.ok(items.has(seeded[`spread${i}`]!.uri), `post ${i} missing`);
    const windows = new Set(p.requests.filter((r) => r.nsid === 'app.bsky.feed.searchPosts').map((r) => `${r.params.get('since')}..${r.params.get('until')}`));
    assert.ok(windows.size >= 3, `searched ${windows.size} windows`);
    for (const r of p.requests.filter((x) => x.nsid === 'app.bsky.feed.searchPosts')) {
      assert.equal(r.params.get('sort'), 'latest');
      assert.ok(r.params.get('since') && r.params.get('until'), 'every search names its window');
    }
    const state = loadCheckpoint<SearchState>(db, 'acme-ml', s.sources[0]!.id)!;
    assert.ok(state.splits >= 2);
    assert.equal(state.pass, null);
  });

  it('resumes after a crash mid-way (the collect command killed) without losing or repeating anything', async () => {
    let searches = 0;
    let reached!: () => void;
    const crashPoint = new Promise<void>((r) => (reached = r));
    const p = await proxy({
      enforceWindow: true,
      maxLimit: 5,
      // The third page never comes back: the process is killed while it waits.
      hold: (r) => {
        if (r.nsid !== 'app.bsky.feed.searchPosts' || ++searches !== 3) return undefined;
        reached();
        return new Promise<void>(() => {});
      },
    });
    const { db, file } = setup([{ kind: 'bluesky-search', query: 'windowsplit' }]);
    const root = join(import.meta.dirname, '..', '..');
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'collect-child.ts'), 'acme-ml', '--db', file], {
      cwd: root,
      env: { ...process.env, CLAIMLINE_BSKY_APPVIEW: p.url, CLAIMLINE_BSKY_SERVICE: started!.net.pds.url, CLAIMLINE_ALLOW_PRIVATE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    const exited = new Promise<number | null>((r) => child.on('exit', (code, signal) => r(signal ? -1 : code)));
    await Promise.race([crashPoint, exited.then((c) => assert.fail(`the collect command ended (${c}) before the crash point: ${output}`))]);
    child.kill('SIGKILL');
    assert.equal(await exited, -1);

    const before = readItems(db, 'acme-ml');
    assert.equal(before.length, 10, 'two pages of five were stored before the crash');
    const state = loadCheckpoint<SearchState>(db, 'acme-ml', (db.prepare('SELECT id FROM sources').get() as { id: string }).id)!;
    assert.equal(state.pass?.cursor, '10');

    const mark = p.requests.length;
    const opts: CollectOptions = { bluesky: config(p.url) };
    const s = await runCollection(db, 'acme-ml', opts);
    assert.equal(s.failed, 0, JSON.stringify(s.sources));
    const firstSearch = p.requests.slice(mark).find((r) => r.nsid === 'app.bsky.feed.searchPosts')!;
    assert.equal(firstSearch.params.get('cursor'), '10', 'the resumed run continues at the checkpointed page');
    const after = readItems(db, 'acme-ml');
    assert.equal(after.length, SPREAD);
    assert.equal(new Set(after.map((i) => i.sourceId)).size, SPREAD);
    assert.equal(s.added, SPREAD - 10);
    for (const b of before) assert.deepEqual(after.find((a) => a.id === b.id), b, 'items stored before the crash are unchanged');
  });
});
