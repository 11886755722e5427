import assert from 'node:assert/strict';
import { request } from 'node:http';
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

  it('refuses a chunked body that grows past the limit', async () => {
    const res = await new Promise<number>((resolve, reject) => {
      let answered = false;
      const req = request(`${server.url}/api/incidents`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' } }, (r) => {
        answered = true;
        r.resume();
        resolve(r.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', (e: NodeJS.ErrnoException) => (answered || e.code === 'EPIPE' || e.code === 'ECONNRESET' ? resolve(413) : reject(e)));
      req.on('socket', (s) => s.on('error', () => {}));
      const chunk = Buffer.alloc(1024 * 1024, 0x61);
      let n = 0;
      const pump = () => {
        while (n < 40 && !answered) {
          n++;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        if (!answered) req.end();
      };
      pump();
    });
    assert.equal(res, 413);
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
