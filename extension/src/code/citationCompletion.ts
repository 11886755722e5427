import * as vscode from 'vscode';
import type { Claimline } from '../context';

interface Candidate {
  label: string;
  detail: string;
  kind: 'claim' | 'item' | 'section';
  id: string;
  at?: string | undefined;
}

/**
 * Completion of citations in Markdown: typing `[@` offers the claims, posts and policy sections of the incident
 * (the one open in a Claimline view, else the only one); accepting inserts the citation in the chosen format.
 */
export class CitationCompletion implements vscode.CompletionItemProvider {
  private cache: { incidentId: string; at: number; items: Candidate[] } | undefined;

  constructor(private readonly cl: Claimline) {}

  private currentIncident(): string | undefined {
    const open = [...this.cl.timelines.values(), ...this.cl.claimPanels.values(), ...this.cl.policyPanels.values()];
    const active = open.find((p) => p.panel.active) ?? open[open.length - 1];
    return active?.incidentId;
  }

  private async candidates(): Promise<{ incidentId: string; items: Candidate[] } | undefined> {
    const client = await this.cl.connection.client();
    let incidentId = this.currentIncident();
    if (!incidentId) {
      const { incidents } = await client.incidents();
      if (incidents.length !== 1) return undefined;
      incidentId = incidents[0]!.id;
    }
    if (this.cache && this.cache.incidentId === incidentId && Date.now() - this.cache.at < 30_000) return this.cache;
    const [{ claims }, { policies }, page] = await Promise.all([
      client.claims(incidentId),
      client.policies(incidentId),
      client.timeline(incidentId, { role: ['claim', 'response'], limit: 300, policy: 'false' }),
    ]);
    const items: Candidate[] = claims.map((c) => ({ label: c.label, detail: `claim · ${c.items} items`, kind: 'claim' as const, id: c.id }));
    for (const e of page.entries) {
      if (e.kind !== 'item') continue;
      items.push({ label: e.text.replace(/\s+/g, ' ').slice(0, 80), detail: `${e.role} · @${e.author.handle} · ${e.createdAt.slice(0, 10)}`, kind: 'item', id: e.id });
    }
    const docs = await Promise.all(policies.map((p) => client.policy(incidentId!, p.id).catch(() => undefined)));
    for (const d of docs) {
      const v = d?.versions[d.versions.length - 1];
      for (const s of v?.sections ?? []) {
        items.push({ label: `${d!.title}: ${s.heading}`, detail: `policy section · ${v!.retrievedAt.slice(0, 10)}`, kind: 'section', id: `${d!.id}#${s.id}`, at: v!.retrievedAt });
      }
    }
    this.cache = { incidentId, at: Date.now(), items };
    return this.cache;
  }

  async provideCompletionItems(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.CompletionItem[] | undefined> {
    const before = doc.lineAt(pos.line).text.slice(0, pos.character);
    const m = /\[@([^\]\s]*)$/.exec(before);
    if (!m) return undefined;
    let found;
    try {
      found = await this.candidates();
    } catch {
      return undefined;
    }
    if (!found) return undefined;
    const range = new vscode.Range(pos.line, pos.character - m[0].length, pos.line, pos.character);
    return found.items.map((c, i) => {
      const item = new vscode.CompletionItem({ label: c.label, description: c.detail }, c.kind === 'claim' ? vscode.CompletionItemKind.Reference : c.kind === 'section' ? vscode.CompletionItemKind.Text : vscode.CompletionItemKind.Value);
      item.range = range;
      item.filterText = `[@${c.label}`;
      item.sortText = String(i).padStart(5, '0');
      item.insertText = '';
      item.detail = `Cite this ${c.kind === 'section' ? 'policy section' : c.kind}`;
      item.command = {
        command: 'claimline.insertCitation',
        title: 'Insert citation',
        arguments: [{ incidentId: found.incidentId, citation: { kind: c.kind, id: c.id, at: c.at } }],
      };
      return item;
    });
  }
}
