import * as vscode from 'vscode';
import {
  ClaimDetailRequest,
  HistogramRequest,
  RefreshNotification,
  TimelinePageRequest,
  TimelineStateNotification,
} from '../../../shared/protocol';
import type { Connection } from '../connection';
import { commonHandlers, reportError } from './common';
import { WebviewHost } from './webviewHost';

/** The Timeline of one incident: chart, filtered list of events, details of the selected one. */
export class TimelinePanel extends WebviewHost {
  static readonly viewType = 'claimline.timeline';

  constructor(
    extensionUri: vscode.Uri,
    private readonly connection: Connection,
    readonly incidentId: string,
    title: string,
  ) {
    super(extensionUri, TimelinePanel.viewType, `Timeline: ${title}`, 'timeline');
    commonHandlers(this);
    this.handle(TimelinePageRequest, async ({ filter, cursor }) => {
      const c = await this.connection.client();
      return c.timeline(this.incidentId, {
        claim: filter.claim,
        role: filter.role,
        platform: filter.platform,
        q: filter.q,
        cursor: cursor ?? undefined,
        limit: 200,
      });
    });
    this.handle(HistogramRequest, async ({ bucket }) => (await this.connection.client()).histogram(this.incidentId, bucket));
    this.handle(ClaimDetailRequest, async ({ claimId }) => (await this.connection.client()).claim(this.incidentId, claimId, 20));
  }

  protected async onReady(): Promise<void> {
    try {
      const c = await this.connection.client();
      const [incident, claims, histogram] = await Promise.all([
        c.incident(this.incidentId),
        c.claims(this.incidentId),
        c.histogram(this.incidentId, 'hour'),
      ]);
      this.connection.noteResult();
      this.panel.title = `Timeline: ${incident.title}`;
      this.notify(TimelineStateNotification, { incident, claims: claims.claims, histogram });
    } catch (err) {
      this.connection.noteResult(err);
      reportError(this, err);
    }
  }

  /** The server announced a change to this incident: reload. */
  refresh(reason: string): void {
    this.notify(RefreshNotification, { reason });
    void this.onReady();
  }
}
