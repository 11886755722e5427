/**
 * `npm run bench -- import --items 100000 [--runs 3] [--json]`
 * Bundle import (read, parsed, validated, stored, indexed) against the raw speed of SQLite on the same machine:
 * the same rows inserted into the same tables, indexes and FTS triggers, in one transaction, with nothing else.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importBundle } from '../../server/bundle/import';
import { readBundleDir } from '../../server/bundle/read';
import { openDb } from '../../server/store/db';
import { upsertIncident } from '../../server/store/incidents';
import { itemRow } from '../../server/store/items';
import { benchArgs, median, syntheticBundle, writeBundle } from './_synthetic';

const args = benchArgs(process.argv.slice(2));
const work = mkdtempSync(join(tmpdir(), 'claimline-bench-import-'));
try {
  const bundle = syntheticBundle(args.items);
  const dir = join(work, 'bundle');
  writeBundle(bundle, dir);
  const log = (s: string) => (args.json ? process.stderr : process.stdout).write(s + '\n');
  log(`import benchmark: ${args.items} items, ${args.runs} runs each`);

  const importRates: number[] = [];
  const rawRates: number[] = [];
  for (let run = 0; run < args.runs; run++) {
    // Import: from the files on disk to an indexed store.
    {
      const db = openDb(join(work, `import-${run}.db`));
      const t0 = process.hrtime.bigint();
      importBundle(db, readBundleDir(dir));
      const s = Number(process.hrtime.bigint() - t0) / 1e9;
      importRates.push(args.items / s);
      db.close();
    }
    // Raw: rows ready in memory, one prepared statement, one transaction.
    {
      const db = openDb(join(work, `raw-${run}.db`));
      upsertIncident(db, bundle.incident);
      const rows = bundle.items.map((it, i) => itemRow(bundle.incident.id, it, i + 1));
      const insert = db.prepare(`INSERT INTO items (incident_id, id, platform, url, source_id, author_handle, author_name, created_at, indexed_at, text, lang,
        reply_to, quote_of, engagement, raw, provenance, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      const t0 = process.hrtime.bigint();
      db.transaction(() => {
        for (const r of rows) insert.run(...r);
      })();
      const s = Number(process.hrtime.bigint() - t0) / 1e9;
      rawRates.push(args.items / s);
      db.close();
    }
    log(`  run ${run + 1}: import ${Math.round(importRates[run]!)} items/s, raw insert ${Math.round(rawRates[run]!)} items/s`);
  }
  const importPerSec = Math.round(median(importRates));
  const rawInsertPerSec = Math.round(median(rawRates));
  const ratio = importPerSec / rawInsertPerSec;
  log(`median: import ${importPerSec} items/s, raw ${rawInsertPerSec} items/s, ratio ${ratio.toFixed(2)} (goal >= 0.50)`);
  console.log(JSON.stringify({ items: args.items, runs: args.runs, importPerSec, rawInsertPerSec, ratio: Number(ratio.toFixed(3)) }));
} finally {
  rmSync(work, { recursive: true, force: true });
}
