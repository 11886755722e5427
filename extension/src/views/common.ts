import * as vscode from 'vscode';
import { isWebUrl } from '../core/csp';
import {
  CopyCitationCommand,
  ErrorNotification,
  OpenClaimCommand,
  OpenPolicyCommand,
  OpenUrlCommand,
} from '../../../shared/protocol';
import type { WebviewHost } from './webviewHost';

export { isWebUrl } from '../core/csp';

/** Wires the commands every Claimline page may send (links, claims, policies, citations) to the extension. */
export function commonHandlers(host: WebviewHost): void {
  host.handle(OpenUrlCommand, ({ url }) => {
    if (isWebUrl(url)) void vscode.env.openExternal(vscode.Uri.parse(url));
  });
  host.handle(OpenClaimCommand, ({ incidentId, claimId }) => {
    void vscode.commands.executeCommand('claimline.openClaim', { incidentId, claimId });
  });
  host.handle(OpenPolicyCommand, ({ incidentId, documentId, sectionId }) => {
    void vscode.commands.executeCommand('claimline.openPolicy', { incidentId, documentId, sectionId });
  });
  host.handle(CopyCitationCommand, ({ incidentId, target }) => {
    void vscode.commands.executeCommand('claimline.copyCitation', { incidentId, citation: target });
  });
}

/** Shows an error inside the page as well as in a notification. */
export function reportError(host: WebviewHost, err: unknown): void {
  const message = (err as Error).message;
  host.notify(ErrorNotification, { message });
}
