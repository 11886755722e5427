import type {
  ImportResult,
  Citation,
  CitationFormat,
  ClaimDetail,
  ClaimList,
  EditResult,
  Health,
  Histogram,
  IncidentCreate,
  IncidentDetail,
  IncidentList,
  JobAccepted,
  OverrideBody,
  PolicyDiff,
  PolicyDocumentBody,
  PolicyList,
  SourceConfigBody,
  StatementCreate,
  TimelinePage,
  TimelineQuery,
  VendorList,
  VerdictPut,
} from '../../../shared/api';
import { PATHS, fillPath, withQuery } from './paths';

/** A request to the server failed; `status` is 0 when no server answered. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
  }
  /** No server answered at all (refused, timed out, DNS). */
  get unreachable(): boolean {
    return this.status === 0;
  }
}

export interface ClientOptions {
  baseUrl: string;
  token?: string | undefined;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** A thin typed client of the Claimline HTTP API. No `vscode` here, so it is unit-tested in plain Node. */
export class ClaimlineClient {
  readonly baseUrl: string;
  private readonly token: string | undefined;
  private readonly doFetch: typeof fetch;
  private readonly timeoutMs: number;

  constructor(opts: ClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.token = opts.token;
    this.doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
    this.timeoutMs = opts.timeoutMs ?? 15_000;
  }

  /** Full URL of a path on the server. */
  url(path: string): string {
    return this.baseUrl + path;
  }

  /** Sends one request; returns the parsed JSON body, or the text when the answer is not JSON. */
  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.token && method !== 'GET') headers.authorization = `Bearer ${this.token}`;
    let res: Response;
    try {
      res = await this.doFetch(this.url(path), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new ApiError(
        `No Claimline server answers at ${this.baseUrl} (${(err as Error).message}). Start one, or set the server URL.`,
        0,
        'unreachable',
      );
    }
    const text = await res.text();
    const isJson = (res.headers.get('content-type') ?? '').includes('json');
    let parsed: unknown = text;
    if (isJson && text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    if (!res.ok) throw errorFrom(res.status, parsed, !!this.token);
    return parsed as T;
  }

  health(): Promise<Health> {
    return this.request('GET', PATHS.health);
  }
  incidents(): Promise<IncidentList> {
    return this.request('GET', PATHS.incidents);
  }
  incident(id: string): Promise<IncidentDetail> {
    return this.request('GET', fillPath(PATHS.incident, { id }));
  }
  createIncident(body: IncidentCreate): Promise<IncidentDetail> {
    return this.request('POST', PATHS.incidents, body);
  }
  addSource(id: string, config: SourceConfigBody): Promise<unknown> {
    return this.request('POST', fillPath(PATHS.sources, { id }), { config });
  }
  addStatement(id: string, body: StatementCreate): Promise<unknown> {
    return this.request('POST', fillPath(PATHS.statements, { id }), body);
  }
  collect(id: string): Promise<JobAccepted> {
    return this.request('POST', fillPath(PATHS.collect, { id }), {});
  }
  analyze(id: string): Promise<unknown> {
    return this.request('POST', fillPath(PATHS.analyze, { id }), {});
  }
  vendors(): Promise<VendorList> {
    return this.request('GET', PATHS.vendors);
  }
  timeline(id: string, query: TimelineQuery = {}): Promise<TimelinePage> {
    const q: Record<string, string | number | undefined> = {};
    for (const [k, v] of Object.entries(query)) q[k] = Array.isArray(v) ? v.join(',') : (v as string | number | undefined);
    return this.request('GET', withQuery(fillPath(PATHS.timeline, { id }), q));
  }
  histogram(id: string, bucket: 'hour' | 'day' = 'hour'): Promise<Histogram> {
    return this.request('GET', withQuery(fillPath(PATHS.histogram, { id }), { bucket }));
  }
  claims(id: string): Promise<ClaimList> {
    return this.request('GET', fillPath(PATHS.claims, { id }));
  }
  claim(id: string, claimId: string, limit = 200): Promise<ClaimDetail> {
    return this.request('GET', withQuery(fillPath(PATHS.claim, { id, claimId }), { limit }));
  }
  setVerdict(id: string, claimId: string, body: VerdictPut): Promise<unknown> {
    return this.request('PUT', fillPath(PATHS.verdict, { id, claimId }), body);
  }
  edit(id: string, edit: OverrideBody): Promise<EditResult> {
    return this.request('POST', fillPath(PATHS.edits, { id }), edit);
  }
  policies(id: string): Promise<PolicyList> {
    return this.request('GET', fillPath(PATHS.policies, { id }));
  }
  policy(id: string, docId: string): Promise<PolicyDocumentBody> {
    return this.request('GET', fillPath(PATHS.policy, { id, docId }));
  }
  policyDiff(id: string, docId: string, from?: string, to?: string): Promise<PolicyDiff> {
    return this.request('GET', withQuery(fillPath(PATHS.policyDiff, { id, docId }), { from, to }));
  }
  /** One citation of an item, a claim or a policy section (`docId#sectionId`), in one format. */
  async citation(id: string, target: CitationTarget, format: CitationFormat): Promise<string> {
    const c = await this.request<Citation>('GET', withQuery(citationPath(id, target), { at: target.at }));
    const v = c[format];
    return typeof v === 'string' ? v : JSON.stringify(v, null, 2);
  }
  /** Imports a bundle from its files by name; the server validates all of it before writing any. */
  importBundle(files: Record<string, string>): Promise<ImportResult> {
    return this.request<ImportResult>('POST', PATHS.import, { files });
  }
  /** An export as text (bundle as JSON, CSV, Markdown report, ClaimReview JSON-LD). */
  async exportText(id: string, format: string): Promise<string> {
    const v = await this.request<unknown>('GET', fillPath(PATHS.export, { id, format }));
    return typeof v === 'string' ? v : JSON.stringify(v, null, 2);
  }
}

/** What a citation is of. */
export interface CitationTarget {
  kind: 'item' | 'claim' | 'section';
  /** Item id, claim id, or `docId#sectionId`. */
  id: string;
  /** Policy sections: the version in force at this time. */
  at?: string | undefined;
}

/** The path of a target's citation. */
export function citationPath(incidentId: string, target: CitationTarget): string {
  if (target.kind === 'item') return fillPath(PATHS.itemCitation, { id: incidentId, itemId: target.id });
  if (target.kind === 'claim') return fillPath(PATHS.claimCitation, { id: incidentId, claimId: target.id });
  const hash = target.id.indexOf('#');
  const docId = hash < 0 ? target.id : target.id.slice(0, hash);
  const sectionId = hash < 0 ? '' : target.id.slice(hash + 1);
  return fillPath(PATHS.sectionCitation, { id: incidentId, docId, sectionId });
}

/** Turns an error answer into a sentence for the user. */
export function errorFrom(status: number, body: unknown, hadToken: boolean): ApiError {
  const b = (body && typeof body === 'object' ? body : {}) as { error?: unknown; message?: unknown };
  const code = typeof b.error === 'string' ? b.error : `http_${status}`;
  let message = typeof b.message === 'string' ? b.message : `The server answered ${status}.`;
  if (status === 401 || status === 403) {
    message = hadToken
      ? `The server refused the token (${message}). Run "Claimline: Set Server Token" with the token from the server's data folder.`
      : `This change needs the server's token. Run "Claimline: Set Server Token" and paste the token the server printed on first start.`;
  }
  return new ApiError(message, status, code);
}
