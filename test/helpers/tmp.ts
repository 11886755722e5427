import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoDir } from '../../server/demo/load';

/** A temporary folder for one test, removed by the returned cleanup. */
export function tempDir(prefix = 'claimline-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A copy of the embedded demo bundle in `dir`, to break in tests. */
export function copyDemo(dir: string): string {
  const target = join(dir, 'bundle');
  cpSync(demoDir(), target, { recursive: true, filter: (src) => !src.endsWith('.ts') });
  return target;
}
