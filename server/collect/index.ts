/** The collectors' public surface: what the API, the CLI and the server call. */
export { runCollection, sourceLabel, CollectionRunningError } from './run';
export type { CollectOptions, CollectProgress, CollectSummary, SourceSummary } from './run';
export { addStatement, statementToItem, StatementError } from './manual/statement';
export type { StatementInput } from './manual/statement';
export { reextractPolicy } from './policies/reextract';
export { safeFetch } from './net/fetch';
export { BlockedUrlError, FetchError, AbortedError } from './net/errors';
export { BlueskyAuthError, blueskyConfigFromEnv } from './bluesky/client';
export { USER_AGENT, CLAIMLINE_VERSION } from './net/user-agent';
