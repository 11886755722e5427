/**
 * The API paths the extension calls. They mirror `API_PATHS` in shared/api.ts; the extension keeps its own
 * copy because importing values from that module would pull zod into the extension bundle.
 */
export const PATHS = {
  health: '/healthz',
  events: '/api/events',
  vendors: '/api/vendors',
  incidents: '/api/incidents',
  incident: '/api/incidents/:id',
  sources: '/api/incidents/:id/sources',
  statements: '/api/incidents/:id/statements',
  collect: '/api/incidents/:id/collect',
  analyze: '/api/incidents/:id/analyze',
  timeline: '/api/incidents/:id/timeline',
  histogram: '/api/incidents/:id/histogram',
  item: '/api/incidents/:id/items/:itemId',
  itemCitation: '/api/incidents/:id/items/:itemId/citation',
  claims: '/api/incidents/:id/claims',
  claim: '/api/incidents/:id/claims/:claimId',
  claimCitation: '/api/incidents/:id/claims/:claimId/citation',
  verdict: '/api/incidents/:id/claims/:claimId/verdict',
  edits: '/api/incidents/:id/edits',
  policies: '/api/incidents/:id/policies',
  policy: '/api/incidents/:id/policies/:docId',
  policyDiff: '/api/incidents/:id/policies/:docId/diff',
  sectionCitation: '/api/incidents/:id/policies/:docId/sections/:sectionId/citation',
  export: '/api/incidents/:id/export/:format',
  import: '/api/import',
} as const;

/** Fills `:name` parameters of a path, URL-encoding each value. */
export function fillPath(path: string, params: Record<string, string> = {}): string {
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined) throw new Error(`missing parameter "${name}" for ${path}`);
    return encodeURIComponent(v);
  });
}

/** Adds the defined query parameters to a path. */
export function withQuery(path: string, query: Record<string, string | number | boolean | undefined | null> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}
