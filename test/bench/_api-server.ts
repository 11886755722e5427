/** The API benchmark's server process: serves a database on a loopback port and prints its URL on stdout. */
import { EventBus } from '../../server/events';
import { startServer } from '../../server/serve';
import { openDb } from '../../server/store/db';

const db = openDb(process.argv[2]!);
const server = await startServer({ db, events: new EventBus(), token: 'bench', host: '127.0.0.1', port: 0 });
process.stdout.write(`${server.url}\n`);
process.on('SIGTERM', () => {
  void server.close().then(() => {
    db.close();
    process.exit(0);
  });
});
