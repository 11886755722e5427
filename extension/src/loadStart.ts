/** When the extension's bundle began to run: imported first by extension.ts, so activation time includes module set-up. */
export const loadStart = performance.now();
