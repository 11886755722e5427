import {
  completionOf,
  isEnvelope,
  type IpcCommand,
  type IpcMessage,
  type IpcNotification,
  type IpcRequest,
  type ParamsOf,
  ReadyCommand,
  type ReplyOf,
} from '../../../../shared/protocol';

interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();
let seq = 0;
const pending = new Map<string, { resolve: (v: unknown) => void; reject: (e: Error) => void; method: string }>();
const listeners = new Map<string, (params: unknown) => void>();

window.addEventListener('message', (e: MessageEvent) => {
  const msg = e.data as unknown;
  if (!isEnvelope(msg)) return;
  const waiting = pending.get(msg.id);
  if (waiting && msg.method === completionOf(waiting.method)) {
    pending.delete(msg.id);
    if (msg.error) waiting.reject(new Error(msg.error));
    else waiting.resolve(msg.params);
    return;
  }
  const fn = listeners.get(msg.method);
  if (fn) fn(msg.params);
  else console.warn(`ignored unknown message ${msg.method}`);
});

/** Sends a command to the host. */
export function send<T extends IpcCommand<unknown>>(type: T, params: ParamsOf<T>): void {
  const msg: IpcMessage = { id: `w${++seq}`, method: type.method, params };
  api.postMessage(msg);
}

/** Sends a request to the host and waits for its reply. */
export function request<T extends IpcRequest<unknown, unknown>>(type: T, params: ParamsOf<T>): Promise<ReplyOf<T>> {
  const id = `w${++seq}`;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject, method: type.method });
    api.postMessage({ id, method: type.method, params } satisfies IpcMessage);
  });
}

/** Listens to a notification from the host. */
export function on<T extends IpcNotification<unknown>>(type: T, fn: (params: ParamsOf<T>) => void): void {
  listeners.set(type.method, fn as (p: unknown) => void);
}

/** Tells the host the page listens; call after registering listeners. */
export function ready(): void {
  send(ReadyCommand, {});
}

