// First import: marks when the bundle began to run.
import { loadStart } from './loadStart';
// Second: VS Code makes the extension's API object on the first require('vscode').
import { vscodeLoadedAt } from './vscodeLoaded';
import * as vscode from 'vscode';
import { registerAdmin } from './commands/admin';
import { registerCitations } from './commands/citations';
import { registerCuration } from './commands/curation';
import { CitationCompletion } from './code/citationCompletion';
import { VendorInfo } from './code/vendorInfo';
import { VendorLensProvider } from './code/vendorLens';
import { Connection } from './connection';
import { Claimline } from './context';
import { LiveEvents } from './events';
import { IncidentsTree } from './tree';

const CODE_LANGUAGES = ['javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'python', 'go', 'java', 'ruby', 'json', 'yaml'];

/** What `activate` returns: for scripts and the end-to-end tests. */
export interface ClaimlineApi {
  /** Setting up the bundle's modules plus `activate` itself (as VS Code counts it: code loading and the activate call). */
  activationMs: number;
  /** `activate` alone. */
  activateBodyMs: number;
  /** Of `activationMs`, the time VS Code took to make its API object on the first `require('vscode')`. */
  vscodeApiMs: number;
  claimline: Claimline;
  tree: IncidentsTree;
}

/** Registers everything and returns at once: the first server check runs in the background. */
export function activate(context: vscode.ExtensionContext): ClaimlineApi {
  const t0 = performance.now();
  const connection = new Connection(context.secrets);
  const tree = new IncidentsTree(connection);
  const cl = new Claimline(context.extensionUri, connection, tree);
  const live = new LiveEvents(connection);
  const info = new VendorInfo(connection);
  const lenses = new VendorLensProvider(connection, info);
  const view = vscode.window.createTreeView('claimline.incidents', { treeDataProvider: tree, showCollapseAll: true });
  const selector = CODE_LANGUAGES.map((language) => ({ language }));

  context.subscriptions.push(
    connection,
    tree,
    view,
    cl,
    live,
    lenses,
    ...registerAdmin(cl, live),
    ...registerCuration(cl),
    ...registerCitations(cl),
    vscode.languages.registerCodeLensProvider(selector, lenses),
    vscode.languages.registerHoverProvider(selector, lenses),
    vscode.languages.registerCompletionItemProvider({ language: 'markdown' }, new CitationCompletion(cl), '@'),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('claimline.vendors') || e.affectsConfiguration('claimline.codeLens')) lenses.refresh();
    }),
    connection.onDidChange((state) => {
      if (state === 'online') {
        tree.refresh();
        lenses.refresh();
      }
    }),
    live.onEvent((e) => {
      if (e.type === 'collect.progress' && !e.done) return;
      cl.refresh(e.incidentId, e.type);
      if (e.type === 'analysis.updated' || e.type === 'incident.changed') lenses.refresh();
    }),
  );
  void connection.check();
  const end = performance.now();
  return { activationMs: moduleReadyAt - loadStart + (end - t0), activateBodyMs: end - t0, vscodeApiMs: vscodeLoadedAt - loadStart, claimline: cl, tree };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}

// Last top-level statement: the bundle's modules are set up. VS Code creates the extension's context between this
// and the call of `activate`; that time is VS Code's, not the extension's.
const moduleReadyAt = performance.now();
