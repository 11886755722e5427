/**
 * Domain types shared by the server, the analysis engine and the extension.
 * Only JSON-safe values: times are ISO 8601 strings in UTC, never `Date`.
 */

export const PLATFORMS = ['bluesky', 'x', 'threads', 'mastodon', 'hn', 'news', 'blog', 'other'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const ROLES = ['claim', 'response', 'reaction', 'report', 'noise'] as const;
export type Role = (typeof ROLES)[number];

export const VERDICTS = ['supported', 'contradicted', 'partly_supported', 'not_addressed'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** The vendor whose data use the incident is about. */
export interface Vendor {
  name: string;
  /** Web domains the vendor owns, e.g. `slack.com`; incidents are grouped by these. */
  domains: string[];
  /** Accounts that speak for the vendor on any platform. */
  handles: string[];
}

/** An incident as in a bundle's `incident.json`. */
export interface Incident {
  id: string;
  title: string;
  vendor: Vendor;
  keywords: string[];
  start: string;
  end: string;
  /** Where the bundle's texts come from; shown wherever the incident is. */
  note?: string;
}

export interface Author {
  handle: string;
  name?: string | null;
}

/** One public post or statement, as a line of a bundle's `items.jsonl`. */
export interface Item {
  id: string;
  platform: Platform;
  url: string | null;
  author: Author;
  createdAt: string;
  text: string;
  replyTo: string | null;
  quoteOf: string | null;
  lang: string | null;
}

/** What Claimline keeps about an item beyond the bundle format (kept in `claimline.json` of a bundle). */
export interface ItemExtra {
  /** The source's own id, e.g. an at:// URI. */
  sourceId?: string | null;
  /** When the source indexed it (Bluesky `indexedAt`), apart from `createdAt`. */
  indexedAt?: string | null;
  engagement?: { likes?: number; reposts?: number; replies?: number; quotes?: number } | null;
  /** Which source found it, how, and when. */
  provenance?: Provenance | null;
  /** The raw record as the source gave it. */
  raw?: unknown;
}

export interface Provenance {
  source: string;
  query?: string | null;
  window?: { since?: string | null; until?: string | null } | null;
  collectedAt: string;
}

export interface PolicySection {
  id: string;
  heading: string;
  text: string;
}

export interface PolicyVersion {
  retrievedAt: string;
  sections: PolicySection[];
}

/** A policy document with its dated versions, as in a bundle's `policies.json`. */
export interface PolicyDocument {
  id: string;
  title: string;
  url: string;
  /** CSS selector for the relevant text when the document is fetched (Claimline extension of the format). */
  selector?: string | null;
  versions: PolicyVersion[];
}

/** `<policyId>#<sectionId>` */
export type SectionRef = string;

/** Seeds: an analyst's pinned example items per claim label. */
export type Seeds = Record<string, string[]>;

/** A ranked link from a claim to a policy section. */
export interface PolicyLink {
  section: SectionRef;
  score: number;
  reason?: string;
  /** When the version shown was retrieved (the version in force at the claim's first appearance, or the one that introduced the section). */
  versionRetrievedAt?: string;
  /** The section text in that version. */
  text?: string;
  heading?: string;
  /** Where a later version changed the section: when, and the word-level change. */
  laterChange?: { retrievedAt: string; diff: DiffPart[] } | null;
  status?: 'auto' | 'confirmed' | 'rejected';
}

export interface DiffPart {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

/** One claim group in the analysis output. */
export interface AnalysisClaim {
  id: string;
  label: string;
  items: string[];
  policyLinks: PolicyLink[];
  firstSeen?: string;
  reason?: string;
}

export interface AnalysisItem {
  role: Role;
  claim: string | null;
  reason?: string;
  claimReason?: string;
}

/** The analysis output scored by ../shared/eval/score.mjs. */
export interface Analysis {
  claims: AnalysisClaim[];
  items: Record<string, AnalysisItem>;
}

/** An analyst's edit; edits are kept and win over re-analysis. */
export type Override =
  | { kind: 'role'; item: string; role: Role }
  | { kind: 'move'; item: string; claim: string | null }
  | { kind: 'pin'; item: string; claim: string }
  | { kind: 'unpin'; item: string; claim: string }
  | { kind: 'merge'; claims: string[]; into: string }
  | { kind: 'split'; claim: string; items: string[]; newClaim: string; label?: string }
  | { kind: 'rename'; claim: string; label: string }
  | { kind: 'link'; claim: string; section: SectionRef; status: 'confirmed' | 'rejected' };

export interface OverrideRecord {
  id?: number;
  at: string;
  edit: Override;
}

export interface VerdictRecord {
  claim: string;
  verdict: Verdict;
  note: string;
  at: string;
}

/** A source the collectors read for an incident. */
export type SourceConfig =
  | { kind: 'bluesky-search'; query: string }
  | { kind: 'bluesky-account'; handle: string }
  | { kind: 'feed'; url: string }
  | { kind: 'page'; url: string }
  | { kind: 'policy'; id: string; url: string; selector?: string | null; title?: string | null };

export interface SourceRecord {
  id: string;
  config: SourceConfig;
  createdAt: string;
}

/** Claimline's own file in a bundle (`claimline.json`), beside the four of the format. */
export interface BundleExtras {
  format: 'claimline-bundle-extras';
  version: 1;
  sources: SourceRecord[];
  edits: OverrideRecord[];
  verdicts: VerdictRecord[];
  items: Record<string, ItemExtra>;
}

/** A whole incident bundle in memory. */
export interface Bundle {
  incident: Incident;
  policies: PolicyDocument[];
  items: Item[];
  extras?: BundleExtras;
}
