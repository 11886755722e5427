import { dbPath } from '../config';
import { openDb } from '../store/db';
import { countItems, listIncidents } from '../store/incidents';
import { parse, type Command } from './args';

export const incidents: Command = {
  name: 'incidents',
  summary: 'list the incidents in the database',
  usage: `claimline incidents [--db <file>] [--json]

Lists every incident: id, title, vendor, window and item count, and the note on where its texts come from.
  --db <file>   the database (default: CLAIMLINE_DB or claimline.db in the data folder)
  --json        print JSON instead of text`,
  async run(args) {
    const { values } = parse('incidents', args, { db: { type: 'string' }, json: { type: 'boolean' } });
    const db = openDb(values.db ?? dbPath());
    try {
      const list = listIncidents(db).map((i) => ({ ...i, items: countItems(db, i.id) }));
      if (values.json) {
        console.log(JSON.stringify(list, null, 2));
        return 0;
      }
      if (!list.length) console.log('No incidents yet. Import a bundle with `claimline import <dir>`, or start the server to load the demo.');
      for (const i of list) {
        console.log(`${i.id}  ${i.title}`);
        console.log(`  vendor ${i.vendor.name} (${i.vendor.domains.join(', ')}), ${i.start.slice(0, 10)} to ${i.end.slice(0, 10)}, ${i.items} items`);
        if (i.note) console.log(`  note: ${i.note}`);
      }
      return 0;
    } finally {
      db.close();
    }
  },
};
