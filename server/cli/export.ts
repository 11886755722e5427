import { resolve } from 'node:path';
import { exportBundle } from '../bundle/export';
import { dbPath } from '../config';
import { openDb } from '../store/db';
import { parse, UsageError, type Command } from './args';

export const exportCommand: Command = {
  name: 'export',
  summary: 'export an incident as a bundle folder',
  usage: `claimline export <incident> <dir> [--db <file>]

Writes incident.json, policies.json, items.jsonl and claimline.json (sources, edits, verdicts, provenance)
into <dir>, each file whole. Export, import and export again gives the same files.
  --db <file>   the database (default: CLAIMLINE_DB or claimline.db in the data folder)`,
  async run(args) {
    const { values, positionals } = parse('export', args, { db: { type: 'string' } });
    if (positionals.length !== 2) throw new UsageError('Give an incident id and a folder: `claimline export <incident> <dir>`.');
    const db = openDb(values.db ?? dbPath());
    try {
      const dir = resolve(positionals[1]!);
      const files = exportBundle(db, positionals[0]!, dir);
      console.log(`Wrote ${files.join(', ')} to ${dir}.`);
      return 0;
    } finally {
      db.close();
    }
  },
};
