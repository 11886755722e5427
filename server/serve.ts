import { serve as listen, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import type { EventBus } from './events';
import type { Db } from './store/db';

export interface RunningServer {
  url: string;
  /** Stops accepting connections, ends open ones (event streams too) and resolves when closed. */
  close(): Promise<void>;
}

/** Opens the port and serves the app; resolves once it listens. */
export function startServer(opts: {
  db: Db;
  events: EventBus;
  token: string;
  host: string;
  port: number;
  allowedHosts?: string[] | '*';
}): Promise<RunningServer> {
  const app = createApp({ db: opts.db, events: opts.events, token: opts.token, ...(opts.allowedHosts ? { allowedHosts: opts.allowedHosts } : {}) });
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      reject(
        e.code === 'EADDRINUSE'
          ? new Error(`Port ${opts.port} on ${opts.host} is in use. Stop what runs there or choose another port with CLAIMLINE_PORT.`)
          : e,
      );
    };
    const server: ServerType = listen({ fetch: app.fetch, hostname: opts.host, port: opts.port }, (info: AddressInfo) => {
      server.off('error', onError);
      const host = info.address.includes(':') ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${host}:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Long-lived event streams would keep close() waiting forever.
            (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
          }),
      });
    });
    server.once('error', onError);
  });
}
