import { strict as assert } from 'node:assert';
import { ApiError, ClaimlineClient, citationPath } from '../../../extension/src/core/client';
import { fillPath, withQuery } from '../../../extension/src/core/paths';

type Call = { url: string; init: RequestInit };

function fakeFetch(status: number, body: unknown, calls: Call[]): typeof fetch {
  return (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' } });
  }) as unknown as typeof fetch;
}

describe('ClaimlineClient', () => {
  it('sends the bearer token on writes only', async () => {
    const calls: Call[] = [];
    const c = new ClaimlineClient({ baseUrl: 'http://h:1/', token: 'secret', fetch: fakeFetch(200, { ok: true }, calls) });
    await c.claims('inc');
    await c.setVerdict('inc', 'c1', { verdict: 'contradicted', note: 'n' });
    assert.equal(calls[0]!.url, 'http://h:1/api/incidents/inc/claims');
    assert.equal((calls[0]!.init.headers as Record<string, string>).authorization, undefined);
    assert.equal(calls[1]!.init.method, 'PUT');
    assert.equal((calls[1]!.init.headers as Record<string, string>).authorization, 'Bearer secret');
    assert.deepEqual(JSON.parse(calls[1]!.init.body as string), { verdict: 'contradicted', note: 'n' });
  });

  it('encodes ids and joins timeline list filters with commas', async () => {
    const calls: Call[] = [];
    const c = new ClaimlineClient({ baseUrl: 'http://h:1', fetch: fakeFetch(200, { entries: [], nextCursor: null }, calls) });
    await c.timeline('a/b', { role: ['claim', 'response'], q: 'x y', limit: 5 });
    assert.equal(calls[0]!.url, 'http://h:1/api/incidents/a%2Fb/timeline?role=claim%2Cresponse&q=x+y&limit=5');
  });

  it('turns a refused write into a sentence that says to set the token', async () => {
    const c = new ClaimlineClient({ baseUrl: 'http://h:1', fetch: fakeFetch(401, { error: 'unauthorized', message: 'Writes need the token.' }, []) });
    await assert.rejects(c.edit('i', { kind: 'rename', claim: 'c', label: 'l' }), (e: ApiError) => e.status === 401 && /Set Server Token/.test(e.message));
  });

  it('passes the server\u2019s message on for other errors', async () => {
    const c = new ClaimlineClient({ baseUrl: 'http://h:1', fetch: fakeFetch(404, { error: 'not_found', message: 'No claim "x" in "i".' }, []) });
    await assert.rejects(c.claim('i', 'x'), (e: ApiError) => e.code === 'not_found' && e.message === 'No claim "x" in "i".' && !e.unreachable);
  });

  it('says no server answers when the connection fails', async () => {
    const failing = (async () => {
      throw new TypeError('fetch failed');
    }) as unknown as typeof fetch;
    const c = new ClaimlineClient({ baseUrl: 'http://127.0.0.1:9', fetch: failing });
    await assert.rejects(c.health(), (e: ApiError) => e.unreachable && /No Claimline server answers at http:\/\/127\.0\.0\.1:9/.test(e.message));
  });

  it('returns one citation format as text, CSL-JSON pretty-printed', async () => {
    const body = { markdown: 'md', text: 't', bibtex: '@misc{}', 'csl-json': { id: 'x' } };
    const calls: Call[] = [];
    const c = new ClaimlineClient({ baseUrl: 'http://h:1', fetch: fakeFetch(200, body, calls) });
    assert.equal(await c.citation('i', { kind: 'item', id: 'p1' }, 'markdown'), 'md');
    assert.equal(await c.citation('i', { kind: 'section', id: 'doc#s2', at: '2024-05-16T00:00:00Z' }, 'csl-json'), '{\n  "id": "x"\n}');
    assert.equal(calls[1]!.url, 'http://h:1/api/incidents/i/policies/doc/sections/s2/citation?at=2024-05-16T00%3A00%3A00Z');
  });
});

describe('API paths', () => {
  it('fills parameters, encoding them, and refuses a missing one', () => {
    assert.equal(fillPath('/api/incidents/:id/claims/:claimId', { id: 'a b', claimId: 'c#1' }), '/api/incidents/a%20b/claims/c%231');
    assert.throws(() => fillPath('/api/incidents/:id', {}), /missing parameter "id"/);
  });
  it('leaves out empty query values', () => {
    assert.equal(withQuery('/p', { a: 1, b: undefined, c: '', d: null, e: false }), '/p?a=1&e=false');
    assert.equal(withQuery('/p', {}), '/p');
  });
  it('builds citation paths for items, claims and sections', () => {
    assert.equal(citationPath('i', { kind: 'item', id: 'x' }), '/api/incidents/i/items/x/citation');
    assert.equal(citationPath('i', { kind: 'claim', id: 'c' }), '/api/incidents/i/claims/c/citation');
    assert.equal(citationPath('i', { kind: 'section', id: 'd#s' }), '/api/incidents/i/policies/d/sections/s/citation');
  });
});
