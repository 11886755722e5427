import { resolve } from 'node:path';
import { importBundle } from '../bundle/import';
import { readBundleDir } from '../bundle/read';
import { dbPath } from '../config';
import { analyzeIncident } from '../store/analysis';
import { openDb } from '../store/db';
import { parse, UsageError, type Command } from './args';

export const importCommand: Command = {
  name: 'import',
  summary: 'import an incident bundle folder',
  usage: `claimline import <dir> [--db <file>]

Validates the whole bundle (incident.json, policies.json, items.jsonl and Claimline's claimline.json if present;
gold.json is never read) and writes it in one transaction: a bad line is reported with its file, line and field,
and nothing of the bundle is written. Importing the same bundle twice changes nothing. An incident that
gained items, policy versions or edits is analysed again (the analyst's edits are kept).
  --db <file>     the database (default: CLAIMLINE_DB or claimline.db in the data folder)
  --no-analyze    import only; analyse later (the server's POST /api/incidents/:id/analyze)`,
  async run(args) {
    const { values, positionals } = parse('import', args, { db: { type: 'string' }, 'no-analyze': { type: 'boolean' } });
    if (positionals.length !== 1) throw new UsageError('Give one bundle folder: `claimline import <dir>`.');
    const bundle = readBundleDir(resolve(positionals[0]!));
    const db = openDb(values.db ?? dbPath());
    try {
      const s = importBundle(db, bundle);
      console.log(
        `Imported ${s.incidentId}: ${s.itemsAdded} new items (${s.itemsExisting} already there), ${s.policyVersionsAdded} new policy versions, ${s.editsAdded} new edits.`,
      );
      if (bundle.incident.note) console.log(`Note: ${bundle.incident.note}`);
      if (!values['no-analyze'] && (s.itemsAdded || s.policyVersionsAdded || s.editsAdded)) {
        const analysis = analyzeIncident(db, s.incidentId);
        console.log(`Analysed ${s.incidentId}: ${analysis.claims.length} claims.`);
      }
      return 0;
    } finally {
      db.close();
    }
  },
};
