import * as vscode from 'vscode';
import { ClaimActionCommand, ClaimStateNotification } from '../../../shared/protocol';
import type { Connection } from '../connection';
import { commonHandlers, reportError } from './common';
import { WebviewHost } from './webviewHost';

/** One claim: label, verdict and reasons, posts over time, responses, linked policy passages; curation actions. */
export class ClaimPanel extends WebviewHost {
  static readonly viewType = 'claimline.claim';

  constructor(
    extensionUri: vscode.Uri,
    private readonly connection: Connection,
    readonly incidentId: string,
    public claimId: string,
  ) {
    super(extensionUri, ClaimPanel.viewType, 'Claim', 'claim');
    commonHandlers(this);
    this.handle(ClaimActionCommand, async (p) => {
      const base = { incidentId: this.incidentId, claimId: this.claimId };
      switch (p.action) {
        case 'rename':
          await vscode.commands.executeCommand('claimline.renameClaim', { ...base, label: p.label });
          break;
        case 'merge':
          await vscode.commands.executeCommand('claimline.mergeClaims', { ...base, otherClaimId: p.otherClaimId });
          break;
        case 'split':
          await vscode.commands.executeCommand('claimline.splitClaim', { ...base, itemIds: p.itemIds, label: p.label });
          break;
        case 'link':
          await vscode.commands.executeCommand(p.status === 'confirmed' ? 'claimline.confirmLink' : 'claimline.rejectLink', { ...base, section: p.section });
          break;
        case 'verdict':
          await vscode.commands.executeCommand('claimline.setVerdict', { ...base, verdict: p.verdict, note: p.note });
          break;
      }
    });
  }

  protected async onReady(): Promise<void> {
    try {
      const c = await this.connection.client();
      const [claim, claims, hist] = await Promise.all([
        c.claim(this.incidentId, this.claimId, 200),
        c.claims(this.incidentId),
        c.histogram(this.incidentId, 'hour').catch(() => undefined),
      ]);
      this.connection.noteResult();
      this.panel.title = `Claim: ${claim.label}`;
      const s = hist?.series.find((x) => x.claim === this.claimId);
      this.notify(ClaimStateNotification, {
        incidentId: this.incidentId,
        claim,
        series: hist && s ? { buckets: hist.buckets, counts: s.counts } : null,
        otherClaims: claims.claims.filter((x) => x.id !== this.claimId).map((x) => ({ id: x.id, label: x.label })),
      });
    } catch (err) {
      this.connection.noteResult(err);
      reportError(this, err);
    }
  }

  refresh(): void {
    void this.onReady();
  }
}
