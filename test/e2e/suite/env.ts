import * as vscode from 'vscode';

/** What the runner passes to the extension host through the environment. */
export const E2E = {
  server: process.env.CLAIMLINE_E2E_SERVER ?? '',
  token: process.env.CLAIMLINE_E2E_TOKEN ?? '',
  back: process.env.CLAIMLINE_E2E_BACK ?? '',
  folder: process.env.CLAIMLINE_E2E_FOLDER ?? '',
};

/** Asks the runner to look at the page (playwright) and waits for its answer; throws what it found wrong. */
export async function check<T = unknown>(name: string, params: unknown = {}): Promise<T> {
  const r = await fetch(`${E2E.back}/${name}`, { method: 'POST', body: JSON.stringify(params) });
  const body = (await r.json()) as { ok: boolean; value?: T; error?: string };
  if (!body.ok) throw new Error(`page check "${name}" failed: ${body.error}`);
  return body.value as T;
}

/** A GET on the Claimline server under test. */
export async function api<T>(path: string): Promise<T> {
  const r = await fetch(E2E.server + path);
  if (!r.ok) throw new Error(`GET ${path}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

export async function until<T>(what: string, fn: () => Promise<T | undefined | false> | T | undefined | false, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}

export function extension(): vscode.Extension<{ activationMs: number; tree: { getChildren(n?: unknown): Promise<unknown[]> } }> {
  const ext = vscode.extensions.getExtension('claimline.claimline');
  if (!ext) throw new Error('the Claimline extension is not installed');
  return ext as never;
}
