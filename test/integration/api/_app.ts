import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { createApp } from '../../../server/app';
import { loadDemoIfEmpty } from '../../../server/demo/load';
import { EventBus } from '../../../server/events';
import { analyzeIncident } from '../../../server/store/analysis';
import { openDb, type Db } from '../../../server/store/db';

export const TOKEN = 'test-token-0123456789';
export const DEMO = 'slack-ml-2024';
export const NOW = '2026-01-15T12:00:00Z';

export interface TestApp {
  app: Hono;
  db: Db;
  events: EventBus;
  dir: string;
  close(): void;
  /** A request with JSON body and the token. */
  write(method: string, path: string, body?: unknown, token?: string | null): Promise<Response>;
  get(path: string): Promise<Response>;
}

/** The app on a real database in a temp folder, with the demo incident loaded and analysed. */
export function testApp(opts: { demo?: boolean; analyse?: boolean; maxBodyBytes?: number } = {}): TestApp {
  const dir = mkdtempSync(join(tmpdir(), 'claimline-api-'));
  const db = openDb(join(dir, 'test.db'));
  if (opts.demo !== false) {
    loadDemoIfEmpty(db);
    if (opts.analyse !== false) analyzeIncident(db, DEMO);
  }
  const events = new EventBus();
  const app = createApp({ db, events, token: TOKEN, now: () => NOW, log: () => {}, ...(opts.maxBodyBytes ? { maxBodyBytes: opts.maxBodyBytes } : {}) });
  return {
    app,
    db,
    events,
    dir,
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
    write(method, path, body, token = TOKEN) {
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (token !== null) headers.Authorization = `Bearer ${token}`;
      return Promise.resolve(app.request(path, { method, headers, ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }) }));
    },
    get(path) {
      return Promise.resolve(app.request(path));
    },
  };
}
