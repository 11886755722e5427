import * as vscode from 'vscode';
import {
  completionOf,
  isEnvelope,
  type IpcMessage,
  type IpcNotification,
  type IpcRequest,
  type IpcType,
  type ParamsOf,
  ReadyCommand,
  type ReplyOf,
} from '../../../shared/protocol';
import { contentSecurityPolicy, makeNonce } from '../core/csp';

type Handler = (params: unknown) => unknown;


/**
 * One webview panel: strict CSP with a fresh nonce, assets only from `media/` and `dist/webview/`,
 * typed messages with a queue until the page says it is ready, and everything disposed with the panel.
 */
export abstract class WebviewHost implements vscode.Disposable {
  readonly panel: vscode.WebviewPanel;
  private ready = false;
  private queue: IpcMessage[] = [];
  private readonly handlers = new Map<string, { kind: string; fn: Handler }>();
  protected readonly disposables: vscode.Disposable[] = [];
  private seq = 0;
  private disposed = false;

  constructor(
    protected readonly extensionUri: vscode.Uri,
    viewType: string,
    title: string,
    private readonly entry: string,
    column: vscode.ViewColumn = vscode.ViewColumn.Active,
  ) {
    const media = vscode.Uri.joinPath(extensionUri, 'media');
    const scripts = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
    this.panel = vscode.window.createWebviewPanel(viewType, title, column, {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: [media, scripts],
    });
    this.panel.iconPath = vscode.Uri.joinPath(media, 'claimline.svg');
    this.panel.webview.html = this.html();
    this.disposables.push(
      this.panel.webview.onDidReceiveMessage((m: unknown) => void this.receive(m)),
      this.panel.onDidDispose(() => this.dispose()),
      // A hidden webview loses its page; it says ready again when shown.
      this.panel.onDidChangeViewState(() => {
        if (!this.panel.visible) this.ready = false;
      }),
    );
  }

  /** Called when the page is (again) ready: send the state. */
  protected abstract onReady(): void | Promise<void>;

  private html(): string {
    const w = this.panel.webview;
    const nonce = makeNonce();
    const css = w.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'webview.css'));
    const js = w.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview', `${this.entry}.js`));
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(w.cspSource, nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${css.toString()}">
<title>Claimline</title>
</head>
<body data-view="${this.entry}">
<main id="app" aria-busy="true"><p class="muted">Loading…</p></main>
<script nonce="${nonce}" src="${js.toString()}"></script>
</body>
</html>`;
  }

  /** Registers the handler of a command or request from the page. */
  handle<T extends IpcType<'command' | 'request', unknown, unknown>>(
    type: T,
    fn: (params: ParamsOf<T>) => T extends IpcRequest<unknown, unknown> ? Promise<ReplyOf<T>> | ReplyOf<T> : void | Promise<void>,
  ): void {
    this.handlers.set(type.method, { kind: type.kind, fn: fn as Handler });
  }

  /** Sends a notification; queued until the page is ready. */
  notify<T extends IpcNotification<unknown>>(type: T, params: ParamsOf<T>): void {
    const msg: IpcMessage = { id: `h${++this.seq}`, method: type.method, params };
    if (this.ready) void this.panel.webview.postMessage(msg);
    else this.queue.push(msg);
  }

  private async receive(msg: unknown): Promise<void> {
    if (!isEnvelope(msg)) {
      console.warn('[claimline] ignored a webview message without the envelope');
      return;
    }
    if (msg.method === ReadyCommand.method) {
      this.ready = true;
      try {
        await this.onReady();
      } catch (err) {
        void vscode.window.showErrorMessage((err as Error).message);
      }
      const queued = this.queue.splice(0);
      for (const m of queued) void this.panel.webview.postMessage(m);
      return;
    }
    const h = this.handlers.get(msg.method);
    if (!h) {
      console.warn(`[claimline] ignored unknown webview message ${msg.method}`);
      return;
    }
    try {
      const reply = await h.fn(msg.params);
      if (h.kind === 'request') void this.panel.webview.postMessage({ id: msg.id, method: completionOf(msg.method), params: reply });
    } catch (err) {
      const message = (err as Error).message;
      if (h.kind === 'request') void this.panel.webview.postMessage({ id: msg.id, method: completionOf(msg.method), params: null, error: message });
      else void vscode.window.showErrorMessage(message);
    }
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
