import assert from 'node:assert/strict';
import { backoffFetch, type BlueskyNotice } from '../../server/collect/bluesky/client';
import { isPrivateAddress, privatePolicyFromEnv } from '../../server/collect/net/address';
import { BlockedUrlError, FetchError } from '../../server/collect/net/errors';
import { retryAfterMs, safeFetch } from '../../server/collect/net/fetch';
import { USER_AGENT } from '../../server/collect/net/user-agent';
import { withEnv } from './helpers/db';
import { send, startServer, type TestServer } from './helpers/http';

describe('safe fetcher', () => {
  let a: TestServer;
  let b: TestServer;
  before(async () => {
    a = await startServer({ '/hello': send('<p>hello</p>') });
    b = await startServer({ '/secret': send('internal secret') });
    a.route('/to-b-by-ip', (_q, res) => void res.writeHead(302, { location: `${b.url}/secret` }).end());
    a.route('/to-b-by-name', (_q, res) => void res.writeHead(301, { location: `http://localhost:${b.port}/secret` }).end());
    a.route('/to-metadata', (_q, res) => void res.writeHead(307, { location: 'http://169.254.169.254/latest/meta-data/' }).end());
    a.route('/to-file', (_q, res) => void res.writeHead(302, { location: 'file:///etc/passwd' }).end());
    a.route('/loop', (_q, res) => void res.writeHead(302, { location: '/loop' }).end());
    a.route('/big', (_q, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('x'.repeat(200_000));
    });
    a.route('/slow', (_q, res) => void setTimeout(() => res.writeHead(200).end('late'), 3000));
    a.route('/limited', send('slow down', 'text/plain', 429, { 'retry-after': '7' }));
  });
  after(async () => {
    await a.close();
    await b.close();
  });
  // Only server a's own address is allowed: everything private beyond it must be refused.
  const onlyA = () => new Set([`127.0.0.1:${a.port}`]);

  it('sends a User-Agent naming Claimline and its version', async () => {
    const res = await safeFetch(`${a.url}/hello`, { privatePolicy: true });
    assert.equal(res.text(), '<p>hello</p>');
    assert.match(USER_AGENT, /^Claimline\/\d+\.\d+\.\d+/);
    assert.equal(a.requests.at(-1)!.headers['user-agent'], USER_AGENT);
  });

  it('refuses schemes other than http(s)', async () => {
    await assert.rejects(safeFetch('file:///etc/passwd'), (e: Error) => e instanceof BlockedUrlError && /only http:\/\/ and https:\/\//.test(e.message));
    await assert.rejects(safeFetch('ftp://example.com/x'), BlockedUrlError);
    await assert.rejects(safeFetch(`${a.url}/to-file`, { privatePolicy: onlyA() }), BlockedUrlError);
  });

  it('refuses loopback addresses by default, given as an IP or as a name that resolves to one', async () => {
    await assert.rejects(safeFetch(`${a.url}/hello`, { privatePolicy: false }), (e: Error) => e instanceof BlockedUrlError && /127\.0\.0\.1/.test(e.message));
    await assert.rejects(safeFetch(`http://localhost:${a.port}/hello`, { privatePolicy: false }), (e: Error) => e instanceof BlockedUrlError && /loopback/.test(e.message));
    await assert.rejects(safeFetch(`http://[::1]:${a.port}/hello`, { privatePolicy: false }), BlockedUrlError);
    await assert.rejects(safeFetch(`http://[::ffff:127.0.0.1]:${a.port}/hello`, { privatePolicy: false }), BlockedUrlError);
  });

  it('checks every redirect: a public-looking page that redirects to a private address is refused', async () => {
    const before = b.requests.length;
    await assert.rejects(safeFetch(`${a.url}/to-b-by-ip`, { privatePolicy: onlyA() }), BlockedUrlError);
    await assert.rejects(safeFetch(`${a.url}/to-b-by-name`, { privatePolicy: onlyA() }), (e: Error) => e instanceof BlockedUrlError && /127\.0\.0\.1|::1/.test(e.message));
    await assert.rejects(safeFetch(`${a.url}/to-metadata`, { privatePolicy: onlyA() }), (e: Error) => e instanceof BlockedUrlError && /169\.254\.169\.254/.test(e.message));
    assert.equal(b.requests.length, before, 'the private server was never reached');
    // Allowed, the same redirect is followed.
    const ok = await safeFetch(`${a.url}/to-b-by-ip`, { privatePolicy: true });
    assert.equal(ok.text(), 'internal secret');
    assert.equal(ok.url, `${b.url}/secret`);
  });

  it('gives up on redirect loops, oversized bodies and slow servers', async () => {
    await assert.rejects(safeFetch(`${a.url}/loop`, { privatePolicy: true }), /after 5 redirects/);
    await assert.rejects(safeFetch(`${a.url}/big`, { privatePolicy: true, maxBytes: 100_000 }), (e: Error) => e instanceof FetchError && !e.transient && /limit/.test(e.message));
    await assert.rejects(safeFetch(`${a.url}/slow`, { privatePolicy: true, timeoutMs: 300 }), (e: Error) => e instanceof FetchError && e.transient && /Timed out/.test(e.message));
  });

  it('marks 429 as transient with the wait the server asked for', async () => {
    await assert.rejects(safeFetch(`${a.url}/limited`, { privatePolicy: true }), (e: Error) => e instanceof FetchError && e.transient && e.status === 429 && e.retryAfterMs === 7000);
  });

  it('reads Retry-After in seconds or as a date, and RateLimit-Reset as an epoch', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(retryAfterMs({ 'retry-after': '3' }, now), 3000);
    assert.equal(retryAfterMs({ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }, now), 5000);
    assert.equal(retryAfterMs({ 'ratelimit-reset': String(now / 1000 + 9) }, now), 9000);
    assert.equal(retryAfterMs({}, now), undefined);
  });

  it('knows private, loopback, link-local and mapped addresses from public ones', () => {
    for (const ip of ['10.1.2.3', '172.16.0.1', '192.168.1.1', '127.0.0.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fd00::1', '::ffff:10.0.0.1', '::ffff:7f00:1']) {
      assert.equal(isPrivateAddress(ip), true, ip);
    }
    for (const ip of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8']) assert.equal(isPrivateAddress(ip), false, ip);
    assert.equal(privatePolicyFromEnv({}), false);
    assert.equal(privatePolicyFromEnv({ CLAIMLINE_ALLOW_PRIVATE: '1' }), true);
    assert.deepEqual(privatePolicyFromEnv({ CLAIMLINE_ALLOW_PRIVATE: '127.0.0.1:80' }), new Set(['127.0.0.1:80']));
  });

  it('waits for the rate-limit reset once RateLimit-Remaining reaches 0, before the next request', async () => {
    const srv = await startServer({
      '/xrpc/x': (_q, res) =>
        void res.writeHead(200, { 'content-type': 'application/json', 'ratelimit-remaining': '0', 'ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 1) }).end('{}'),
    });
    try {
      const notes: BlueskyNotice[] = [];
      const f = backoffFetch({ appview: srv.url, service: srv.url, retries: 1, baseDelayMs: 10, maxDelayMs: 5000, timeoutMs: 5000 }, undefined, (n) => notes.push(n));
      await withEnv({ CLAIMLINE_ALLOW_PRIVATE: '1' }, async () => {
        await f(`${srv.url}/xrpc/x`);
        const t0 = Date.now();
        await f(`${srv.url}/xrpc/x`);
        assert.ok(Date.now() - t0 >= 500, `waited only ${Date.now() - t0} ms`);
      });
      assert.equal(notes.length, 1);
      assert.equal(notes[0]!.kind, 'wait');
    } finally {
      await srv.close();
    }
  });
});
