import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';

/**
 * `GET /api/docs`: an interactive page built from /api/openapi.json, with no asset from elsewhere (it works
 * offline): every route with its parameters and body schema, and a form to send a request (the token is kept in
 * the page only). All text from the document is inserted with textContent, never as HTML.
 */
export function docsPage(c: Context): Response {
  const nonce = randomBytes(16).toString('base64');
  c.header('Content-Security-Policy', `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; base-uri 'none'; form-action 'none'`);
  return c.html(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Claimline API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style nonce="${nonce}">
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1000px;padding:1rem 1.5rem;color:#1b1f23}
h1{font-size:1.5rem}h2{font-size:1.1rem;margin-top:2rem;border-bottom:1px solid #ddd}
details{border:1px solid #ddd;border-radius:6px;margin:.4rem 0;padding:.3rem .6rem}
summary{cursor:pointer}code,pre,textarea,input{font:12px ui-monospace,monospace}
.m{display:inline-block;min-width:4.2rem;font-weight:600;text-transform:uppercase}
.get{color:#0a7}.post{color:#05c}.put,.patch{color:#a60}.delete{color:#c22}
pre{background:#f6f8fa;padding:.5rem;overflow:auto;max-height:22rem}
label{display:block;margin:.25rem 0}input,textarea{width:100%;box-sizing:border-box}
button{margin:.4rem 0}#token{max-width:30rem}
</style></head><body>
<h1>Claimline API</h1>
<p id="desc"></p>
<label>Bearer token for writes (kept in this page only): <input id="token" type="password" autocomplete="off"></label>
<div id="routes">Loading /api/openapi.json…</div>
<script nonce="${nonce}">
(async () => {
  const el = (tag, attrs = {}, ...kids) => { const e = document.createElement(tag); for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v); for (const k of kids) e.append(k); return e; };
  const doc = await (await fetch('/api/openapi.json')).json();
  document.getElementById('desc').textContent = doc.info.description + ' Version ' + doc.info.version + '.';
  const root = document.getElementById('routes');
  root.textContent = '';
  const byTag = {};
  for (const [path, ops] of Object.entries(doc.paths)) for (const [method, op] of Object.entries(ops)) (byTag[op.tags[0]] ??= []).push({ path, method, op });
  for (const [tag, routes] of Object.entries(byTag)) {
    root.append(el('h2', {}, tag));
    for (const { path, method, op } of routes) {
      const d = el('details');
      d.append(el('summary', {}, el('span', { class: 'm ' + method }, method), ' ', el('code', {}, path), ' \u2014 ' + op.summary));
      const inputs = {};
      for (const p of op.parameters) {
        const i = el('input', { placeholder: p.description || '' });
        inputs[p.in + ':' + p.name] = i;
        d.append(el('label', {}, p.name + ' (' + p.in + (p.required ? ', required' : '') + ')', i));
      }
      let body;
      if (op.requestBody) {
        const schema = op.requestBody.content['application/json'].schema;
        d.append(el('div', {}, 'Body schema:'), el('pre', {}, JSON.stringify(schema, null, 2)));
        body = el('textarea', { rows: '6', placeholder: '{ ... }' });
        d.append(el('label', {}, 'Body (JSON)', body));
      }
      const out = el('pre');
      const send = el('button', { type: 'button' }, 'Send');
      send.addEventListener('click', async () => {
        let url = path.replace(/\\{(\\w+)\\}/g, (_, n) => encodeURIComponent(inputs['path:' + n]?.value ?? ''));
        const qs = new URLSearchParams();
        for (const [k, i] of Object.entries(inputs)) if (k.startsWith('query:') && i.value) qs.set(k.slice(6), i.value);
        if ([...qs].length) url += '?' + qs;
        const headers = {};
        const token = document.getElementById('token').value;
        if (token) headers.Authorization = 'Bearer ' + token;
        if (body) headers['Content-Type'] = 'application/json';
        try {
          const ctrl = new AbortController();
          const res = await fetch(url, { method: method.toUpperCase(), headers, body: body ? body.value : undefined, signal: ctrl.signal });
          const type = res.headers.get('content-type') || '';
          const stream = type.includes('event-stream');
          if (stream) ctrl.abort();
          const text = stream ? '(an event stream: open it with EventSource)' : await res.text();
          let shown = text;
          try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch {}
          out.textContent = res.status + ' ' + res.statusText + '\\n\\n' + shown;
        } catch (e) { out.textContent = String(e); }
      });
      d.append(send, out);
      root.append(d);
    }
  }
})();
</script></body></html>`);
}
