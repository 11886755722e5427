import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { AppBskyFeedDefs } from '@atproto/api';
import { expansionFor } from '../../server/collect/bluesky/expand';
import { splitWindow } from '../../server/collect/bluesky/search';
import { addStatement, StatementError } from '../../server/collect/manual/statement';
import { run } from '../../server/cli/collect';
import { UsageError } from '../../server/cli/args';
import { EventBus, type ClaimlineEvent } from '../../server/events';
import { openDb } from '../../server/store/db';
import { readItems } from '../../server/store/items';
import { listSources } from '../../server/store/sources';
import { freshDb, withEnv } from './helpers/db';
import { send, startServer } from './helpers/http';

/** Runs the collect command in this process, capturing what it prints. */
async function cli(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const log = console.log;
  const err = console.error;
  console.log = (...a: unknown[]) => void lines.push(a.join(' '));
  console.error = (...a: unknown[]) => void lines.push(a.join(' '));
  try {
    return { code: await run(args), out: lines.join('\n') };
  } finally {
    console.log = log;
    console.error = err;
  }
}

describe('manual statements', () => {
  it('adds a pasted statement once, with its platform, author and date, and announces it', () => {
    const { db, cleanup } = freshDb();
    try {
      const events: ClaimlineEvent[] = [];
      const bus = new EventBus();
      bus.subscribe((e) => events.push(e));
      const input = { text: 'We never train on your messages.', author: '@acmehq', date: '2026-05-17T09:30:00Z', url: 'https://x.com/acmehq/status/1', platform: 'x' };
      const a = addStatement(db, 'acme-ml', input, { events: bus });
      assert.equal(a.added, true);
      assert.equal(a.item.platform, 'x');
      assert.equal(a.item.author.handle, 'acmehq');
      assert.equal(a.item.createdAt, '2026-05-17T09:30:00.000Z');
      assert.equal(a.item.provenance!.source, 'manual');
      const b = addStatement(db, 'acme-ml', input, { events: bus });
      assert.equal(b.added, false);
      assert.equal(b.item.id, a.item.id);
      assert.equal(readItems(db, 'acme-ml').length, 1);
      assert.deepEqual(events, [{ type: 'items.added', incidentId: 'acme-ml', count: 1, itemIds: [a.item.id] }]);
      // Without a URL, the same text, author and date are the same statement.
      const noUrl = { text: 'Threads post text', author: 'eng', date: '2026-05-18', platform: 'threads' };
      assert.equal(addStatement(db, 'acme-ml', noUrl).added, true);
      assert.equal(addStatement(db, 'acme-ml', noUrl).added, false);
    } finally {
      cleanup();
    }
  });

  it('says which field is wrong', () => {
    const { db, cleanup } = freshDb();
    try {
      const ok = { text: 't', author: 'a', date: '2026-05-17', platform: 'x' };
      assert.throws(() => addStatement(db, 'acme-ml', { ...ok, text: ' ' }), (e: Error) => e instanceof StatementError && /needs its text/.test(e.message));
      assert.throws(() => addStatement(db, 'acme-ml', { ...ok, date: 'last tuesday' }), /"last tuesday" is not a date/);
      assert.throws(() => addStatement(db, 'acme-ml', { ...ok, platform: 'myspace' }), /"myspace" is not a platform .* x, threads/);
      assert.throws(() => addStatement(db, 'acme-ml', { ...ok, url: 'javascript:alert(1)' }), /not a web address/);
      assert.throws(() => addStatement(db, 'nope', ok), /There is no incident "nope"/);
    } finally {
      cleanup();
    }
  });
});

describe('search windows', () => {
  it('narrows a capped window below the oldest result read when results came newest first, else halves it', () => {
    const w = { since: '2026-01-01T00:00:00.000Z', until: '2026-01-11T00:00:00.000Z' };
    assert.deepEqual(splitWindow(w, '2026-01-08T12:00:00.000Z', 60_000), [{ since: w.since, until: '2026-01-08T12:00:00.001Z' }]);
    assert.deepEqual(splitWindow(w, null, 60_000), [
      { since: w.since, until: '2026-01-06T00:00:00.000Z' },
      { since: '2026-01-06T00:00:00.000Z', until: w.until },
    ]);
    // No progress possible from the oldest result (it is at the end): halves.
    assert.equal(splitWindow(w, '2026-01-10T23:59:59.999Z', 60_000).length, 2);
    assert.deepEqual(splitWindow({ since: w.since, until: '2026-01-01T00:01:00.000Z' }, null, 60_000), [], 'too short to split');
  });
});

describe('thread and quote expansion', () => {
  const post = (over: Partial<AppBskyFeedDefs.PostView>, record: Record<string, unknown> = {}) =>
    ({ uri: 'at://did:plc:a/app.bsky.feed.post/1', cid: 'c', author: { did: 'did:plc:a', handle: 'a.test' }, record, indexedAt: '2026-01-01T00:00:00Z', ...over }) as AppBskyFeedDefs.PostView;

  it('reads a thread only for replies and posts with replies, quotes only for quoted posts', () => {
    assert.equal(expansionFor(post({ replyCount: 0, quoteCount: 0 })), null);
    assert.deepEqual(expansionFor(post({ replyCount: 3, quoteCount: 0 })), { uri: 'at://did:plc:a/app.bsky.feed.post/1', thread: true, quotes: false });
    assert.deepEqual(expansionFor(post({ replyCount: 0, quoteCount: 2 })), { uri: 'at://did:plc:a/app.bsky.feed.post/1', thread: false, quotes: true });
    assert.equal(expansionFor(post({ replyCount: 0, quoteCount: 0 }, { reply: { parent: {}, root: {} } }))!.thread, true, 'a reply brings its parents');
    assert.deepEqual(expansionFor(post({})), { uri: 'at://did:plc:a/app.bsky.feed.post/1', thread: true, quotes: true }, 'no counts: read both');
  });
});

describe('claimline collect', () => {
  it('explains itself with --help and refuses wrong usage', async () => {
    const help = await cli(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /claimline collect <incident> \[--every <minutes>\]/);
    assert.match(help.out, /CLAIMLINE_BSKY_APP_PASSWORD/);
    await assert.rejects(run([]), UsageError);
    // Usage mistakes are reported before any database is opened: none is named here, none may be created.
    await withEnv({ CLAIMLINE_DB: '/nonexistent/dir/never.db' }, async () => {
      await assert.rejects(run(['acme-ml', '--every', 'soon']), /--every needs a number of minutes/);
      await assert.rejects(run(['acme-ml', '--add-feed', 'not a url']), /--add-feed needs a full http/);
      await assert.rejects(run(['acme-ml', '--add-feed', 'https://a.test/f', '--add-page', 'https://a.test/p']), /one source at a time/);
    });
  });

  it('adds sources and statements, lists them, collects, and says when an incident is unknown', async () => {
    const srv = await startServer({ '/feed.xml': send(`<rss version="2.0"><channel><title>F</title><item><title>Acme training news</title><link>https://news.test/a</link><pubDate>${new Date().toUTCString()}</pubDate></item></channel></rss>`, 'application/rss+xml') });
    const f = freshDb();
    f.db.close();
    try {
      assert.match((await cli(['acme-ml', '--db', f.file, '--add-feed', `${srv.url}/feed.xml`])).out, /^Added feed-\w+ {2}feed http/);
      assert.match((await cli(['acme-ml', '--db', f.file, '--add-feed', `${srv.url}/feed.xml`])).out, /^Already there:/);
      assert.equal((await cli(['acme-ml', '--db', f.file, '--add-search', 'acme training'])).code, 0);
      assert.equal((await cli(['acme-ml', '--db', f.file, '--add-policy', 'https://acme.test/privacy', '--policy-id', 'privacy', '--selector', 'main'])).code, 0);
      const st = await cli(['acme-ml', '--db', f.file, '--statement', '--text', 'We hear you.', '--date', '2026-05-17', '--platform', 'threads', '--author', 'acme']);
      assert.match(st.out, /Added statement manual-\w+ by acme \(threads/);
      const listed = await cli(['acme-ml', '--db', f.file, '--list']);
      assert.match(listed.out, /feed http.*\n.*bluesky-search "acme training"\n.*policy privacy \(https:\/\/acme\.test\/privacy\)/);
      const unknown = await cli(['nope', '--db', f.file]);
      assert.equal(unknown.code, 1);
      assert.match(unknown.out, /There is no incident "nope"/);
      const db = openDb(f.file);
      const feedId = listSources(db, 'acme-ml')[0]!.id;
      db.close();
      const collected = await withEnv({ CLAIMLINE_ALLOW_PRIVATE: '1' }, () => cli(['acme-ml', '--db', f.file, '--source', feedId, '--json']));
      assert.equal(collected.code, 0, collected.out);
      const summary = JSON.parse(collected.out) as { added: number; sources: unknown[] };
      assert.equal(summary.added, 1);
      assert.equal(summary.sources.length, 1);
    } finally {
      await srv.close();
      f.cleanup();
    }
  });

  it('collects again every N minutes with --every until interrupted', async function () {
    this.timeout(60_000);
    let hits = 0;
    let second!: () => void;
    const twice = new Promise<void>((r) => (second = r));
    const srv = await startServer({
      '/feed.xml': (_q, res) => {
        if (++hits === 2) second();
        res.writeHead(200, { 'content-type': 'application/rss+xml' }).end('<rss version="2.0"><channel><title>F</title></channel></rss>');
      },
    });
    const f = freshDb();
    try {
      await cli(['acme-ml', '--db', f.file, '--add-feed', `${srv.url}/feed.xml`]);
      const root = join(import.meta.dirname, '..', '..');
      const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'collect-child.ts'), 'acme-ml', '--db', f.file, '--every', '0.01'], {
        cwd: root,
        env: { ...process.env, CLAIMLINE_ALLOW_PRIVATE: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (c) => (out += c));
      child.stderr.on('data', (c) => (out += c));
      const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
      await twice;
      child.kill('SIGINT');
      assert.equal(await exited, 0, out);
      assert.match(out, /Next collection in 0\.01 minute\(s\)/);
      assert.match(out, /Stopping; the next run resumes where this one stopped/);
    } finally {
      await srv.close();
      f.cleanup();
    }
  });
});
