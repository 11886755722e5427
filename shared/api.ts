/**
 * The HTTP API contract between the server and its clients (the VS Code extension, scripts).
 * Every request and response body is a zod schema here; the TypeScript types are inferred from them,
 * the server validates with them and the OpenAPI document at `/api/openapi.json` is generated from them.
 * Times are ISO 8601 strings in UTC. Paths are listed in `API_PATHS` at the end.
 */
import { z } from 'zod';
import { PLATFORMS, ROLES, VERDICTS } from './types';

// ---------- building blocks ----------

const isoTime = z.iso.datetime({ offset: true }).describe('ISO 8601 time, e.g. 2024-05-16T14:02:00Z');
export const PlatformSchema = z.enum(PLATFORMS);
export const RoleSchema = z.enum(ROLES);
export const VerdictSchema = z.enum(VERDICTS);
/** Ids of incidents, claims, sources, policies: letters, digits, `.`, `_`, `-`, `:` (1 to 200 characters). */
export const IdSchema = z.string().min(1).max(200).regex(/^[A-Za-z0-9._:-]+$/, 'use letters, digits, ".", "_", "-" or ":"');

/** Every error response (4xx, 5xx). `error` is a stable code, `message` a sentence for people. */
export const ErrorBody = z.object({
  error: z.string().describe('Stable machine code, e.g. not_found, invalid_request, unauthorized'),
  message: z.string().describe('What went wrong and what to do, as a sentence'),
  details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** `GET /healthz` */
export const Health = z.object({
  ok: z.literal(true),
  version: z.string(),
  schemaVersion: z.number().int(),
  incidents: z.number().int(),
});
export type Health = z.infer<typeof Health>;

export const VendorSchema = z.object({
  name: z.string().min(1).max(200),
  domains: z.array(z.string().min(1).max(253)).max(50),
  handles: z.array(z.string().min(1).max(200)).max(100),
});

export const AuthorSchema = z.object({ handle: z.string().min(1).max(300), name: z.string().max(300).nullable().optional() });

// ---------- incidents ----------

/** An incident as listed: the bundle fields plus counts. */
export const IncidentSummary = z.object({
  id: z.string(),
  title: z.string(),
  vendor: VendorSchema,
  keywords: z.array(z.string()),
  start: z.string(),
  end: z.string(),
  note: z.string().nullable().optional().describe('Where the texts come from; show it wherever the incident is shown'),
  createdAt: z.string(),
  updatedAt: z.string(),
  counts: z.object({ items: z.number().int(), claims: z.number().int(), policies: z.number().int() }),
});
export type IncidentSummary = z.infer<typeof IncidentSummary>;

export const SourceConfigSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('bluesky-search'), query: z.string().min(1).max(500) }),
  z.object({ kind: z.literal('bluesky-account'), handle: z.string().min(1).max(300) }),
  z.object({ kind: z.literal('feed'), url: z.url({ protocol: /^https?$/ }) }),
  z.object({ kind: z.literal('page'), url: z.url({ protocol: /^https?$/ }) }),
  z.object({
    kind: z.literal('policy'),
    id: IdSchema,
    url: z.url({ protocol: /^https?$/ }),
    selector: z.string().max(500).nullable().optional(),
    title: z.string().max(500).nullable().optional(),
  }),
]);
export type SourceConfigBody = z.infer<typeof SourceConfigSchema>;

export const SourceRecordSchema = z.object({ id: z.string(), config: SourceConfigSchema, createdAt: z.string() });

/** A policy document as listed (no section text). */
export const PolicyDocumentSummary = z.object({
  id: z.string(),
  title: z.string(),
  url: z.string(),
  selector: z.string().nullable().optional(),
  versions: z.array(z.object({ retrievedAt: z.string(), sections: z.number().int(), archivedUrl: z.string().nullable() })),
});
export type PolicyDocumentSummary = z.infer<typeof PolicyDocumentSummary>;

/** `GET /api/incidents/:id` */
export const IncidentDetail = IncidentSummary.extend({
  sources: z.array(SourceRecordSchema),
  policies: z.array(PolicyDocumentSummary),
  roles: z.record(z.string(), z.number().int()).describe('Item count per role'),
  platforms: z.record(z.string(), z.number().int()).describe('Item count per platform'),
  firstItemAt: z.string().nullable(),
  lastItemAt: z.string().nullable(),
});
export type IncidentDetail = z.infer<typeof IncidentDetail>;

export const IncidentList = z.object({ incidents: z.array(IncidentSummary) });
export type IncidentList = z.infer<typeof IncidentList>;

/** `POST /api/incidents` */
export const IncidentCreate = z
  .object({
    id: IdSchema.optional().describe('Generated from the title when absent'),
    title: z.string().min(1).max(500),
    vendor: VendorSchema,
    keywords: z.array(z.string().min(1).max(200)).max(200).default([]),
    start: isoTime,
    end: isoTime,
    note: z.string().max(5000).nullable().optional(),
  })
  .refine((v) => Date.parse(v.start) <= Date.parse(v.end), { message: 'start must not be after end', path: ['end'] });
export type IncidentCreate = z.input<typeof IncidentCreate>;

/** `PATCH /api/incidents/:id`: any of the fields; absent fields keep their value. */
export const IncidentUpdate = z
  .object({
    title: z.string().min(1).max(500),
    vendor: VendorSchema,
    keywords: z.array(z.string().min(1).max(200)).max(200),
    start: isoTime,
    end: isoTime,
    note: z.string().max(5000).nullable(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'give at least one field to change' });
export type IncidentUpdate = z.infer<typeof IncidentUpdate>;

/** `POST /api/incidents/:id/sources` */
export const SourceCreate = z.object({ id: IdSchema.optional(), config: SourceConfigSchema });
export type SourceCreate = z.infer<typeof SourceCreate>;
export const SourceList = z.object({ sources: z.array(SourceRecordSchema) });
export type SourceList = z.infer<typeof SourceList>;

/** `POST /api/incidents/:id/statements`: a statement pasted by an analyst (platforms with no open API). */
export const StatementCreate = z.object({
  id: IdSchema.optional(),
  text: z.string().min(1).max(100_000),
  author: AuthorSchema,
  createdAt: isoTime,
  url: z.url({ protocol: /^https?$/ }).nullable().optional(),
  platform: PlatformSchema.default('other'),
  lang: z.string().max(20).nullable().optional(),
  replyTo: z.string().max(200).nullable().optional(),
  quoteOf: z.string().max(200).nullable().optional(),
});
export type StatementCreate = z.input<typeof StatementCreate>;

/** `POST /api/incidents/:id/collect` and `/analyze` answer 202 with this. */
export const JobAccepted = z.object({
  accepted: z.literal(true),
  incidentId: z.string(),
  job: z.enum(['collect', 'analyze']),
  message: z.string(),
});
export type JobAccepted = z.infer<typeof JobAccepted>;

/** `POST /api/incidents/:id/analyze` when run inline. */
export const AnalyzeResult = z.object({ incidentId: z.string(), claims: z.number().int(), items: z.number().int() });
export type AnalyzeResult = z.infer<typeof AnalyzeResult>;

// ---------- vendors ----------

export const VendorSummary = z.object({
  key: z.string().describe('The first web domain, lower case; or the name when there is none'),
  name: z.string(),
  domains: z.array(z.string()),
  handles: z.array(z.string()),
  incidents: z.array(z.object({ id: z.string(), title: z.string(), start: z.string(), end: z.string() })),
});
export type VendorSummary = z.infer<typeof VendorSummary>;
export const VendorList = z.object({ vendors: z.array(VendorSummary) });
export type VendorList = z.infer<typeof VendorList>;

// ---------- timeline ----------

export const TimelineItem = z.object({
  kind: z.literal('item'),
  id: z.string(),
  platform: PlatformSchema,
  url: z.string().nullable(),
  author: AuthorSchema,
  createdAt: z.string(),
  text: z.string(),
  lang: z.string().nullable(),
  replyTo: z.string().nullable(),
  quoteOf: z.string().nullable(),
  role: RoleSchema.nullable().describe('null until the incident is analysed'),
  claim: z.string().nullable(),
  claimLabel: z.string().nullable(),
  reason: z.string().nullable(),
  claimReason: z.string().nullable(),
  engagement: z.record(z.string(), z.number()).nullable().optional(),
});
export type TimelineItem = z.infer<typeof TimelineItem>;

/** A policy document got a new version: it appears in the timeline at its retrieval time. */
export const TimelinePolicyEvent = z.object({
  kind: z.literal('policy'),
  documentId: z.string(),
  title: z.string(),
  createdAt: z.string().describe('The version\u2019s retrieval time'),
  first: z.boolean().describe('true for the first known version of the document'),
  changedSections: z.array(z.string()).describe('Section ids added, removed or reworded since the previous version'),
});
export type TimelinePolicyEvent = z.infer<typeof TimelinePolicyEvent>;

export const TimelineEntry = z.discriminatedUnion('kind', [TimelineItem, TimelinePolicyEvent]);
export type TimelineEntry = z.infer<typeof TimelineEntry>;

/** A list in a query string: comma-separated (`role=claim,response`) or repeated (`role=claim&role=response`). */
const csv = <T extends z.ZodType<string, string>>(inner: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(inner).min(1));

/** `GET /api/incidents/:id/timeline` query. Lists are comma-separated. */
export const TimelineQuery = z.object({
  role: csv(RoleSchema).optional(),
  claim: z.string().max(200).optional().describe('A claim id, or "none" for items in no claim'),
  platform: csv(PlatformSchema).optional(),
  author: z.string().max(300).optional().describe('Author handle, exact'),
  since: isoTime.optional(),
  until: isoTime.optional().describe('Exclusive'),
  q: z.string().max(500).optional().describe('Full-text filter; every word must occur; FTS syntax is searched literally'),
  cursor: z.string().max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  policy: z.enum(['true', 'false']).optional().describe('Include policy version events; default true when no item filter is set'),
});
export type TimelineQuery = z.input<typeof TimelineQuery>;

export const TimelinePage = z.object({
  entries: z.array(TimelineEntry),
  nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page'),
});
export type TimelinePage = z.infer<typeof TimelinePage>;

/** `GET /api/incidents/:id/histogram` query. */
export const HistogramQuery = z.object({
  bucket: z.enum(['hour', 'day']).default('hour'),
  since: isoTime.optional(),
  until: isoTime.optional(),
});
export type HistogramQuery = z.input<typeof HistogramQuery>;

export const Histogram = z.object({
  bucket: z.enum(['hour', 'day']),
  buckets: z.array(z.string()).describe('Start of each bucket, ISO 8601, ascending, contiguous'),
  series: z.array(
    z.object({
      claim: z.string().nullable().describe('null: items in no claim'),
      label: z.string(),
      counts: z.array(z.number().int()).describe('One count per bucket'),
      total: z.number().int(),
    }),
  ),
  responses: z.array(z.object({ at: z.string(), itemId: z.string(), claim: z.string().nullable() })),
  responsesTotal: z.number().int().describe('All responses; `responses` holds at most 1000, the earliest'),
  policyChanges: z.array(z.object({ at: z.string(), documentId: z.string(), title: z.string(), changedSections: z.array(z.string()) })),
});
export type Histogram = z.infer<typeof Histogram>;

// ---------- claims ----------

export const DiffPartSchema = z.object({ op: z.enum(['equal', 'insert', 'delete']), text: z.string() });

export const PolicyLinkDetail = z.object({
  section: z.string().describe('<policyId>#<sectionId>'),
  rank: z.number().int(),
  score: z.number(),
  reason: z.string().nullable(),
  status: z.enum(['auto', 'confirmed', 'rejected']),
  documentTitle: z.string().nullable(),
  heading: z.string().nullable(),
  text: z.string().nullable().describe('The section as it read in the version shown'),
  versionRetrievedAt: z.string().nullable(),
  laterChange: z.object({ retrievedAt: z.string(), diff: z.array(DiffPartSchema) }).nullable(),
});
export type PolicyLinkDetail = z.infer<typeof PolicyLinkDetail>;

export const VerdictBody = z.object({ verdict: VerdictSchema, note: z.string(), at: z.string() });
export type VerdictBody = z.infer<typeof VerdictBody>;

export const ClaimSummary = z.object({
  id: z.string(),
  label: z.string(),
  reason: z.string().nullable(),
  items: z.number().int().describe('Items in the claim, any role'),
  claimItems: z.number().int().describe('Items with the role claim'),
  firstSeen: z.string().nullable(),
  peak: z.object({ at: z.string(), count: z.number().int() }).nullable().describe('The busiest hour'),
  answered: z.boolean().describe('The vendor responded to it'),
  firstResponseAt: z.string().nullable(),
  timeToResponseMs: z.number().nullable(),
  policyChanged: z.boolean().describe('A later policy version changed a linked section'),
  verdict: VerdictBody.nullable(),
});
export type ClaimSummary = z.infer<typeof ClaimSummary>;

export const ClaimList = z.object({ claims: z.array(ClaimSummary) });
export type ClaimList = z.infer<typeof ClaimList>;

/** `GET /api/incidents/:id/claims/:claimId` */
export const ClaimDetail = ClaimSummary.extend({
  pinned: z.array(z.string()).describe('Item ids pinned by an analyst as examples'),
  examples: z.array(TimelineItem).describe('Pinned items, then the earliest items with the role claim (at most `limit`)'),
  responses: z.array(TimelineItem).describe('The vendor\u2019s responses to the claim (at most `limit`)'),
  policyLinks: z.array(PolicyLinkDetail),
});
export type ClaimDetail = z.infer<typeof ClaimDetail>;

export const ClaimDetailQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

/** `PUT /api/incidents/:id/claims/:claimId/verdict` */
export const VerdictPut = z.object({ verdict: VerdictSchema, note: z.string().max(20_000).default('') });
export type VerdictPut = z.input<typeof VerdictPut>;

// ---------- policies ----------

export const PolicySectionBody = z.object({ id: z.string(), heading: z.string(), text: z.string() });

export const PolicyVersionBody = z.object({
  retrievedAt: z.string(),
  archivedUrl: z.string().nullable(),
  sections: z.array(PolicySectionBody),
});
export type PolicyVersionBody = z.infer<typeof PolicyVersionBody>;

export const PolicyDocumentBody = z.object({
  id: z.string(),
  title: z.string(),
  url: z.string(),
  selector: z.string().nullable().optional(),
  versions: z.array(PolicyVersionBody),
});
export type PolicyDocumentBody = z.infer<typeof PolicyDocumentBody>;

export const PolicyList = z.object({ policies: z.array(PolicyDocumentSummary) });
export type PolicyList = z.infer<typeof PolicyList>;

/** `GET .../policies/:docId/at?time=` : the version in force at a time (the newest retrieved at or before it). */
export const PolicyAtQuery = z.object({ time: isoTime });

export const SectionHistory = z.object({
  documentId: z.string(),
  sectionId: z.string(),
  versions: z.array(
    z.object({
      retrievedAt: z.string(),
      heading: z.string().nullable(),
      text: z.string().nullable().describe('null: the section is absent from this version'),
      changed: z.boolean().describe('Differs from the previous version'),
      diff: z.array(DiffPartSchema).nullable().describe('Word-level change from the previous version'),
    }),
  ),
});
export type SectionHistory = z.infer<typeof SectionHistory>;

/** `GET .../policies/:docId/diff?from=&to=` (retrieval times; default the first and the last version). */
export const PolicyDiffQuery = z.object({ from: isoTime.optional(), to: isoTime.optional() });
export const PolicyDiff = z.object({
  documentId: z.string(),
  from: z.string(),
  to: z.string(),
  sections: z.array(
    z.object({
      id: z.string(),
      heading: z.string(),
      status: z.enum(['unchanged', 'changed', 'added', 'removed']),
      diff: z.array(DiffPartSchema),
    }),
  ),
});
export type PolicyDiff = z.infer<typeof PolicyDiff>;

// ---------- curation ----------

export const OverrideSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('role'), item: z.string().min(1), role: RoleSchema }),
  z.object({ kind: z.literal('move'), item: z.string().min(1), claim: z.string().min(1).nullable() }),
  z.object({ kind: z.literal('pin'), item: z.string().min(1), claim: z.string().min(1) }),
  z.object({ kind: z.literal('unpin'), item: z.string().min(1), claim: z.string().min(1) }),
  z.object({ kind: z.literal('merge'), claims: z.array(z.string().min(1)).min(1), into: z.string().min(1) }),
  z.object({
    kind: z.literal('split'),
    claim: z.string().min(1),
    items: z.array(z.string().min(1)).min(1),
    newClaim: z.string().min(1).max(200),
    label: z.string().max(500).optional(),
  }),
  z.object({ kind: z.literal('rename'), claim: z.string().min(1), label: z.string().min(1).max(500) }),
  z.object({
    kind: z.literal('link'),
    claim: z.string().min(1),
    section: z.string().min(3),
    status: z.enum(['confirmed', 'rejected']),
  }),
]);
export type OverrideBody = z.infer<typeof OverrideSchema>;

export const OverrideRecordBody = z.object({ id: z.number().int(), at: z.string(), edit: OverrideSchema });
export type OverrideRecordBody = z.infer<typeof OverrideRecordBody>;
export const EditList = z.object({ edits: z.array(OverrideRecordBody) });
export type EditList = z.infer<typeof EditList>;

/** `POST /api/incidents/:id/edits`: one edit; answered with the record and whether analysis was re-run. */
export const EditResult = z.object({ edit: OverrideRecordBody, reanalyzed: z.boolean() });
export type EditResult = z.infer<typeof EditResult>;

// ---------- citations ----------

export const CitationFormat = z.enum(['markdown', 'csl-json', 'bibtex', 'text']);
export type CitationFormat = z.infer<typeof CitationFormat>;

/** `GET .../citation?format=` for an item, a claim, or a policy section (`/policies/:docId/sections/:sectionId/citation?at=`). */
export const CitationQuery = z.object({
  format: CitationFormat.optional().describe('One format; all formats when absent'),
  accessed: isoTime.optional().describe('The access date to print; default now'),
  at: isoTime.optional().describe('Policy citations: the version in force at this time; default the latest'),
});
export const Citation = z.object({
  markdown: z.string(),
  'csl-json': z.record(z.string(), z.unknown()),
  bibtex: z.string(),
  text: z.string(),
});
export type Citation = z.infer<typeof Citation>;

// ---------- events ----------

/** One Server-Sent Event on `GET /api/events`: `event:` is the type, `data:` this JSON. */
export const EventBody = z.discriminatedUnion('type', [
  z.object({ type: z.literal('items.added'), incidentId: z.string(), count: z.number(), itemIds: z.array(z.string()) }),
  z.object({ type: z.literal('analysis.updated'), incidentId: z.string(), claims: z.number(), full: z.boolean() }),
  z.object({ type: z.literal('policy.changed'), incidentId: z.string(), documentId: z.string(), retrievedAt: z.string() }),
  z.object({
    type: z.literal('collect.progress'),
    incidentId: z.string(),
    source: z.string(),
    found: z.number(),
    added: z.number(),
    done: z.boolean(),
    error: z.string().optional(),
  }),
  z.object({
    type: z.literal('incident.changed'),
    incidentId: z.string(),
    change: z.enum(['created', 'updated', 'deleted', 'edited']),
  }),
]);
export type EventBody = z.infer<typeof EventBody>;

/** Query of `GET /api/events`: only one incident's events when given. */
export const EventsQuery = z.object({ incident: z.string().max(200).optional() });

/** Exports: `GET /api/incidents/:id/export/{bundle|csv|report|claimreview}`. */
export const EXPORT_FORMATS = ['bundle', 'csv', 'report', 'claimreview'] as const;

/** Every path the API serves, for clients building URLs. `:name` marks a parameter. */
export const API_PATHS = {
  health: '/healthz',
  openapi: '/api/openapi.json',
  docs: '/api/docs',
  events: '/api/events',
  vendors: '/api/vendors',
  vendor: '/api/vendors/:key',
  incidents: '/api/incidents',
  incident: '/api/incidents/:id',
  sources: '/api/incidents/:id/sources',
  source: '/api/incidents/:id/sources/:sourceId',
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
  policyAt: '/api/incidents/:id/policies/:docId/at',
  policyDiff: '/api/incidents/:id/policies/:docId/diff',
  sectionHistory: '/api/incidents/:id/policies/:docId/sections/:sectionId',
  sectionCitation: '/api/incidents/:id/policies/:docId/sections/:sectionId/citation',
  export: '/api/incidents/:id/export/:format',
} as const;

/** Fills `:name` parameters of an `API_PATHS` entry, URL-encoding each value. */
export function apiPath(path: string, params: Record<string, string>): string {
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined) throw new Error(`apiPath: missing parameter "${name}" for ${path}`);
    return encodeURIComponent(v);
  });
}

// ---------- import ----------
/** `POST /api/import` (client to server): a bundle's files by name, as `GET .../export/bundle` gives them. */
export const BundleImport = z.object({ files: z.record(z.string(), z.string()) });
export type BundleImport = z.infer<typeof BundleImport>;
/** The reply to `POST /api/import`: what was added. */
export const ImportResult = z.object({
  incidentId: z.string(),
  itemsAdded: z.number().int(),
  itemsExisting: z.number().int(),
  policyVersionsAdded: z.number().int(),
  editsAdded: z.number().int(),
});
export type ImportResult = z.infer<typeof ImportResult>;
