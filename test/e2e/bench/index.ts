// Runs inside VS Code's extension host for `npm run bench -- extension`: activates Claimline and reports how long
// activation took, code loading included, as the extension host sees it.
import * as vscode from 'vscode';

export async function run(): Promise<void> {
  const back = process.env.CLAIMLINE_E2E_BACK ?? '';
  const ext = vscode.extensions.getExtension<{ activationMs: number; activateBodyMs: number; vscodeApiMs: number }>('claimline.claimline');
  if (!ext) throw new Error('the Claimline extension is not installed');
  // Let the window finish starting (built-in extensions activate then), so the number is Claimline's own.
  await new Promise((r) => setTimeout(r, Number(process.env.CLAIMLINE_BENCH_SETTLE_MS ?? 4000)));
  const wasActive = ext.isActive;
  const t0 = performance.now();
  const api = await ext.activate();
  const activateCallMs = performance.now() - t0;
  await fetch(`${back}/report`, {
    method: 'POST',
    body: JSON.stringify({ activationMs: api.activationMs, activateBodyMs: api.activateBodyMs, vscodeApiMs: api.vscodeApiMs, activateCallMs, wasActive }),
  });
}
