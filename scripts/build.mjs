#!/usr/bin/env node
// Bundles the server (ESM for Node, dependencies left in node_modules), the extension host
// (CommonJS, `vscode` external) and the extension's webviews (browser bundles) with esbuild.
import { build } from 'esbuild';
import { existsSync, readdirSync, chmodSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const jobs = [
  build({
    entryPoints: [join(root, 'server/cli.ts')],
    outdir: join(root, 'dist/server'),
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    // Commands are imported on use; splitting keeps each in its own chunk.
    splitting: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    banner: { js: '#!/usr/bin/env node' },
    logLevel: 'warning',
  }),
];

if (existsSync(join(root, 'extension/src/extension.ts'))) {
  jobs.push(
    build({
      entryPoints: [join(root, 'extension/src/extension.ts')],
      outfile: join(root, 'extension/dist/extension.js'),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode'],
      minify: true,
      sourcemap: true,
      logLevel: 'warning',
    }),
  );
}

// Each file in extension/src/webview/entries/ is one webview's browser bundle.
const webviewDir = join(root, 'extension/src/webview/entries');
if (existsSync(webviewDir)) {
  const entries = readdirSync(webviewDir).filter((f) => f.endsWith('.ts')).map((f) => join(webviewDir, f));
  if (entries.length) {
    jobs.push(
      build({
        entryPoints: entries,
        outdir: join(root, 'extension/dist/webview'),
        bundle: true,
        platform: 'browser',
        format: 'iife',
        target: 'es2022',
        minify: true,
        sourcemap: true,
        logLevel: 'warning',
      }),
    );
  }
}

await Promise.all(jobs);
chmodSync(join(root, 'dist/server/cli.js'), 0o755);
