import { allowedHosts } from '../auth/host';
import { loadOrCreateToken } from '../auth/token';
import { dbPath, serverConfig } from '../config';
import { loadDemoIfEmpty } from '../demo/load';
import { EventBus } from '../events';
import { startServer } from '../serve';
import { analyzeIncident } from '../store/analysis';
import { openDb } from '../store/db';
import { parse, type Command } from './args';

export const serve: Command = {
  name: 'serve',
  summary: 'start the HTTP API (loads the demo incident into an empty database)',
  usage: `claimline serve [--db <file>] [--host <address>] [--port <n>]

Starts the API on 127.0.0.1:8787 (CLAIMLINE_HOST, CLAIMLINE_PORT). An empty database gets the embedded demo
incident, analysed. Writes need the bearer token: CLAIMLINE_TOKEN, or the one generated into the data folder.
Stops cleanly on Ctrl-C (SIGINT) or SIGTERM.
  --db <file>       the database (default: CLAIMLINE_DB or claimline.db in the data folder)
  --host <address>  the address to listen on
  --port <n>        the port to listen on (0: any free port)`,
  async run(args) {
    const { values } = parse('serve', args, { db: { type: 'string' }, host: { type: 'string' }, port: { type: 'string' } });
    const env = { ...process.env };
    if (values.host) env.CLAIMLINE_HOST = values.host;
    if (values.port) env.CLAIMLINE_PORT = values.port;
    const { host, port } = serverConfig(env);
    const file = values.db ?? dbPath();
    const db = openDb(file);
    const demo = loadDemoIfEmpty(db);
    if (demo) {
      analyzeIncident(db, demo.incidentId);
      console.log(`Loaded the demo incident "${demo.incidentId}" (${demo.itemsAdded} items) into the empty database.`);
    }
    const { token, source, file: tokenFile } = loadOrCreateToken();
    const events = new EventBus();
    // --host counts like CLAIMLINE_HOST for the Host names the server answers.
    const server = await startServer({ db, events, token, host, port, allowedHosts: allowedHosts(env) });
    console.log(`Claimline is serving ${file} at ${server.url} (API: ${server.url}/api/incidents, docs: ${server.url}/api/docs).`);
    console.log(source === 'env' ? 'Writes need the token in CLAIMLINE_TOKEN.' : `Writes need the token in ${tokenFile}.`);
    return new Promise<number>((resolve) => {
      const stop = (signal: string) => {
        console.log(`${signal}: stopping.`);
        void server.close().then(() => {
          db.close();
          resolve(0);
        });
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
  },
};
