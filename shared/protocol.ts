/**
 * Typed messages between the extension host and its webviews (timeline, claim, policy).
 * One envelope `{ id, method, params }` in three kinds, as in GitLens:
 * - command: webview -> host, no reply;
 * - request: webview -> host, answered by a message with method `<method>/completion` and the same `id`;
 * - notification: host -> webview.
 * Only JSON-safe values cross: ISO strings, never `Date`. Types only from shared/api, so no runtime code is pulled in.
 */
import type {
  ClaimDetail,
  ClaimSummary,
  Histogram,
  IncidentDetail,
  PolicyDiff,
  PolicyDocumentBody,
  TimelinePage,
} from './api';
import type { Role, Platform, Verdict } from './types';

export interface IpcMessage<P = unknown> {
  id: string;
  method: string;
  params: P;
  /** Set on a request's reply when it failed: a sentence for the user. */
  error?: string;
}

/** A message type: its method and, as phantom types, its params and reply. */
export interface IpcType<Kind extends 'command' | 'request' | 'notification', P, R = void> {
  readonly kind: Kind;
  readonly method: string;
  /** Never set; carries the params type. */
  readonly _params?: P;
  /** Never set; carries the reply type. */
  readonly _reply?: R;
}
export type IpcCommand<P> = IpcType<'command', P>;
export type IpcRequest<P, R> = IpcType<'request', P, R>;
export type IpcNotification<P> = IpcType<'notification', P>;

export type ParamsOf<T> = T extends IpcType<'command' | 'request' | 'notification', infer P, unknown> ? P : never;
export type ReplyOf<T> = T extends IpcType<'request', unknown, infer R> ? R : never;

const command = <P>(method: string): IpcCommand<P> => ({ kind: 'command', method });
const request = <P, R>(method: string): IpcRequest<P, R> => ({ kind: 'request', method });
const notification = <P>(method: string): IpcNotification<P> => ({ kind: 'notification', method });

/** The method name of a request's reply. */
export function completionOf(method: string): string {
  return `${method}/completion`;
}

/** Whether a message is a message of the given type (a type guard on the envelope). */
export function isMessage<T extends IpcType<'command' | 'request' | 'notification', unknown, unknown>>(
  type: T,
  msg: unknown,
): msg is IpcMessage<ParamsOf<T>> {
  return (
    typeof msg === 'object' &&
    msg !== null &&
    (msg as IpcMessage).method === type.method &&
    typeof (msg as IpcMessage).id === 'string'
  );
}

/** Whether a value has the envelope's shape at all. */
export function isEnvelope(msg: unknown): msg is IpcMessage {
  return typeof msg === 'object' && msg !== null && typeof (msg as IpcMessage).method === 'string' && typeof (msg as IpcMessage).id === 'string';
}

// ---------- shared by every webview ----------

/** webview -> host: the page has loaded and listens; the host then sends its state (and queued notifications). */
export const ReadyCommand = command<Record<string, never>>('webview/ready');
/** webview -> host: open a link in the browser (only http and https are opened). */
export const OpenUrlCommand = command<{ url: string }>('url/open');
/** webview -> host: open the claim view of a claim. */
export const OpenClaimCommand = command<{ incidentId: string; claimId: string }>('claim/open');
/** webview -> host: open the policy view, optionally at a section. */
export const OpenPolicyCommand = command<{ incidentId: string; documentId?: string; sectionId?: string }>('policy/open');
/** webview -> host: copy a citation of an item, a claim or a policy section (`docId#sectionId`). */
export const CopyCitationCommand = command<{
  incidentId: string;
  target: { kind: 'item' | 'claim' | 'section'; id: string; at?: string };
}>('citation/copy');
/** host -> webview: the server could not be reached or refused; show the sentence. */
export const ErrorNotification = notification<{ message: string }>('error/show');
/** host -> webview: the server announced a change; the webview reloads what it shows. */
export const RefreshNotification = notification<{ reason: string }>('state/refresh');

// ---------- timeline ----------

export interface TimelineFilter {
  claim?: string;
  role?: Role[];
  platform?: Platform[];
  q?: string;
}

export interface TimelineState {
  incident: IncidentDetail;
  claims: ClaimSummary[];
  histogram: Histogram;
}

/** host -> webview: what the timeline shows (the chart's data and the claims for the filters). */
export const TimelineStateNotification = notification<TimelineState>('timeline/state');
/** webview -> host: one page of events for the list. */
export const TimelinePageRequest = request<{ filter: TimelineFilter; cursor?: string | null }, TimelinePage>('timeline/page');
/** webview -> host: the details of a selected event's claim (responses, policy passage). */
export const ClaimDetailRequest = request<{ claimId: string }, ClaimDetail>('claim/detail');
/** webview -> host: the chart's data with another bucket size. */
export const HistogramRequest = request<{ bucket: 'hour' | 'day' }, Histogram>('timeline/histogram');

// ---------- claim view ----------

export interface ClaimViewState {
  incidentId: string;
  claim: ClaimDetail;
  /** Posts of the claim over time (from the histogram), for the small chart. */
  series: { buckets: string[]; counts: number[] } | null;
  otherClaims: { id: string; label: string }[];
}

/** host -> webview: the claim to show. */
export const ClaimStateNotification = notification<ClaimViewState>('claim/state');
/** webview -> host: an analyst's action on the claim; the host asks for whatever is missing. */
export const ClaimActionCommand = command<
  | { action: 'rename'; label?: string }
  | { action: 'merge'; otherClaimId?: string }
  | { action: 'split'; itemIds: string[]; label?: string }
  | { action: 'link'; section: string; status: 'confirmed' | 'rejected' }
  | { action: 'verdict'; verdict?: Verdict; note?: string }
>('claim/action');

// ---------- policy view ----------

export interface PolicyViewState {
  incidentId: string;
  documents: { id: string; title: string }[];
  document: PolicyDocumentBody;
  /** Index into `document.versions` of the version shown. */
  version: number;
  /** Linked sections: section id -> the claims pointing at it. */
  links: Record<string, { claimId: string; label: string; status: string }[]>;
  /** A section to scroll to and highlight first. */
  focusSection?: string | undefined;
}

/** host -> webview: the document to show. */
export const PolicyStateNotification = notification<PolicyViewState>('policy/state');
/** webview -> host: switch to another document of the incident. */
export const PolicyDocumentCommand = command<{ documentId: string }>('policy/document');
/** webview -> host: the diff between two versions (retrieval times). */
export const PolicyDiffRequest = request<{ documentId: string; from: string; to: string }, PolicyDiff>('policy/diff');
