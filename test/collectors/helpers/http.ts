import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void | Promise<void>;

/** A local HTTP server for tests: routes by path, records every request. */
export interface TestServer {
  url: string;
  port: number;
  requests: { method: string; path: string; headers: http.IncomingHttpHeaders }[];
  route(path: string, handler: Handler): void;
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1 on a free port. */
export async function startServer(routes: Record<string, Handler> = {}): Promise<TestServer> {
  const table = new Map(Object.entries(routes));
  const requests: TestServer['requests'] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0]!;
      requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers });
      const h = table.get(path) ?? table.get('*');
      if (!h) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      Promise.resolve(h(req, res, Buffer.concat(chunks).toString('utf8'))).catch((e: unknown) => {
        if (!res.headersSent) res.writeHead(500).end(String(e));
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    route: (p, h) => table.set(p, h),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A handler that always sends the same body. */
export function send(body: string, type = 'text/html; charset=utf-8', status = 200, headers: Record<string, string> = {}): Handler {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': type, ...headers }).end(body);
  };
}
