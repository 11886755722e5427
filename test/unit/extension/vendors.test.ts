import { strict as assert } from 'node:assert';
import vendorData from '../../../extension/data/vendors.json';
import { findVendorMentions, mergeVendorMaps, type VendorMap } from '../../../extension/src/core/vendors';

const map: VendorMap = { packages: { '@acme/sdk': 'acme.com', acme_sdk: 'acme.com', 'github.com/acme/go-acme': 'acme.com', 'com.acme.api': 'acme.com' }, domains: { 'acme.io': 'acme.com' } };

describe('vendor mentions in code', () => {
  it('finds ES imports, require and dynamic import of a mapped package and its subpaths', () => {
    const text = [
      "import { Client } from '@acme/sdk';",
      'const x = require("@acme/sdk/webhooks");',
      "const y = await import('@acme/sdk');",
      "import '@acme/sdkother';",
    ].join('\n');
    const found = findVendorMentions(text, map);
    assert.deepEqual(found.map((m) => [m.line, m.key, m.vendor]), [
      [0, '@acme/sdk', 'acme.com'],
      [1, '@acme/sdk/webhooks', 'acme.com'],
      [2, '@acme/sdk', 'acme.com'],
    ]);
    assert.equal(text.split('\n')[0]!.slice(found[0]!.start, found[0]!.end), '@acme/sdk');
  });

  it('finds Python, Go and Java imports', () => {
    const text = ['from acme_sdk.web import WebClient', 'import os, acme_sdk', '    "github.com/acme/go-acme"', 'import com.acme.api.Acme;'].join('\n');
    assert.deepEqual(findVendorMentions(text, map).map((m) => [m.line, m.key]), [
      [0, 'acme_sdk.web'],
      [1, 'acme_sdk'],
      [2, 'github.com/acme/go-acme'],
      [3, 'com.acme.api.Acme'],
    ]);
  });

  it('finds the API domain and its subdomains in URLs but not lookalike hosts', () => {
    const text = ["fetch('https://api.acme.io/v2/messages')", "const h = 'notacme.io';", 'acme.io.evil.example'].join('\n');
    assert.deepEqual(findVendorMentions(text, map).map((m) => [m.line, m.key, m.kind]), [[0, 'api.acme.io', 'domain']]);
  });

  it('leaves code that names no tracked vendor alone', () => {
    assert.deepEqual(findVendorMentions("import express from 'express';\nfetch('https://example.org')", map), []);
  });

  it('adds settings to the shipped mapping, telling packages from domains', () => {
    const m = mergeVendorMaps(map, { '@other/sdk': 'other.com', 'api.other.com': 'Other.com', other_sdk: 'other.com', 'domain:other.dev': 'other.com', bad: 3 });
    assert.equal(m.packages['@other/sdk'], 'other.com');
    assert.equal(m.packages.other_sdk, 'other.com');
    assert.equal(m.domains['api.other.com'], 'other.com');
    assert.equal(m.domains['other.dev'], 'other.com');
    assert.equal(m.packages.bad, undefined);
    assert.equal(map.packages['@other/sdk'], undefined, 'the shipped mapping is not changed');
  });

  it('ships a mapping whose every entry names a vendor domain', () => {
    for (const [k, v] of [...Object.entries(vendorData.packages), ...Object.entries(vendorData.domains)]) {
      assert.match(v, /^[a-z0-9.-]+\.[a-z]{2,}$/, `${k} maps to a domain`);
    }
  });
});
