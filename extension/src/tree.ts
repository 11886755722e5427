import * as vscode from 'vscode';
import type { ClaimSummary, IncidentSummary, TimelineItem } from '../../shared/api';
import type { Connection } from './connection';
import { claimDescription, firstWords, shortTime, verdictLabel } from './core/format';

export type IncidentNode = { kind: 'incident'; incident: IncidentSummary };
export type ClaimNode = { kind: 'claim'; incidentId: string; claim: ClaimSummary };
export type ItemNode = { kind: 'item'; incidentId: string; claimId: string | null; item: TimelineItem };
export type MessageNode = { kind: 'message'; text: string; command?: vscode.Command };
export type TreeNode = IncidentNode | ClaimNode | ItemNode | MessageNode;

const ROLE_ICONS: Record<string, string> = {
  claim: 'comment-discussion',
  response: 'megaphone',
  reaction: 'reactions',
  report: 'note',
  noise: 'circle-slash',
};

/** The Incidents tree: incidents, their claims with counts and verdicts, and each claim's items. */
export class IncidentsTree implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly connection: Connection) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'incident': {
        const i = node.incident;
        const t = new vscode.TreeItem(i.title, vscode.TreeItemCollapsibleState.Expanded);
        t.id = `incident:${i.id}`;
        t.contextValue = 'incident';
        t.iconPath = new vscode.ThemeIcon('pulse');
        t.description = `${i.vendor.name} · ${i.counts.claims} claims · ${i.counts.items} items`;
        t.tooltip = new vscode.MarkdownString();
        t.tooltip.appendText(`${i.title}\n\n${i.vendor.name} (${i.vendor.domains.join(', ')})\n${shortTime(i.start)} to ${shortTime(i.end)}`);
        if (i.note) t.tooltip.appendText(`\n\n${i.note}`);
        t.command = { command: 'claimline.openTimeline', title: 'Open Timeline', arguments: [node] };
        return t;
      }
      case 'claim': {
        const c = node.claim;
        const t = new vscode.TreeItem(c.label, vscode.TreeItemCollapsibleState.Collapsed);
        t.id = `claim:${node.incidentId}:${c.id}`;
        t.contextValue = 'claim';
        t.description = claimDescription(c);
        t.iconPath = new vscode.ThemeIcon(c.answered ? 'comment-discussion' : 'comment-unresolved');
        const tip = new vscode.MarkdownString();
        tip.appendText(`${c.label}\n\n${claimDescription(c)}`);
        if (c.verdict) tip.appendText(`\n\nVerdict: ${verdictLabel(c.verdict.verdict)}${c.verdict.note ? ' — ' + c.verdict.note : ''}`);
        if (c.reason) tip.appendText(`\n\n${c.reason}`);
        t.tooltip = tip;
        t.command = { command: 'claimline.openClaim', title: 'Open Claim', arguments: [node] };
        return t;
      }
      case 'item': {
        const it = node.item;
        const t = new vscode.TreeItem(firstWords(it.text, 70), vscode.TreeItemCollapsibleState.None);
        t.id = `item:${node.incidentId}:${node.claimId ?? ''}:${it.id}`;
        t.contextValue = 'item';
        t.description = `${it.role ?? 'unanalysed'} · @${it.author.handle} · ${shortTime(it.createdAt, false)}`;
        t.iconPath = new vscode.ThemeIcon(ROLE_ICONS[it.role ?? ''] ?? 'circle-outline');
        const tip = new vscode.MarkdownString();
        tip.appendText(`${it.author.name ?? it.author.handle} (@${it.author.handle}) on ${it.platform}, ${shortTime(it.createdAt)}\n\n${it.text}`);
        if (it.reason) tip.appendText(`\n\nWhy: ${it.reason}`);
        t.tooltip = tip;
        return t;
      }
      case 'message': {
        const t = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        t.iconPath = new vscode.ThemeIcon('info');
        if (node.command) t.command = node.command;
        return t;
      }
    }
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    const client = await this.connection.client();
    try {
      if (!node) {
        const { incidents } = await client.incidents();
        this.connection.noteResult();
        return incidents.map((incident) => ({ kind: 'incident', incident }));
      }
      if (node.kind === 'incident') {
        const { claims } = await client.claims(node.incident.id);
        if (!claims.length) return [{ kind: 'message', text: 'No claims yet: collect or analyse the incident.' }];
        return claims.map((claim) => ({ kind: 'claim', incidentId: node.incident.id, claim }));
      }
      if (node.kind === 'claim') {
        const page = await client.timeline(node.incidentId, { claim: node.claim.id, limit: 500, policy: 'false' });
        return page.entries
          .filter((e): e is TimelineItem => e.kind === 'item')
          .map((item) => ({ kind: 'item', incidentId: node.incidentId, claimId: node.claim.id, item }));
      }
      return [];
    } catch (err) {
      this.connection.noteResult(err);
      // The welcome view says what to do when no server answers; other failures show as a line.
      if (!node && this.connection.state === 'offline') return [];
      return [{ kind: 'message', text: (err as Error).message }];
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}
