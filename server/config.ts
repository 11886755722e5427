import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where Claimline keeps its data: `CLAIMLINE_DATA_DIR`, else `$XDG_DATA_HOME/claimline`, else `~/.local/share/claimline`. */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CLAIMLINE_DATA_DIR) return env.CLAIMLINE_DATA_DIR;
  const xdg = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(xdg, 'claimline');
}

/** The database file: `CLAIMLINE_DB`, else `claimline.db` in the data folder. */
export function dbPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.CLAIMLINE_DB || join(dataDir(env), 'claimline.db');
}

export interface ServerConfig {
  host: string;
  port: number;
}

/** The address the server listens on: `CLAIMLINE_HOST` (default 127.0.0.1) and `CLAIMLINE_PORT` (default 8787). */
export function serverConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.CLAIMLINE_PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`CLAIMLINE_PORT must be a port number from 0 to 65535, not "${env.CLAIMLINE_PORT}".`);
  }
  return { host: env.CLAIMLINE_HOST || '127.0.0.1', port };
}
