/**
 * The incident bundle format (../shared/eval/FORMAT.md, v1) and Claimline's own `claimline.json` beside it:
 * schemas and a pure validator that reports file, line and field for the first problem it meets.
 */
import { z } from 'zod';
import { PLATFORMS, ROLES, VERDICTS } from './types';
import type { Bundle, BundleExtras, Incident, Item, PolicyDocument } from './types';

/** The files of a bundle, by name. */
export const BUNDLE_FILES = {
  incident: 'incident.json',
  policies: 'policies.json',
  items: 'items.jsonl',
  extras: 'claimline.json',
} as const;

/** Longest item text accepted, in characters: long news articles fit, a pasted dump does not. */
export const MAX_TEXT_CHARS = 200_000;

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Whether s is an ISO 8601 date-time with a zone that names a real moment (no 30 February, no hour 25). */
export function isRealIsoDate(s: string): boolean {
  const m = ISO.exec(s);
  if (!m) return false;
  const [y, mo, d, h, mi, se] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as number[];
  if (mo! < 1 || mo! > 12 || h! > 23 || mi! > 59 || se! > 59) return false;
  const days = new Date(Date.UTC(y!, mo!, 0)).getUTCDate();
  return d! >= 1 && d! <= days;
}

const isoDate = z.string().refine(isRealIsoDate, { message: 'is not a real ISO 8601 date-time with a time zone (e.g. 2024-05-16T14:02:00Z)' });
const nonEmpty = z.string().trim().min(1, { message: 'must not be empty' });
const httpUrl = z.string().refine((s) => /^https?:\/\/[^\s]+$/i.test(s), { message: 'must be an http(s) URL' });
const id = z
  .string()
  .min(1, { message: 'must not be empty' })
  .max(300, { message: 'is longer than 300 characters' })
  .refine((s) => !/[\s]/.test(s), { message: 'must not contain white space' });

export const incidentSchema = z
  .object({
    id: id.refine((s) => /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(s), { message: 'may hold only letters, digits, ".", "_" and "-"' }),
    title: nonEmpty,
    vendor: z.object({
      name: nonEmpty,
      domains: z.array(nonEmpty),
      handles: z.array(nonEmpty),
    }),
    keywords: z.array(nonEmpty),
    start: isoDate,
    end: isoDate,
    note: z.string().optional(),
  })
  .refine((i) => Date.parse(i.start) < Date.parse(i.end), { message: 'start must be before end', path: ['end'] });

const sectionSchema = z.object({ id, heading: z.string(), text: z.string() });
const versionSchema = z.object({
  retrievedAt: isoDate,
  sections: z.array(sectionSchema).superRefine((sections, ctx) => {
    const seen = new Set<string>();
    sections.forEach((s, i) => {
      if (seen.has(s.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `repeats section id "${s.id}"` });
      seen.add(s.id);
    });
  }),
});
export const policyDocumentSchema = z.object({
  id,
  title: nonEmpty,
  url: httpUrl,
  selector: z.string().nullable().optional(),
  versions: z.array(versionSchema).min(1, { message: 'must hold at least one version' }),
});
export const policiesSchema = z.array(policyDocumentSchema);

export const itemSchema = z.object({
  id,
  platform: z.enum(PLATFORMS),
  url: httpUrl.nullable().optional().transform((v) => v ?? null),
  author: z.object({ handle: nonEmpty, name: z.string().nullable().optional() }),
  createdAt: isoDate,
  text: z.string().max(MAX_TEXT_CHARS, { message: `is longer than ${MAX_TEXT_CHARS.toLocaleString('en')} characters` }),
  replyTo: id.nullable().optional().transform((v) => v ?? null),
  quoteOf: id.nullable().optional().transform((v) => v ?? null),
  lang: z.string().nullable().optional().transform((v) => v ?? null),
});

const sourceConfigSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('bluesky-search'), query: nonEmpty }),
  z.object({ kind: z.literal('bluesky-account'), handle: nonEmpty }),
  z.object({ kind: z.literal('feed'), url: httpUrl }),
  z.object({ kind: z.literal('page'), url: httpUrl }),
  z.object({ kind: z.literal('policy'), id, url: httpUrl, selector: z.string().nullable().optional(), title: z.string().nullable().optional() }),
]);

export const overrideSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('role'), item: id, role: z.enum(ROLES) }),
  z.object({ kind: z.literal('move'), item: id, claim: id.nullable() }),
  z.object({ kind: z.literal('pin'), item: id, claim: id }),
  z.object({ kind: z.literal('unpin'), item: id, claim: id }),
  z.object({ kind: z.literal('merge'), claims: z.array(id).min(1), into: id }),
  z.object({ kind: z.literal('split'), claim: id, items: z.array(id).min(1), newClaim: id, label: z.string().optional() }),
  z.object({ kind: z.literal('rename'), claim: id, label: nonEmpty }),
  z.object({ kind: z.literal('link'), claim: id, section: nonEmpty, status: z.enum(['confirmed', 'rejected']) }),
]);

export const extrasSchema = z.object({
  format: z.literal('claimline-bundle-extras'),
  version: z.literal(1),
  sources: z.array(z.object({ id, config: sourceConfigSchema, createdAt: isoDate })),
  edits: z.array(z.object({ at: isoDate, edit: overrideSchema })),
  verdicts: z.array(z.object({ claim: id, verdict: z.enum(VERDICTS), note: z.string(), at: isoDate })),
  items: z.record(
    z.string(),
    z.object({
      sourceId: z.string().nullable().optional(),
      indexedAt: isoDate.nullable().optional(),
      engagement: z
        .object({ likes: z.number().optional(), reposts: z.number().optional(), replies: z.number().optional(), quotes: z.number().optional() })
        .nullable()
        .optional(),
      provenance: z
        .object({
          source: z.string(),
          query: z.string().nullable().optional(),
          window: z.object({ since: z.string().nullable().optional(), until: z.string().nullable().optional() }).nullable().optional(),
          collectedAt: isoDate,
        })
        .nullable()
        .optional(),
      raw: z.unknown().optional(),
    }),
  ),
});

/** A problem in a bundle, located to the file, line (for items.jsonl) and field. */
export class BundleError extends Error {
  override name = 'BundleError';
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly field: string | null,
    readonly problem: string,
  ) {
    super(`${file}${line != null ? ` line ${line}` : ''}${field ? `, field ${field}` : ''}: ${problem}`);
  }
}

function fieldPath(path: readonly PropertyKey[]): string | null {
  if (!path.length) return null;
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
}

function check<T>(schema: z.ZodType<T>, value: unknown, file: string, line: number | null): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field = fieldPath(issue.path);
  let message = issue.message;
  if (issue.code === 'invalid_type' && /received undefined/.test(message)) message = 'is missing';
  throw new BundleError(file, line, field, message);
}

function parseJsonFile(text: string, file: string, line: number | null): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new BundleError(file, line, null, `is not valid JSON (${(e as Error).message})`);
  }
}

/** The raw text of each bundle file; `extras` is absent when the bundle has no claimline.json. */
export interface BundleTexts {
  incident: string;
  policies: string;
  items: string;
  extras?: string | null;
}

/** Validates a whole bundle from its files' texts; throws BundleError at the first problem. */
export function parseBundle(texts: BundleTexts): Bundle {
  const incident = check(incidentSchema, parseJsonFile(texts.incident, BUNDLE_FILES.incident, null), BUNDLE_FILES.incident, null) as Incident;
  const policies = check(policiesSchema, parseJsonFile(texts.policies, BUNDLE_FILES.policies, null), BUNDLE_FILES.policies, null) as PolicyDocument[];
  const docIds = new Set<string>();
  policies.forEach((p, i) => {
    if (docIds.has(p.id)) throw new BundleError(BUNDLE_FILES.policies, null, `[${i}].id`, `repeats document id "${p.id}"`);
    docIds.add(p.id);
    p.versions.sort((a, b) => Date.parse(a.retrievedAt) - Date.parse(b.retrievedAt));
  });

  const items: Item[] = [];
  const lineOf = new Map<string, number>();
  const lines = texts.items.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!.trim();
    if (!text) continue;
    const item = check(itemSchema, parseJsonFile(text, BUNDLE_FILES.items, i + 1), BUNDLE_FILES.items, i + 1) as Item;
    const first = lineOf.get(item.id);
    if (first !== undefined) throw new BundleError(BUNDLE_FILES.items, i + 1, 'id', `repeats the id "${item.id}" of line ${first}`);
    lineOf.set(item.id, i + 1);
    items.push(item);
  }
  for (const item of items) {
    for (const key of ['replyTo', 'quoteOf'] as const) {
      const parent = item[key];
      if (parent !== null && !lineOf.has(parent)) {
        throw new BundleError(BUNDLE_FILES.items, lineOf.get(item.id)!, key, `names "${parent}", which is not an item of this bundle`);
      }
    }
  }

  const bundle: Bundle = { incident, policies, items };
  if (texts.extras != null) {
    const extras = check(extrasSchema, parseJsonFile(texts.extras, BUNDLE_FILES.extras, null), BUNDLE_FILES.extras, null) as BundleExtras;
    for (const itemId of Object.keys(extras.items)) {
      if (!lineOf.has(itemId)) throw new BundleError(BUNDLE_FILES.extras, null, `items.${itemId}`, 'names an item that is not in items.jsonl');
    }
    bundle.extras = extras;
  }
  return bundle;
}
