import * as vscode from 'vscode';
import { PolicyDiffRequest, PolicyDocumentCommand, PolicyStateNotification } from '../../../shared/protocol';
import type { Connection } from '../connection';
import { commonHandlers, reportError } from './common';
import { WebviewHost } from './webviewHost';

/** An incident's policy documents: sections with the claims linked to them, a version picker and diffs. */
export class PolicyPanel extends WebviewHost {
  static readonly viewType = 'claimline.policy';
  private documentId: string | undefined;
  private focusSection: string | undefined;

  constructor(
    extensionUri: vscode.Uri,
    private readonly connection: Connection,
    readonly incidentId: string,
  ) {
    super(extensionUri, PolicyPanel.viewType, 'Policy', 'policy');
    commonHandlers(this);
    this.handle(PolicyDocumentCommand, ({ documentId }) => this.show(documentId));
    this.handle(PolicyDiffRequest, async ({ documentId, from, to }) =>
      (await this.connection.client()).policyDiff(this.incidentId, documentId, from, to),
    );
  }

  /** Shows a document (and scrolls to a section). */
  show(documentId?: string, sectionId?: string): void {
    if (documentId) this.documentId = documentId;
    this.focusSection = sectionId;
    void this.onReady();
  }

  protected async onReady(): Promise<void> {
    try {
      const c = await this.connection.client();
      const [{ policies }, { claims }] = await Promise.all([c.policies(this.incidentId), c.claims(this.incidentId)]);
      if (!policies.length) throw new Error('This incident has no policy documents yet. Add one with "Claimline: Add Source or Policy Document".');
      const docId = this.documentId && policies.some((p) => p.id === this.documentId) ? this.documentId : policies[0]!.id;
      this.documentId = docId;
      const document = await c.policy(this.incidentId, docId);
      // Which claims point at which section: from each claim's policy links.
      const details = await Promise.all(claims.map((cl) => c.claim(this.incidentId, cl.id, 1).catch(() => undefined)));
      const links: Record<string, { claimId: string; label: string; status: string }[]> = {};
      for (const d of details) {
        for (const l of d?.policyLinks ?? []) {
          const [doc, section] = l.section.split('#');
          if (doc !== docId || !section) continue;
          (links[section] ??= []).push({ claimId: d!.id, label: d!.label, status: l.status });
        }
      }
      this.connection.noteResult();
      this.panel.title = `Policy: ${document.title}`;
      this.notify(PolicyStateNotification, {
        incidentId: this.incidentId,
        documents: policies.map((p) => ({ id: p.id, title: p.title })),
        document,
        version: document.versions.length - 1,
        links,
        focusSection: this.focusSection,
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
