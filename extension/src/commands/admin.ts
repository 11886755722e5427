import * as vscode from 'vscode';
import type { EventBody, SourceConfigBody } from '../../../shared/api';
import { PLATFORMS, type Platform } from '../../../shared/types';
import type { Claimline } from '../context';
import type { LiveEvents } from '../events';
import { isWebUrl } from '../views/common';
import { guarded, pickClaim, pickIncident, targetOf } from './args';

/** The folder where "Start a Server" runs its command: the setting, else the workspace folder of the Claimline repository, else the first. */
export async function serverFolder(): Promise<string | undefined> {
  const configured = vscode.workspace.getConfiguration('claimline').get<string>('serverFolder', '');
  if (configured) return configured;
  for (const f of vscode.workspace.workspaceFolders ?? []) {
    try {
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(f.uri, 'package.json'));
      if ((JSON.parse(new TextDecoder().decode(bytes)) as { name?: string }).name === 'claimline') return f.uri.fsPath;
    } catch {
      // no package.json there
    }
  }
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

function isoDay(v: string): string | undefined {
  const t = Date.parse(v.length === 10 ? `${v}T00:00:00Z` : v);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/** Registers connection, navigation and data commands. */
export function registerAdmin(cl: Claimline, live: LiveEvents): vscode.Disposable[] {
  const reg = (id: string, fn: (arg?: unknown) => Promise<unknown>) => vscode.commands.registerCommand(id, guarded(cl, fn));
  return [
    reg('claimline.refresh', async () => {
      await cl.connection.check();
      cl.refresh();
    }),
    reg('claimline.setServerUrl', async (arg) => {
      const given = typeof arg === 'string' ? arg : undefined;
      const url = given ?? (await vscode.window.showInputBox({
        prompt: 'Address of the Claimline server',
        value: cl.connection.baseUrl,
        validateInput: (v) => (isWebUrl(v) ? undefined : 'Give an http:// or https:// address, e.g. http://127.0.0.1:8787'),
      }));
      if (!url) return;
      await vscode.workspace.getConfiguration('claimline').update('serverUrl', url.replace(/\/+$/, ''), vscode.ConfigurationTarget.Global);
      await cl.connection.check();
      cl.refresh();
    }),
    reg('claimline.setToken', async (arg) => {
      const token = typeof arg === 'string' ? arg : await vscode.window.showInputBox({
        prompt: "The server's token (printed on its first start, kept in its data folder as token). Empty to remove.",
        password: true,
        ignoreFocusOut: true,
      });
      if (token === undefined) return;
      await cl.connection.setToken(token.trim());
      if (typeof arg !== 'string') void vscode.window.showInformationMessage(token.trim() ? 'Claimline token saved in the secret storage.' : 'Claimline token removed.');
    }),
    reg('claimline.startServer', async () => {
      const cwd = await serverFolder();
      const cmd = vscode.workspace.getConfiguration('claimline').get<string>('startCommand', 'npm start');
      const term = vscode.window.createTerminal({ name: 'Claimline server', cwd });
      term.show();
      term.sendText(cmd);
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Waiting for the Claimline server' }, async () => {
        for (let i = 0; i < 120; i++) {
          if ((await cl.connection.check()) === 'online') {
            cl.refresh();
            return;
          }
          await new Promise((r) => setTimeout(r, 1000));
        }
        void vscode.window.showWarningMessage(`The server did not answer at ${cl.connection.baseUrl} within 2 minutes. Look at the "Claimline server" terminal for the reason.`);
      });
    }),
    reg('claimline.showConnection', async () => {
      const state = await cl.connection.check();
      const items = [
        { label: '$(refresh) Retry', id: 'claimline.refresh' },
        { label: '$(terminal) Start a server in a terminal', id: 'claimline.startServer' },
        { label: '$(link) Set the server URL', id: 'claimline.setServerUrl' },
        { label: '$(key) Set the token', id: 'claimline.setToken' },
      ];
      const pick = await vscode.window.showQuickPick(items, {
        placeHolder: state === 'online' ? `Connected to ${cl.connection.baseUrl}` : `No server answers at ${cl.connection.baseUrl}`,
      });
      if (pick) await vscode.commands.executeCommand(pick.id);
    }),
    reg('claimline.openTimeline', async (arg) => {
      const inc = await pickIncident(cl, targetOf(arg));
      if (inc) cl.openTimeline(inc.id, inc.title);
    }),
    reg('claimline.openClaim', async (arg) => {
      const t = targetOf(arg);
      const inc = await pickIncident(cl, t);
      if (!inc) return;
      const claim = await pickClaim(cl, inc.id, t);
      if (claim) cl.openClaim(inc.id, claim.id);
    }),
    reg('claimline.openPolicy', async (arg) => {
      const t = targetOf(arg);
      const inc = await pickIncident(cl, t);
      if (inc) cl.openPolicy(inc.id, typeof t.documentId === 'string' ? t.documentId : undefined, typeof t.sectionId === 'string' ? t.sectionId : undefined);
    }),
    reg('claimline.openOriginal', async (arg) => {
      const t = targetOf(arg);
      if (t.itemUrl && isWebUrl(t.itemUrl)) await vscode.env.openExternal(vscode.Uri.parse(t.itemUrl));
      else void vscode.window.showInformationMessage('This item has no link to its original.');
    }),
    reg('claimline.addIncident', async () => {
      const title = await vscode.window.showInputBox({ prompt: 'Title of the incident', validateInput: (v) => (v.trim() ? undefined : 'Give a title.') });
      if (!title) return;
      const vendor = await vscode.window.showInputBox({ prompt: "The vendor's name" });
      if (!vendor) return;
      const domains = await vscode.window.showInputBox({ prompt: "The vendor's web domains, comma-separated (e.g. example.com)" });
      if (domains === undefined) return;
      const handles = await vscode.window.showInputBox({ prompt: "Accounts that speak for the vendor, comma-separated (optional)" });
      const keywords = await vscode.window.showInputBox({ prompt: 'Keywords to collect with, comma-separated' });
      if (keywords === undefined) return;
      const today = new Date().toISOString().slice(0, 10);
      const check = (v: string) => (isoDay(v) ? undefined : 'Give a date as YYYY-MM-DD.');
      const start = await vscode.window.showInputBox({ prompt: 'Start of the window (YYYY-MM-DD)', value: today, validateInput: check });
      if (!start) return;
      const end = await vscode.window.showInputBox({ prompt: 'End of the window (YYYY-MM-DD)', value: today, validateInput: check });
      if (!end) return;
      const split = (s: string | undefined) => (s ?? '').split(',').map((x) => x.trim()).filter(Boolean);
      const created = await (await cl.connection.client()).createIncident({
        title: title.trim(),
        vendor: { name: vendor.trim(), domains: split(domains), handles: split(handles) },
        keywords: split(keywords),
        start: isoDay(start)!,
        end: isoDay(end)!,
      });
      cl.refresh();
      void vscode.window.showInformationMessage(`Incident "${created.title}" added. Add its sources next.`);
      return created;
    }),
    reg('claimline.addSource', async (arg) => {
      const inc = await pickIncident(cl, targetOf(arg));
      if (!inc) return;
      const kind = await vscode.window.showQuickPick(
        [
          { label: 'Policy document', description: 'a URL and an optional CSS selector', k: 'policy' },
          { label: 'Bluesky search', description: 'a query', k: 'bluesky-search' },
          { label: 'Bluesky account', description: 'a handle', k: 'bluesky-account' },
          { label: 'Feed', description: 'an RSS or Atom URL', k: 'feed' },
          { label: 'Page', description: 'a news or blog article URL', k: 'page' },
        ],
        { placeHolder: 'What kind of source?' },
      );
      if (!kind) return;
      let config: SourceConfigBody | undefined;
      const urlCheck = (v: string) => (isWebUrl(v) ? undefined : 'Give an http:// or https:// address.');
      if (kind.k === 'bluesky-search') {
        const query = await vscode.window.showInputBox({ prompt: 'Search query' });
        if (query) config = { kind: 'bluesky-search', query };
      } else if (kind.k === 'bluesky-account') {
        const handle = await vscode.window.showInputBox({ prompt: 'Handle, e.g. example.bsky.social' });
        if (handle) config = { kind: 'bluesky-account', handle: handle.replace(/^@/, '') };
      } else if (kind.k === 'feed' || kind.k === 'page') {
        const url = await vscode.window.showInputBox({ prompt: 'URL', validateInput: urlCheck });
        if (url) config = { kind: kind.k, url };
      } else {
        const url = await vscode.window.showInputBox({ prompt: 'URL of the policy document', validateInput: urlCheck });
        if (!url) return;
        const title = await vscode.window.showInputBox({ prompt: 'Title (optional)' });
        const selector = await vscode.window.showInputBox({ prompt: 'CSS selector of the relevant text (optional)' });
        const id = new URL(url).pathname.split('/').filter(Boolean).pop()?.replace(/[^A-Za-z0-9._-]/g, '-') || 'policy';
        config = { kind: 'policy', id, url, title: title || null, selector: selector || null };
      }
      if (!config) return;
      const r = await (await cl.connection.client()).addSource(inc.id, config);
      cl.refresh(inc.id);
      void vscode.window.showInformationMessage(`Source added to "${inc.title}". Run Collect Now to fetch it.`);
      return r;
    }),
    reg('claimline.addStatement', async (arg) => {
      const t = targetOf(arg);
      const inc = await pickIncident(cl, t);
      if (!inc) return;
      const given = t.statement as { text?: string; author?: { handle: string; name?: string }; createdAt?: string; url?: string | null; platform?: Platform } | undefined;
      let body = given?.text && given.author && given.createdAt ? given : undefined;
      if (!body) {
        const text = await vscode.window.showInputBox({ prompt: 'Text of the statement, as published', ignoreFocusOut: true });
        if (!text) return;
        const handle = await vscode.window.showInputBox({ prompt: 'Author handle or name' });
        if (!handle) return;
        const when = await vscode.window.showInputBox({ prompt: 'When it was published (ISO time or YYYY-MM-DD)', value: new Date().toISOString(), validateInput: (v) => (isoDay(v) ? undefined : 'Give a date or time.') });
        if (!when) return;
        const url = await vscode.window.showInputBox({ prompt: 'Link to it (optional)' });
        const platform = (await vscode.window.showQuickPick([...PLATFORMS], { placeHolder: 'Platform' })) as Platform | undefined;
        body = { text, author: { handle }, createdAt: isoDay(when)!, url: url && isWebUrl(url) ? url : null, platform: platform ?? 'other' };
      }
      const r = await (await cl.connection.client()).addStatement(inc.id, body as never);
      cl.refresh(inc.id);
      return r;
    }),
    reg('claimline.importBundle', async () => {
      const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Import bundle', title: 'A bundle folder (incident.json, policies.json, items.jsonl)' });
      const dir = picked?.[0];
      if (!dir) return;
      const files: Record<string, string> = {};
      for (const name of ['incident.json', 'policies.json', 'items.jsonl', 'claimline.json']) {
        try {
          files[name] = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(dir, name)));
        } catch {
          // A missing file is the server's to explain (claimline.json is optional).
        }
      }
      const r = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Importing the bundle' }, async () =>
        (await cl.connection.client()).importBundle(files),
      );
      cl.refresh();
      void vscode.window.showInformationMessage(`Imported "${r.incidentId}": ${r.itemsAdded} new items (${r.itemsExisting} already there), ${r.policyVersionsAdded} new policy versions.`);
      return r;
    }),
    reg('claimline.collectNow', async (arg) => {
      const inc = await pickIncident(cl, targetOf(arg));
      if (!inc) return;
      const client = await cl.connection.client();
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Collecting "${inc.title}"`, cancellable: false },
        async (progress) => {
          let sub: vscode.Disposable | undefined;
          const finished = new Promise<string | undefined>((resolve) => {
            const timer = setTimeout(() => resolve('No progress from the server for 10 minutes; the collection may still be running.'), 600_000);
            sub = live.onEvent((e: EventBody) => {
              if (e.type !== 'collect.progress' || e.incidentId !== inc.id) return;
              progress.report({ message: `${e.source}: ${e.found} found, ${e.added} new${e.error ? ` (${e.error})` : ''}` });
              if (e.done && e.source === '*') {
                clearTimeout(timer);
                resolve(e.error);
              }
            });
          });
          await client.collect(inc.id);
          const error = await finished;
          sub?.dispose();
          cl.refresh(inc.id);
          if (error) void vscode.window.showWarningMessage(`Collection of "${inc.title}": ${error}`);
          else void vscode.window.showInformationMessage(`Collection of "${inc.title}" finished.`);
        },
      );
    }),
    reg('claimline.export', async (arg) => {
      const inc = await pickIncident(cl, targetOf(arg));
      if (!inc) return;
      const pick = await vscode.window.showQuickPick(
        [
          { label: 'Markdown report', f: 'report', ext: 'md' },
          { label: 'CSV of items', f: 'csv', ext: 'csv' },
          { label: 'ClaimReview JSON-LD', f: 'claimreview', ext: 'jsonld' },
          { label: 'Incident bundle (JSON of its files)', f: 'bundle', ext: 'bundle.json' },
        ],
        { placeHolder: 'Export as' },
      );
      if (!pick) return;
      const text = await (await cl.connection.client()).exportText(inc.id, pick.f);
      const base = vscode.workspace.workspaceFolders?.[0]?.uri;
      const target = await vscode.window.showSaveDialog({ defaultUri: base ? vscode.Uri.joinPath(base, `${inc.id}.${pick.ext}`) : undefined, saveLabel: 'Export' });
      if (!target) return;
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
      void vscode.window.showInformationMessage(`Exported to ${target.fsPath}.`);
    }),
    reg('claimline.showVendorClaims', async (arg) => {
      const vendor = (arg as { vendor?: string } | undefined)?.vendor;
      if (!vendor) return;
      const client = await cl.connection.client();
      const { vendors } = await client.vendors();
      const v = vendors.find((x) => x.domains.includes(vendor));
      if (!v) return vscode.window.showInformationMessage(`No incident is tracked for ${vendor}.`);
      const all = (await Promise.all(v.incidents.map(async (i) => (await client.claims(i.id)).claims.map((c) => ({ c, i }))))).flat();
      const pick = await vscode.window.showQuickPick(
        all.map(({ c, i }) => ({ label: c.label, description: `${c.items} items · ${c.verdict?.verdict?.replace(/_/g, ' ') ?? 'no verdict'}`, detail: i.title, incidentId: i.id, claimId: c.id })),
        { placeHolder: `What is claimed about ${v.name}`, matchOnDetail: true },
      );
      if (pick) cl.openClaim(pick.incidentId, pick.claimId);
      return undefined;
    }),
  ];
}
