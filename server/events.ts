import { EventEmitter } from 'node:events';

/** Everything the server announces on `GET /api/events` (Server-Sent Events), one `type` each. */
export type ClaimlineEvent =
  | { type: 'items.added'; incidentId: string; count: number; itemIds: string[] }
  | { type: 'analysis.updated'; incidentId: string; claims: number; full: boolean }
  | { type: 'policy.changed'; incidentId: string; documentId: string; retrievedAt: string }
  | { type: 'collect.progress'; incidentId: string; source: string; found: number; added: number; done: boolean; error?: string }
  | { type: 'incident.changed'; incidentId: string; change: 'created' | 'updated' | 'deleted' | 'edited' };

/** An in-process bus: collectors, analysis and routes publish; the SSE route and the CLI subscribe. */
export class EventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every open SSE connection is a listener; many clients are normal.
    this.emitter.setMaxListeners(0);
  }

  /** Announces an event to every subscriber. */
  publish(event: ClaimlineEvent): void {
    this.emitter.emit('event', event);
  }

  /** Subscribes; returns the function that unsubscribes. */
  subscribe(listener: (event: ClaimlineEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
