import * as vscode from 'vscode';
import vendorData from '../../data/vendors.json';
import type { Connection } from '../connection';
import { escapeMarkdown } from '../core/csp';
import { lensTitle, verdictLabel } from '../core/format';
import { findVendorMentions, mergeVendorMaps, type VendorMap, type VendorMention } from '../core/vendors';
import type { VendorClaims, VendorInfo } from './vendorInfo';


function vendorMap(): VendorMap {
  const extra = vscode.workspace.getConfiguration('claimline').get<Record<string, unknown>>('vendors', {});
  return mergeVendorMaps({ packages: vendorData.packages, domains: vendorData.domains }, extra);
}

/** Code lenses and hovers where code imports a tracked vendor's SDK or names its API domain. */
export class VendorLensProvider implements vscode.CodeLensProvider, vscode.HoverProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private map: VendorMap = vendorMap();

  constructor(
    private readonly connection: Connection,
    private readonly info: VendorInfo,
  ) {}

  /** Settings or server data changed: recompute. */
  refresh(): void {
    this.map = vendorMap();
    this.info.clear();
    this.changed.fire();
  }

  private mentions(doc: vscode.TextDocument): VendorMention[] {
    return findVendorMentions(doc.getText(), this.map);
  }

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!vscode.workspace.getConfiguration('claimline').get<boolean>('codeLens.enabled', true)) return [];
    const seen = new Set<string>();
    const lenses: vscode.CodeLens[] = [];
    for (const m of this.mentions(doc)) {
      // One lens per vendor per file, on its first mention: enough to notice, not noisy.
      if (seen.has(m.vendor)) continue;
      seen.add(m.vendor);
      const range = new vscode.Range(m.line, m.start, m.line, m.end);
      let title: string;
      let command = 'claimline.showVendorClaims';
      try {
        const v = await this.info.get(m.vendor);
        this.connection.noteResult();
        title = v ? lensTitle(v) : `Claimline: no incident tracked for ${m.vendor}`;
      } catch (err) {
        this.connection.noteResult(err);
        title = `Claimline: ${m.vendor} is a tracked vendor (no server answers; click to start one)`;
        command = 'claimline.startServer';
      }
      lenses.push(new vscode.CodeLens(range, { title, command, arguments: [{ vendor: m.vendor }] }));
    }
    return lenses;
  }

  async provideHover(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.Hover | undefined> {
    const line = doc.lineAt(pos.line).text;
    const m = findVendorMentions(line, this.map)[0];
    if (!m || pos.character < m.start || pos.character > m.end) return undefined;
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = { enabledCommands: ['claimline.openClaim', 'claimline.showVendorClaims', 'claimline.startServer'] };
    let v: VendorClaims | undefined;
    try {
      v = await this.info.get(m.vendor);
    } catch {
      md.appendMarkdown(`**Claimline**: \`${escapeMarkdown(m.key)}\` belongs to ${escapeMarkdown(m.vendor)}, a tracked vendor. No server answers: [start one](command:claimline.startServer).`);
      return new vscode.Hover(md, new vscode.Range(pos.line, m.start, pos.line, m.end));
    }
    if (!v) {
      md.appendMarkdown(`**Claimline**: no incident is tracked for ${escapeMarkdown(m.vendor)}.`);
      return new vscode.Hover(md);
    }
    md.appendMarkdown(`**Claimline: what is claimed about ${escapeMarkdown(v.vendor.name)}**\n\n`);
    const top = [...v.claims].sort((a, b) => b.items - a.items).slice(0, 8);
    for (const c of top) {
      const args = encodeURIComponent(JSON.stringify([{ incidentId: c.incidentId, claimId: c.id }]));
      md.appendMarkdown(`- [${escapeMarkdown(c.label)}](command:claimline.openClaim?${args}) — ${c.items} items, ${escapeMarkdown(verdictLabel(c.verdict?.verdict))}${c.answered ? ', answered' : ', unanswered'}\n`);
    }
    // The most discussed claim's policy passage, as the engine linked it.
    const first = top[0];
    if (first) {
      try {
        const detail = await (await this.connection.client()).claim(first.incidentId, first.id, 1);
        const link = detail.policyLinks.find((l) => l.status !== 'rejected');
        if (link?.text) {
          md.appendMarkdown(`\n**Policy passage** (${escapeMarkdown(link.documentTitle ?? link.section)}, ${escapeMarkdown(link.heading ?? '')}):\n\n> `);
          md.appendMarkdown(escapeMarkdown(link.text.length > 500 ? link.text.slice(0, 500) + '…' : link.text));
          md.appendMarkdown('\n');
        }
      } catch {
        // The list above is still worth showing.
      }
    }
    return new vscode.Hover(md, new vscode.Range(pos.line, m.start, pos.line, m.end));
  }

  dispose(): void {
    this.changed.dispose();
  }
}
