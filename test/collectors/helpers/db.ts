import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Incident } from '../../../shared/types';
import { openDb, type Db } from '../../../server/store/db';
import { upsertIncident } from '../../../server/store/incidents';

/** A vendor and incident made up for the tests; nothing here names a real one. */
export function testIncident(over: Partial<Incident> = {}): Incident {
  const now = Date.now();
  return {
    id: 'acme-ml',
    title: 'Acme trains models on customer messages',
    vendor: { name: 'Acme', domains: ['acme.test'], handles: ['vendor.test', 'acme.test'] },
    keywords: ['acme', 'training', 'opt out'],
    start: new Date(now - 40 * 86400_000).toISOString(),
    end: new Date(now + 86400_000).toISOString(),
    ...over,
  };
}

/** A fresh database file in its own folder with the test incident in it. */
export function freshDb(incident: Incident = testIncident()): { db: Db; file: string; dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'claimline-collect-'));
  const file = join(dir, 'claimline.db');
  const db = openDb(file);
  upsertIncident(db, incident);
  return {
    db,
    file,
    dir,
    cleanup: () => {
      try {
        db.close();
      } catch {
        // closed already
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs fn with environment variables set, restoring them after. */
export async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => Promise<T> | T): Promise<T> {
  const before: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(vars)) {
    before[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
