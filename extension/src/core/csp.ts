/**
 * A nonce for a page's script: 16 bytes from the platform's cryptographic random source (Web Crypto, global in
 * Node 20 and later), never `Math.random`. No `node:crypto` import, so loading the extension stays cheap.
 */
export function makeNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString('base64');
}

/** The Content Security Policy of every Claimline webview: nothing but our own script (by nonce), CSS and images. */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

/** Only http(s) links leave the editor; anything else a page sends is refused. */
export function isWebUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Escapes Markdown so untrusted text (claim labels, policy text) shows literally in a hover. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`);
}

/** A new claim id for a split: the old id, `-split-` and a time stamp, so it never collides. */
export function newClaimId(from: string, now = Date.now()): string {
  const base = from.replace(/[^A-Za-z0-9._:-]/g, '-').slice(0, 150);
  return `${base}-split-${now.toString(36)}`;
}
