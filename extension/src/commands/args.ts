import * as vscode from 'vscode';
import type { Claimline } from '../context';
import type { TreeNode } from '../tree';

/**
 * What a command was invoked on. Commands take a tree node (context menus), a plain object from a webview,
 * a code lens or a test (`{ incidentId, claimId, itemId, ... }`), or nothing (the palette: then they ask).
 */
export interface Target {
  incidentId?: string;
  incidentTitle?: string;
  claimId?: string;
  claimLabel?: string;
  itemId?: string;
  itemUrl?: string | null;
  section?: string;
  [extra: string]: unknown;
}

export function targetOf(arg: unknown): Target {
  if (!arg || typeof arg !== 'object') return {};
  const node = arg as TreeNode;
  switch ((node as { kind?: unknown }).kind) {
    case 'incident':
      return { incidentId: (node as Extract<TreeNode, { kind: 'incident' }>).incident.id, incidentTitle: (node as Extract<TreeNode, { kind: 'incident' }>).incident.title };
    case 'claim': {
      const n = node as Extract<TreeNode, { kind: 'claim' }>;
      return { incidentId: n.incidentId, claimId: n.claim.id, claimLabel: n.claim.label };
    }
    case 'item': {
      const n = node as Extract<TreeNode, { kind: 'item' }>;
      return { incidentId: n.incidentId, claimId: n.claimId ?? undefined, itemId: n.item.id, itemUrl: n.item.url };
    }
    default:
      return arg as Target;
  }
}

/** The incident of a target, asking with a quick pick when there is none (or only one incident: that one). */
export async function pickIncident(cl: Claimline, t: Target): Promise<{ id: string; title: string } | undefined> {
  if (t.incidentId) return { id: t.incidentId, title: t.incidentTitle ?? t.incidentId };
  const { incidents } = await (await cl.connection.client()).incidents();
  if (!incidents.length) {
    void vscode.window.showInformationMessage('The server has no incidents yet. Add one with "Claimline: Add Incident" or import a bundle.');
    return undefined;
  }
  if (incidents.length === 1) return { id: incidents[0]!.id, title: incidents[0]!.title };
  const pick = await vscode.window.showQuickPick(
    incidents.map((i) => ({ label: i.title, description: `${i.vendor.name} · ${i.counts.claims} claims`, id: i.id })),
    { placeHolder: 'Which incident?' },
  );
  return pick ? { id: pick.id, title: pick.label } : undefined;
}

/** The claim of a target, asking when there is none. */
export async function pickClaim(cl: Claimline, incidentId: string, t: Target, placeHolder = 'Which claim?', exclude?: string): Promise<{ id: string; label: string } | undefined> {
  if (t.claimId && !exclude) return { id: t.claimId, label: t.claimLabel ?? t.claimId };
  const { claims } = await (await cl.connection.client()).claims(incidentId);
  const pick = await vscode.window.showQuickPick(
    claims.filter((c) => c.id !== exclude).map((c) => ({ label: c.label, description: `${c.items} items`, id: c.id })),
    { placeHolder, matchOnDescription: true },
  );
  return pick ? { id: pick.id, label: pick.label } : undefined;
}

/** Runs a command body; turns failures into an error message with the sentence the server or client gave. */
export function guarded<A extends unknown[]>(cl: Claimline, fn: (...args: A) => Promise<unknown>): (...args: A) => Promise<unknown> {
  return async (...args: A) => {
    try {
      const r = await fn(...args);
      return r;
    } catch (err) {
      cl.connection.noteResult(err);
      const message = (err as Error).message;
      if (cl.connection.state === 'offline') {
        const start = 'Start a Server';
        const choice = await vscode.window.showErrorMessage(message, start, 'Set Server URL');
        if (choice === start) await vscode.commands.executeCommand('claimline.startServer');
        else if (choice) await vscode.commands.executeCommand('claimline.setServerUrl');
      } else void vscode.window.showErrorMessage(message);
      return undefined;
    }
  };
}
