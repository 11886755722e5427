import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readBundleDir } from '../bundle/read';
import { importBundle, type ImportSummary } from '../bundle/import';
import type { Db } from '../store/db';

/** The folder of the embedded demo bundle, found from this module whether it runs from source or from dist/. */
export function demoDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'server', 'demo');
    if (existsSync(join(candidate, 'incident.json'))) return candidate;
    if (existsSync(join(dir, 'incident.json')) && existsSync(join(dir, 'items.jsonl'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('The embedded demo bundle (server/demo) is missing from this installation. Reinstall Claimline.');
}

/** Loads the embedded demo incident into an empty database; does nothing when the database holds any incident. */
export function loadDemoIfEmpty(db: Db): ImportSummary | undefined {
  const { n } = db.prepare('SELECT count(*) AS n FROM incidents').get() as { n: number };
  if (n > 0) return undefined;
  return importBundle(db, readBundleDir(demoDir()));
}
