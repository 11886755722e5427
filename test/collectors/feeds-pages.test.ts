import assert from 'node:assert/strict';
import { parseFeed } from '../../server/collect/feeds/feed';
import { extractPage } from '../../server/collect/pages/extract';
import { runCollection } from '../../server/collect/run';
import { EventBus, type ClaimlineEvent } from '../../server/events';
import { listFetchErrors } from '../../server/store/collect-state';
import { analyzeIncident } from '../../server/store/analysis';
import { insertItems, readItems } from '../../server/store/items';
import { addSource } from '../../server/store/sources';
import { freshDb, testIncident, withEnv } from './helpers/db';
import { send, startServer, type TestServer } from './helpers/http';

const day = (n: number) => new Date(Date.now() - n * 86400_000).toUTCString();
const isoDay = (n: number) => new Date(Date.now() - n * 86400_000).toISOString();
const PUBLISHED = isoDay(2);

const RSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>Tech Daily</title><language>en-us</language>
<item><title>Acme will train AI on customer chats</title><link>/news/acme-train</link><guid>tech-1</guid>
  <pubDate>${day(5)}</pubDate><dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">Dana Writer</dc:creator>
  <description><![CDATA[<p>Users must <b>opt out</b> by email.</p><script>alert(1)</script>]]></description></item>
<item><title>Unrelated gadget review</title><link>/news/gadget</link><pubDate>${day(4)}</pubDate><description>Nice phone.</description></item>
<item><title>Acme history from long ago</title><link>/news/old</link><pubDate>${day(400)}</pubDate><description>Old story about Acme.</description></item>
</channel></rss>`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Acme Blog</title>
<entry><title>How Acme uses data for training</title><link href="https://acme.test/blog/data"/><id>urn:acme:1</id>
<updated>${isoDay(3)}</updated><author><name>Acme Team</name></author><summary>We explain how training works.</summary></entry></feed>`;

const ARTICLE = `<!doctype html><html lang="en"><head><title>Site | Acme row</title>
<meta property="og:title" content="Acme's AI training row explained">
<meta name="author" content="Meta Author">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Acme's AI training row explained","datePublished":"${PUBLISHED}","author":{"@type":"Person","name":"Jo Reporter"}}</script>
<script>document.write('INJECTED-BY-SCRIPT'); window.stolen = document.cookie;</script>
<style>.x{color:red}</style></head>
<body><nav>Home | News | Sport</nav><article><h1>Acme's AI training row explained</h1>
<p>Acme's privacy principles say its systems analyse customer messages to develop AI models, and that customers who want out must email the company.</p>
<script>var hidden = "SCRIPT-TEXT-MUST-NOT-APPEAR";</script>
<p>Critics say an opt-out by email is not a real choice, and that the principles were not announced. The company says the models are not generative and that it does not train large language models on customer data.</p>
<noscript>NOSCRIPT-TEXT</noscript>
<p>Regulators in several countries have been asked to look into it, and the company has promised to update the wording of its principles.</p></article>
<footer>Copyright</footer></body></html>`;

describe('feeds and pages', () => {
  let srv: TestServer;
  let feedHits = 0;
  before(async () => {
    srv = await startServer({
      '/feed.xml': (req, res) => {
        feedHits++;
        if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304).end();
        res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' }).end(RSS);
      },
      '/atom.xml': send(ATOM, 'application/atom+xml'),
      '/broken.xml': send('<rss><channel><item><title>Half a feed', 'application/rss+xml'),
      '/html-not-feed': send('<html><body>This is a page, not a feed</body></html>'),
      '/article': send(ARTICLE),
      '/image.png': send('PNG', 'image/png'),
      '/gone': send('gone', 'text/plain', 404),
      '/slow-feed': (_q, res) => void setTimeout(() => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(RSS), 1000),
    });
  });
  after(() => srv.close());

  it('parses RSS and Atom into items about the incident, inside its window, with author, date and link', async () => {
    const incident = testIncident();
    const rss = await parseFeed(RSS, `${srv.url}/feed.xml`, incident, new Date().toISOString());
    assert.equal(rss.length, 1, 'the unrelated and the too-old entries are left out');
    const it = rss[0]!;
    assert.equal(it.url, `${srv.url}/news/acme-train`);
    assert.equal(it.author.name, 'Dana Writer');
    assert.equal(it.author.handle, '127.0.0.1');
    assert.equal(it.platform, 'news');
    assert.equal(it.createdAt.slice(0, 10), isoDay(5).slice(0, 10));
    assert.match(it.text, /^Acme will train AI on customer chats\n\nUsers must opt out by email\./);
    assert.doesNotMatch(it.text, /alert/);
    assert.equal(it.lang, 'en');
    const atom = await parseFeed(ATOM, 'https://acme.test/atom.xml', incident, new Date().toISOString());
    assert.equal(atom.length, 1);
    assert.equal(atom[0]!.platform, 'blog', "a post on the vendor's own domain is its statement");
    assert.equal(atom[0]!.author.handle, 'acme.test');
    assert.equal(atom[0]!.author.name, 'Acme Team');
  });

  it('extracts title, author and date from JSON-LD and meta tags, and the main text without scripts', () => {
    const page = extractPage(ARTICLE);
    assert.equal(page.title, "Acme's AI training row explained");
    assert.equal(page.author, 'Jo Reporter');
    assert.equal(page.published, PUBLISHED);
    assert.match(page.text, /privacy principles say its systems analyse customer messages/);
    assert.match(page.text, /Regulators in several countries/);
    for (const bad of ['INJECTED-BY-SCRIPT', 'SCRIPT-TEXT-MUST-NOT-APPEAR', 'document.cookie', 'NOSCRIPT-TEXT', 'color:red', 'Home | News']) {
      assert.ok(!page.text.includes(bad), `"${bad}" leaked into the text`);
    }
    const metaOnly = extractPage('<html><head><meta property="article:published_time" content="2024-05-17T10:00:00+02:00"><meta name="author" content="M. Eta"><title>T</title></head><body><p>Short body text here.</p></body></html>');
    assert.equal(metaOnly.published, '2024-05-17T08:00:00.000Z');
    assert.equal(metaOnly.author, 'M. Eta');
    assert.match(metaOnly.text, /Short body text here\./);
  });

  it('collects feeds and pages through the job runner once, records a malformed feed and a failed page, and asks the feed conditionally the second time', async () => {
    const { db, cleanup } = freshDb();
    try {
      for (const s of [
        { kind: 'feed', url: `${srv.url}/feed.xml` },
        { kind: 'feed', url: `${srv.url}/broken.xml` },
        { kind: 'feed', url: `${srv.url}/html-not-feed` },
        { kind: 'page', url: `${srv.url}/article` },
        { kind: 'page', url: `${srv.url}/image.png` },
        { kind: 'page', url: `${srv.url}/gone` },
      ] as const) {
        addSource(db, 'acme-ml', s, undefined, new Date().toISOString());
      }
      const events: ClaimlineEvent[] = [];
      const bus = new EventBus();
      bus.subscribe((e) => events.push(e));
      const first = await withEnv({ CLAIMLINE_ALLOW_PRIVATE: '1' }, () => runCollection(db, 'acme-ml', { events: bus }));
      const by = Object.fromEntries(first.sources.map((s) => [s.label.replace(srv.url, ''), s]));
      assert.equal(by['/feed.xml']!.added, 1);
      assert.match(by['/broken.xml']!.error!, /is not a readable RSS or Atom feed/);
      assert.match(by['/html-not-feed']!.error!, /is not a readable RSS or Atom feed/);
      assert.equal(by['/article']!.added, 1);
      assert.match(by['/image.png']!.error!, /image\/png, not a web page/);
      assert.match(by['/gone']!.error!, /HTTP 404/);
      assert.equal(first.failed, 4);
      assert.equal(listFetchErrors(db, 'acme-ml').length, 4);
      const items = readItems(db, 'acme-ml');
      assert.equal(items.length, 2);
      const article = items.find((i) => i.url === `${srv.url}/article`)!;
      assert.equal(article.author.name, 'Jo Reporter');
      assert.equal(article.createdAt, PUBLISHED);
      assert.doesNotMatch(article.text, /SCRIPT-TEXT|INJECTED/);
      assert.equal(article.provenance!.source, 'page');
      assert.ok(events.some((e) => e.type === 'items.added' && e.count === 1));

      const hits = feedHits;
      const second = await withEnv({ CLAIMLINE_ALLOW_PRIVATE: '1' }, () => runCollection(db, 'acme-ml', {}));
      assert.equal(second.added, 0);
      assert.equal(readItems(db, 'acme-ml').length, 2);
      assert.equal(feedHits, hits + 1);
      const conditional = srv.requests.filter((r) => r.path === '/feed.xml').at(-1)!;
      assert.equal(conditional.headers['if-none-match'], '"v1"');
    } finally {
      cleanup();
    }
  });

  it('stops when asked, recording no failure, and the next run collects', async () => {
    const { db, cleanup } = freshDb();
    try {
      addSource(db, 'acme-ml', { kind: 'feed', url: `${srv.url}/slow-feed` }, undefined, new Date().toISOString());
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const t0 = Date.now();
      const s = await withEnv({ CLAIMLINE_ALLOW_PRIVATE: '1' }, () => runCollection(db, 'acme-ml', { signal: controller.signal }));
      assert.ok(Date.now() - t0 < 900, 'the stop did not wait for the slow server');
      assert.equal(s.stopped, true);
      assert.equal(s.failed, 0);
      assert.equal(listFetchErrors(db, 'acme-ml').length, 0);
      const again = await withEnv({ CLAIMLINE_ALLOW_PRIVATE: '1' }, () => runCollection(db, 'acme-ml', {}));
      assert.equal(again.added, 1);
    } finally {
      cleanup();
    }
  });

  it('places new items into an existing analysis as they arrive, and announces it', async () => {
    const { db, cleanup } = freshDb();
    try {
      const base = { platform: 'bluesky' as const, replyTo: null, quoteOf: null, lang: 'en' };
      insertItems(db, 'acme-ml', [
        { ...base, id: 'p1', url: null, author: { handle: 'a.test' }, createdAt: isoDay(6), text: 'Acme says its systems analyse customer messages to train AI models. Opt out only by email!' },
        { ...base, id: 'p2', url: null, author: { handle: 'b.test' }, createdAt: isoDay(6), text: 'Acme trains models on our chats and the opt out is an email to support' },
        { ...base, id: 'p3', url: null, author: { handle: 'vendor.test' }, createdAt: isoDay(5), text: 'We do not train generative models on customer messages.', replyTo: 'p1' },
      ]);
      analyzeIncident(db, 'acme-ml');
      addSource(db, 'acme-ml', { kind: 'feed', url: `${srv.url}/feed.xml` }, undefined, new Date().toISOString());
      const events: ClaimlineEvent[] = [];
      const bus = new EventBus();
      bus.subscribe((e) => events.push(e));
      const s = await withEnv({ CLAIMLINE_ALLOW_PRIVATE: '1' }, () => runCollection(db, 'acme-ml', { events: bus }));
      assert.equal(s.added, 1);
      const id = readItems(db, 'acme-ml').find((i) => i.platform === 'news')!.id;
      assert.ok(db.prepare('SELECT role FROM item_analysis WHERE incident_id = ? AND item_id = ?').get('acme-ml', id), 'the new item has a role');
      assert.ok(events.some((e) => e.type === 'analysis.updated' && !e.full));
    } finally {
      cleanup();
    }
  });

  it('refuses local addresses when CLAIMLINE_ALLOW_PRIVATE is not set, saying how to allow them for tests', async () => {
    const { db, cleanup } = freshDb();
    try {
      addSource(db, 'acme-ml', { kind: 'page', url: `${srv.url}/article` }, undefined, new Date().toISOString());
      const s = await withEnv({ CLAIMLINE_ALLOW_PRIVATE: undefined }, () => runCollection(db, 'acme-ml', {}));
      assert.match(s.sources[0]!.error!, /private, loopback or link-local address .*CLAIMLINE_ALLOW_PRIVATE=1/);
      assert.equal(readItems(db, 'acme-ml').length, 0);
    } finally {
      cleanup();
    }
  });
});
