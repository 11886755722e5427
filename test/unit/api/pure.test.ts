import assert from 'node:assert/strict';
import { apiPath, API_PATHS, TimelineQuery } from '../../../shared/api';
import { escapeBibtex, escapeMarkdown, firstWords } from '../../../shared/citations';
import { groupVendors } from '../../../server/api/vendors';
import { csvCell } from '../../../server/export/csv';
import { wordDiff } from '../../../server/store/diff';
import { decodeCursor, encodeCursor, ftsQuery } from '../../../server/store/timeline';
import type { Incident } from '../../../shared/types';

describe('API pure helpers', () => {
  it('quotes every word of a text filter so FTS5 syntax is searched literally', () => {
    assert.equal(ftsQuery('slack AI'), '"slack" "AI"');
    assert.equal(ftsQuery('"AND" OR NOT near(x*)'), '"AND" "OR" "NOT" "near" "x"');
    assert.equal(ftsQuery('text:slack ^ai -ml'), '"text" "slack" "ai" "ml"');
    assert.equal(ftsQuery('données personnelles'), '"données" "personnelles"');
    assert.equal(ftsQuery('*()"^:'), null);
    assert.equal(ftsQuery(''), null);
  });

  it('round-trips a timeline cursor and refuses a forged one', () => {
    const p = { createdAt: '2024-05-16T15:22:34Z', id: 'bsky-0001' };
    assert.deepEqual(decodeCursor(encodeCursor(p)), p);
    assert.equal(decodeCursor('not-a-cursor'), null);
    assert.equal(decodeCursor(Buffer.from('[1,2]').toString('base64url')), null);
  });

  it('reads list filters given comma-separated or repeated', () => {
    assert.deepEqual(TimelineQuery.parse({ role: 'claim, response' }).role, ['claim', 'response']);
    assert.deepEqual(TimelineQuery.parse({ role: ['claim', 'noise'] }).role, ['claim', 'noise']);
    assert.equal(TimelineQuery.safeParse({ role: 'claim,boss' }).success, false);
    assert.equal(TimelineQuery.parse({}).limit, 200);
  });

  it('fills API path parameters, encoded', () => {
    assert.equal(apiPath(API_PATHS.claim, { id: 'a b', claimId: 'c/1' }), '/api/incidents/a%20b/claims/c%2F1');
    assert.throws(() => apiPath(API_PATHS.claim, { id: 'a' }), /claimId/);
  });

  it('writes CSV cells quoted when needed and defuses spreadsheet formulas', () => {
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(csvCell('a, "b"\nc'), '"a, ""b""\nc"');
    assert.equal(csvCell('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
    assert.equal(csvCell(null), '');
    assert.equal(csvCell(3), '3');
  });

  it('diffs word by word, and the parts rebuild both texts', () => {
    const a = 'our systems analyze Customer Data to develop models';
    const b = 'our systems do not analyze Customer Data to develop generative models';
    const d = wordDiff(a, b);
    assert.equal(d.filter((p) => p.op !== 'insert').map((p) => p.text).join(''), a);
    assert.equal(d.filter((p) => p.op !== 'delete').map((p) => p.text).join(''), b);
    assert.ok(d.some((p) => p.op === 'insert' && p.text.includes('not')));
  });

  it('groups incidents by a shared vendor domain, ignoring case and www', () => {
    const inc = (id: string, name: string, domains: string[]): Incident => ({ id, title: id, vendor: { name, domains, handles: [] }, keywords: [], start: '2024-01-01T00:00:00Z', end: '2024-02-01T00:00:00Z' });
    const v = groupVendors([inc('a', 'Acme', ['acme.example']), inc('b', 'ACME Corp', ['WWW.Acme.example', 'acme.test']), inc('c', 'Other', []), inc('d', 'Zed', ['acme.test'])]);
    assert.deepEqual(v.map((g) => [g.key, g.incidents.map((i) => i.id).sort()]), [['acme.example', ['a', 'b', 'd']], ['other', ['c']]]);
  });

  it('escapes Markdown and BibTeX syntax in cited text', () => {
    assert.equal(escapeMarkdown('a *b* [c](d) <e>'), 'a \\*b\\* \\[c\\](d) \\<e\\>');
    assert.equal(escapeMarkdown('# not a heading'), '\\# not a heading');
    assert.equal(escapeBibtex('50% of {data} & more_'), '50\\% of \\{data\\} \\& more\\_');
    assert.equal(firstWords('one two three four five', 12), 'one two\u2026');
  });
});
