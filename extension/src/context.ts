import * as vscode from 'vscode';
import type { Connection } from './connection';
import type { IncidentsTree } from './tree';
import { ClaimPanel } from './views/claimPanel';
import { PolicyPanel } from './views/policyPanel';
import { TimelinePanel } from './views/timelinePanel';

/** What commands and providers share: the connection, the tree and the open panels. */
export class Claimline implements vscode.Disposable {
  readonly timelines = new Map<string, TimelinePanel>();
  readonly claimPanels = new Map<string, ClaimPanel>();
  readonly policyPanels = new Map<string, PolicyPanel>();

  constructor(
    readonly extensionUri: vscode.Uri,
    readonly connection: Connection,
    readonly tree: IncidentsTree,
  ) {}

  openTimeline(incidentId: string, title: string): TimelinePanel {
    let p = this.timelines.get(incidentId);
    if (p && !p.isDisposed) {
      p.panel.reveal();
      return p;
    }
    p = new TimelinePanel(this.extensionUri, this.connection, incidentId, title);
    this.timelines.set(incidentId, p);
    p.panel.onDidDispose(() => this.timelines.delete(incidentId));
    return p;
  }

  openClaim(incidentId: string, claimId: string): ClaimPanel {
    const key = `${incidentId}\u0000${claimId}`;
    let p = this.claimPanels.get(key);
    if (p && !p.isDisposed) {
      p.panel.reveal();
      return p;
    }
    p = new ClaimPanel(this.extensionUri, this.connection, incidentId, claimId);
    this.claimPanels.set(key, p);
    p.panel.onDidDispose(() => this.claimPanels.delete(key));
    return p;
  }

  openPolicy(incidentId: string, documentId?: string, sectionId?: string): PolicyPanel {
    let p = this.policyPanels.get(incidentId);
    if (!p || p.isDisposed) {
      p = new PolicyPanel(this.extensionUri, this.connection, incidentId);
      this.policyPanels.set(incidentId, p);
      p.panel.onDidDispose(() => this.policyPanels.delete(incidentId));
    } else p.panel.reveal();
    p.show(documentId, sectionId);
    return p;
  }

  /** Something changed on the server for an incident (or all): refresh the tree and that incident's panels. */
  refresh(incidentId?: string, reason = 'changed'): void {
    this.tree.refresh();
    for (const p of this.timelines.values()) if (!incidentId || p.incidentId === incidentId) p.refresh(reason);
    for (const p of this.claimPanels.values()) if (!incidentId || p.incidentId === incidentId) p.refresh();
    for (const p of this.policyPanels.values()) if (!incidentId || p.incidentId === incidentId) p.refresh();
  }

  dispose(): void {
    for (const p of [...this.timelines.values(), ...this.claimPanels.values(), ...this.policyPanels.values()]) p.dispose();
  }
}
