// End-to-end tests of the Claimline extension in a real VS Code against a real server on the demo incident.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ClaimDetail, ClaimList, Citation, IncidentList } from '../../../shared/api';
import { api, check, E2E, extension, until } from './env';

let incidentId = '';

async function freshEditorArea(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

describe('Claimline in VS Code', () => {
  before(async () => {
    const ext = extension();
    await ext.activate();
    await vscode.workspace.getConfiguration('claimline').update('serverUrl', E2E.server, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('claimline.setToken', E2E.token);
    const { incidents } = await api<IncidentList>('/api/incidents');
    assert.ok(incidents.length > 0, 'the server has the demo incident');
    incidentId = incidents[0]!.id;
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
  });

  it('the Incidents tree lists the demo incident and its claims', async () => {
    const tree = extension().exports.tree;
    const { claims } = await api<ClaimList>(`/api/incidents/${incidentId}/claims`);
    const roots = (await until('the tree to list incidents', async () => {
      const r = (await tree.getChildren()) as { kind: string; incident?: { id: string } }[];
      return r.length ? r : undefined;
    })) as { kind: string; incident?: { id: string } }[];
    const incident = roots.find((n) => n.kind === 'incident' && n.incident?.id === incidentId);
    assert.ok(incident, 'the demo incident is a root of the tree');
    const children = (await tree.getChildren(incident)) as { kind: string; claim: { id: string; label: string } }[];
    assert.deepEqual(children.map((c) => c.claim.id).sort(), claims.map((c) => c.id).sort());
    await vscode.commands.executeCommand('workbench.view.extension.claimline');
    await check('tree', { labels: claims.slice(0, 3).map((c) => c.label) });
  });

  it('the timeline draws the attention chart, the markers and the events', async () => {
    await freshEditorArea();
    await vscode.commands.executeCommand('claimline.openTimeline', { incidentId });
    const seen = await check<{ series: number; responses: number; policy: number; rows: number; dayBuckets: number }>('timeline');
    assert.equal(seen.dayBuckets, seen.series, 'the chart per day shows the same claims');
    assert.ok(seen.series > 0, 'at least one claim line');
    assert.ok(seen.responses > 0, 'vendor responses are marked');
    assert.ok(seen.policy > 0, 'policy changes are marked');
    assert.ok(seen.rows > 5, 'the event list shows events');
  });

  it('the claim view shows the linked policy passage', async () => {
    const { claims } = await api<ClaimList>(`/api/incidents/${incidentId}/claims`);
    let detail: ClaimDetail | undefined;
    for (const c of claims) {
      const d = await api<ClaimDetail>(`/api/incidents/${incidentId}/claims/${encodeURIComponent(c.id)}`);
      if (d.policyLinks.some((l) => l.text)) {
        detail = d;
        break;
      }
    }
    assert.ok(detail, 'a claim of the demo incident links a policy section');
    const passage = detail.policyLinks.find((l) => l.text)!.text!;
    await freshEditorArea();
    await vscode.commands.executeCommand('claimline.openClaim', { incidentId, claimId: detail.id });
    await check('claim', { label: detail.label, passage: passage.slice(0, 60) });
  });

  it('the policy view highlights linked sections and offers the versions', async () => {
    await freshEditorArea();
    await vscode.commands.executeCommand('claimline.openPolicy', { incidentId });
    const seen = await check<{ linked: number; versions: number }>('policy');
    assert.ok(seen.linked > 0, 'linked sections are highlighted');
    assert.ok(seen.versions > 1, 'the version picker lists the versions');
  });

  it('merging two claims and setting a verdict reach the server', async () => {
    const before = (await api<ClaimList>(`/api/incidents/${incidentId}/claims`)).claims;
    assert.ok(before.length >= 2, 'two claims to merge');
    const [into, other] = [before[0]!, before[before.length - 1]!];
    await vscode.commands.executeCommand('claimline.mergeClaims', { incidentId, claimId: into.id, otherClaimId: other.id });
    const after = (await api<ClaimList>(`/api/incidents/${incidentId}/claims`)).claims;
    assert.ok(!after.some((c) => c.id === other.id), 'the merged claim is gone');
    const merged = after.find((c) => c.id === into.id);
    assert.ok(merged && merged.items >= into.items + other.items - 1, 'the kept claim holds the items of both');

    await vscode.commands.executeCommand('claimline.setVerdict', { incidentId, claimId: into.id, verdict: 'contradicted', note: 'Set from the e2e test.' });
    const d = await api<ClaimDetail>(`/api/incidents/${incidentId}/claims/${encodeURIComponent(into.id)}`);
    assert.equal(d.verdict?.verdict, 'contradicted');
    assert.equal(d.verdict?.note, 'Set from the e2e test.');
  });

  it('copy citation puts the right text on the clipboard', async () => {
    const itemId = 'bsky-0001';
    await vscode.env.clipboard.writeText('');
    const returned = await vscode.commands.executeCommand<string>('claimline.copyCitation', { incidentId, itemId, format: 'markdown' });
    const expected = (await api<Citation>(`/api/incidents/${incidentId}/items/${itemId}/citation`)).markdown;
    const clip = await vscode.env.clipboard.readText();
    assert.equal(returned, expected);
    assert.equal(clip, expected);
    assert.match(clip, /ilindqvist|Lindqvist/);
  });

  it("the tree's context menu copies a claim's citation", async () => {
    const { claims } = await api<ClaimList>(`/api/incidents/${incidentId}/claims`);
    const claim = claims[0]!;
    await vscode.env.clipboard.writeText('');
    await vscode.commands.executeCommand('workbench.view.extension.claimline');
    await check('contextMenu', { label: claim.label, action: 'Copy Citation' });
    const expected = (await api<Citation>(`/api/incidents/${incidentId}/claims/${encodeURIComponent(claim.id)}/citation`)).markdown;
    const clip = await until('the citation on the clipboard', async () => (await vscode.env.clipboard.readText()) || undefined);
    assert.equal(clip, expected);
  });

  it("a code lens appears over an import of the vendor's SDK", async () => {
    await freshEditorArea();
    const uri = vscode.Uri.file(`${E2E.folder}/notify.ts`);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const lenses = await until('a Claimline code lens', async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
      const ours = (l ?? []).filter((x) => x.command?.title.startsWith('Claimline'));
      return ours.length ? ours : undefined;
    });
    assert.equal(lenses[0]!.range.start.line, 0, 'the lens sits on the import line');
    assert.match(lenses[0]!.command!.title, /claims? about Slack/);
    await check('codelens');
  });

  it('hovering the import shows the claims about the vendor and the policy passage', async () => {
    const uri = vscode.Uri.file(`${E2E.folder}/notify.ts`);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(0, 30));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.match(text, /what is claimed about Slack/);
    assert.match(text, /command:claimline\.openClaim/);
    assert.match(text, /Policy passage/);
  });

  it('Markdown completion offers citations and inserts the chosen one', async () => {
    await freshEditorArea();
    const uri = vscode.Uri.file(`${E2E.folder}/notes.md`);
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const line = editor.document.lineCount - 1;
    await editor.edit((b) => b.insert(new vscode.Position(line, 0), 'As reported [@'));
    const pos = new vscode.Position(line, 'As reported [@'.length);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, pos, '@');
    const { claims } = await api<ClaimList>(`/api/incidents/${incidentId}/claims`);
    const item = list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === claims[0]!.label);
    assert.ok(item?.command, 'the first claim is offered with a command that inserts its citation');
    // What accepting the item does first: its empty insert text replaces the typed `[@`, leaving the cursor there.
    await editor.edit((b) => b.delete(new vscode.Range(line, pos.character - 2, line, pos.character)));
    editor.selection = new vscode.Selection(line, pos.character - 2, line, pos.character - 2);
    await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
    const expected = (await api<Citation>(`/api/incidents/${incidentId}/claims/${encodeURIComponent(claims[0]!.id)}/citation`)).markdown;
    assert.ok(editor.document.getText().includes(`As reported ${expected}`), 'the Markdown citation is in the file');
  });

  it('live updates: a statement added by someone else appears in the open timeline', async () => {
    await freshEditorArea();
    await vscode.commands.executeCommand('claimline.openTimeline', { incidentId });
    const before = await check<number>('eventCount');
    const r = await fetch(`${E2E.server}/api/incidents/${incidentId}/statements`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${E2E.token}` },
      body: JSON.stringify({ text: 'A statement pasted by another analyst.', author: { handle: 'other.analyst' }, createdAt: '2024-05-18T09:00:00Z', platform: 'news' }),
    });
    assert.equal(r.status, 201);
    const after = await check<number>('eventCount', { moreThan: before });
    assert.ok(after > before);
  });

  it('with no server, the status bar says so and the view starts one in a terminal', async () => {
    const cfg = vscode.workspace.getConfiguration('claimline');
    const port = Number(process.env.CLAIMLINE_E2E_SPARE_PORT);
    try {
      await cfg.update('serverUrl', `http://127.0.0.1:${port}`, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('claimline.refresh');
      await vscode.commands.executeCommand('workbench.view.extension.claimline');
      await check('offline');
      const data = `${process.env.CLAIMLINE_E2E_WORK}/spare`;
      await cfg.update('serverFolder', process.env.CLAIMLINE_E2E_ROOT, vscode.ConfigurationTarget.Global);
      await cfg.update('startCommand', `mkdir -p ${data} && CLAIMLINE_DATA_DIR=${data} CLAIMLINE_DB=${data}/db.sqlite CLAIMLINE_PORT=${port} node dist/server/cli.js serve`, vscode.ConfigurationTarget.Global);
      await check('startFromWelcome');
      await until('the started server to answer', async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok, 45_000);
      await check('online');
    } finally {
      for (const t of vscode.window.terminals) t.dispose();
      await cfg.update('serverUrl', E2E.server, vscode.ConfigurationTarget.Global);
    }
  });

  it('a post whose text holds script tags and HTML shows as plain text', async () => {
    const text = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"><b>bold</b> e2eplaintext says the vendor trains on DMs';
    await vscode.commands.executeCommand('claimline.addStatement', {
      incidentId,
      statement: { text, author: { handle: 'e2e.example', name: '<i>Mallory</i>' }, createdAt: '2024-05-17T12:00:00Z', url: 'https://example.org/post/1', platform: 'other' },
    });
    await freshEditorArea();
    await vscode.commands.executeCommand('claimline.openTimeline', { incidentId });
    const seen = await check<{ text: string; scripts: number; pwned: unknown; bold: number }>('plaintext', { query: 'e2eplaintext' });
    assert.equal(seen.text, text, 'the text shows exactly as written');
    assert.equal(seen.scripts, 0, 'no script element was made from it');
    assert.equal(seen.bold, 0, 'no markup was made from it');
    assert.equal(seen.pwned, null, 'nothing ran');
  });
});
