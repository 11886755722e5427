import * as vscode from 'vscode';
import type { EventBody } from '../../shared/api';
import { PATHS } from './core/paths';
import { SseParser } from './core/sse';
import type { Connection } from './connection';

/**
 * Follows the server's event stream (`GET /api/events`) while the server is online and live updates are on,
 * reconnecting with a growing delay; fires each parsed event.
 */
export class LiveEvents implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<EventBody>();
  private abort: AbortController | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private delayMs = 1000;
  private disposed = false;
  private readonly subs: vscode.Disposable[] = [];
  readonly onEvent = this.emitter.event;

  constructor(private readonly connection: Connection) {
    this.subs.push(
      connection.onDidChange((s) => (s === 'online' ? this.start() : this.stop())),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('claimline.liveUpdates') || e.affectsConfiguration('claimline.serverUrl')) {
          this.stop();
          this.start();
        }
      }),
    );
  }

  private enabled(): boolean {
    return vscode.workspace.getConfiguration('claimline').get<boolean>('liveUpdates', true);
  }

  start(): void {
    if (this.disposed || this.abort || !this.enabled() || this.connection.state !== 'online') return;
    const abort = new AbortController();
    this.abort = abort;
    void this.run(abort).finally(() => {
      if (this.abort === abort) this.abort = undefined;
      if (!abort.signal.aborted && !this.disposed) {
        this.retryTimer = setTimeout(() => this.start(), this.delayMs);
        this.delayMs = Math.min(this.delayMs * 2, 30_000);
      }
    });
  }

  stop(): void {
    this.abort?.abort();
    this.abort = undefined;
    if (this.retryTimer) clearTimeout(this.retryTimer);
  }

  private async run(abort: AbortController): Promise<void> {
    try {
      const client = await this.connection.client();
      const res = await fetch(client.url(PATHS.events), { headers: { accept: 'text/event-stream' }, signal: abort.signal });
      if (!res.ok || !res.body) return;
      this.delayMs = 1000;
      const parser = new SseParser();
      const decoder = new TextDecoder();
      const reader = res.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        for (const ev of parser.push(decoder.decode(value, { stream: true }))) {
          try {
            const body = JSON.parse(ev.data) as EventBody;
            if (body && typeof body.type === 'string') this.emitter.fire(body);
          } catch {
            // A comment or keep-alive that is not JSON: nothing to announce.
          }
        }
      }
    } catch {
      // Aborted or the server went away: `start` schedules a reconnect unless stopped.
    }
  }

  dispose(): void {
    this.disposed = true;
    this.stop();
    this.emitter.dispose();
    for (const d of this.subs.splice(0)) d.dispose();
  }
}
