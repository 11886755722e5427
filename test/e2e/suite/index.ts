// Entry of the end-to-end suite inside VS Code's extension host: runs mocha and hands the results to the runner.
import { createRequire } from 'node:module';
import { E2E } from './env';

declare const MOCHA_PATH: string;

interface Result {
  title: string;
  state: 'passed' | 'failed';
  ms: number;
  error?: string;
}

export async function run(): Promise<void> {
  // mocha stays outside the bundle: loaded from the project's node_modules.
  const Mocha = createRequire(__filename)(MOCHA_PATH) as typeof import('mocha');
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, reporter: function NoReporter() {} as never });
  mocha.suite.emit('pre-require', globalThis, 'suite', mocha);
  // After mocha put describe/it in place: an import would run before.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('./extension.e2e');
  const results: Result[] = [];
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', (t) => results.push({ title: t.fullTitle(), state: 'passed', ms: t.duration ?? 0 }));
    runner.on('fail', (t, err: Error) => results.push({ title: t.fullTitle(), state: 'failed', ms: t.duration ?? 0, error: err.stack ?? err.message }));
  });
  await fetch(`${E2E.back}/report`, { method: 'POST', body: JSON.stringify(results) });
  if (results.some((r) => r.state === 'failed')) throw new Error('some end-to-end tests failed');
}
