import * as vscode from 'vscode';
import { ApiError, ClaimlineClient } from './core/client';

const TOKEN_KEY = 'claimline.token';

export type ConnectionState = 'unknown' | 'online' | 'offline';

/**
 * The connection to the server: the URL from settings, the token from SecretStorage, a client made from both,
 * and the status bar item that shows whether the server answers.
 */
export class Connection implements vscode.Disposable {
  private clientCache: ClaimlineClient | undefined;
  private token: string | undefined;
  private tokenLoaded = false;
  private stateValue: ConnectionState = 'unknown';
  private readonly statusItem: vscode.StatusBarItem;
  private readonly changed = new vscode.EventEmitter<ConnectionState>();
  private readonly disposables: vscode.Disposable[] = [];
  private checking: Promise<ConnectionState> | undefined;
  /** Fires when the server comes online or goes away, and when the URL or token changes. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.statusItem = vscode.window.createStatusBarItem('claimline.connection', vscode.StatusBarAlignment.Left, 10);
    this.statusItem.name = 'Claimline Server';
    this.statusItem.command = 'claimline.showConnection';
    this.render();
    this.statusItem.show();
    this.disposables.push(
      this.statusItem,
      this.changed,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('claimline.serverUrl')) {
          this.clientCache = undefined;
          void this.check();
        }
      }),
      secrets.onDidChange((e) => {
        if (e.key === TOKEN_KEY) {
          this.tokenLoaded = false;
          this.clientCache = undefined;
        }
      }),
    );
  }

  get state(): ConnectionState {
    return this.stateValue;
  }

  get baseUrl(): string {
    return vscode.workspace.getConfiguration('claimline').get<string>('serverUrl', 'http://127.0.0.1:8787');
  }

  /** The client for the current URL and token. */
  async client(): Promise<ClaimlineClient> {
    if (!this.tokenLoaded) {
      this.token = (await this.secrets.get(TOKEN_KEY)) || undefined;
      this.tokenLoaded = true;
      this.clientCache = undefined;
    }
    this.clientCache ??= new ClaimlineClient({ baseUrl: this.baseUrl, token: this.token });
    return this.clientCache;
  }

  async setToken(token: string): Promise<void> {
    if (token) await this.secrets.store(TOKEN_KEY, token);
    else await this.secrets.delete(TOKEN_KEY);
    this.tokenLoaded = false;
    this.clientCache = undefined;
  }

  async hasToken(): Promise<boolean> {
    return !!(await this.secrets.get(TOKEN_KEY));
  }

  /** Asks the server's health route; updates the status bar and the `claimline.connection` context key. */
  check(): Promise<ConnectionState> {
    this.checking ??= (async () => {
      try {
        const c = await this.client();
        await c.health();
        this.setState('online');
      } catch {
        this.setState('offline');
      } finally {
        this.checking = undefined;
      }
      return this.stateValue;
    })();
    return this.checking;
  }

  /** Records what a request taught about the connection (any answer means online). */
  noteResult(err?: unknown): void {
    if (err instanceof ApiError && err.unreachable) this.setState('offline');
    else this.setState('online');
  }

  private setState(state: ConnectionState): void {
    if (state === this.stateValue) return;
    this.stateValue = state;
    this.render();
    void vscode.commands.executeCommand('setContext', 'claimline.connection', state);
    this.changed.fire(state);
  }

  private render(): void {
    const url = this.baseUrl;
    if (this.stateValue === 'online') {
      this.statusItem.text = '$(pulse) Claimline';
      this.statusItem.tooltip = `Claimline server at ${url} answers.`;
      this.statusItem.backgroundColor = undefined;
    } else if (this.stateValue === 'offline') {
      this.statusItem.text = '$(debug-disconnect) Claimline offline';
      this.statusItem.tooltip = `No Claimline server answers at ${url}. Click to start one or change the URL.`;
      this.statusItem.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    } else {
      this.statusItem.text = '$(sync~spin) Claimline';
      this.statusItem.tooltip = `Connecting to ${url}…`;
    }
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
