import * as vscode from 'vscode';

/** When VS Code had made its API object for the extension (the first `require('vscode')`): imported second by extension.ts. */
export const vscodeLoadedAt = performance.now();
/** Keeps the import from being dropped as unused. */
export const vscodeVersion = vscode.version;
