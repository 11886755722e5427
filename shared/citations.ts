/**
 * Citation formatting for items (posts, statements), claims and policy sections, in Markdown, CSL-JSON,
 * BibTeX and plain text. Pure: the same input always gives the same output; the server and the
 * extension both use it. Times are ISO 8601 strings and are printed in UTC.
 */
import type { Platform } from './types';

export interface CitationSet {
  markdown: string;
  'csl-json': Record<string, unknown>;
  bibtex: string;
  text: string;
}

export interface ItemCitationInput {
  id: string;
  platform: Platform;
  url: string | null;
  author: { handle: string; name?: string | null };
  createdAt: string;
  text: string;
  /** When the reader accessed it (default: the caller's now). */
  accessed: string;
}

export interface PolicyCitationInput {
  documentId: string;
  documentTitle: string;
  url: string;
  /** The organisation that publishes the document (the vendor). */
  publisher: string;
  sectionId: string;
  heading: string;
  text: string;
  /** When the version quoted was retrieved. */
  retrievedAt: string;
  /** A Wayback (or other archive) URL of that version, where one is known. */
  archivedUrl: string | null;
  accessed: string;
}

export interface ClaimCitationInput {
  incidentId: string;
  incidentTitle: string;
  claimId: string;
  label: string;
  firstSeen: string | null;
  /** Where the first appearance can be read (the earliest claim item's URL), if known. */
  firstUrl: string | null;
  items: number;
  accessed: string;
}

const PLATFORM_NAMES: Record<Platform, string> = {
  bluesky: 'Bluesky',
  x: 'X',
  threads: 'Threads',
  mastodon: 'Mastodon',
  hn: 'Hacker News',
  news: 'News',
  blog: 'Blog',
  other: 'Web',
};

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const BIB_MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** `16 May 2024` (UTC). */
export function longDate(iso: string): string {
  const d = new Date(iso);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** `2024-05-16` (UTC). */
export function isoDay(iso: string): string {
  return new Date(iso).toISOString().slice(0, 10);
}

function dateParts(iso: string): { 'date-parts': number[][] } {
  const d = new Date(iso);
  return { 'date-parts': [[d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()]] };
}

/** The first words of a text, at most `max` characters, cut at a word boundary with an ellipsis. */
export function firstWords(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return (space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.!?-]+$/, '') + '\u2026';
}

/** Escapes Markdown's inline syntax (emphasis, code, links, HTML, tables) so the text shows as written. */
export function escapeMarkdown(s: string): string {
  return s.replace(/([\\`*_[\]<>|~])/g, '\\$1').replace(/^([#>+-]|\d+\.)(?=\s)/gm, '\\$1');
}

/** Escapes BibTeX's special characters. */
export function escapeBibtex(s: string): string {
  return s.replace(/[\\{}&%$#_~^]/g, (c) =>
    c === '\\' ? '\\textbackslash{}' : c === '~' ? '\\textasciitilde{}' : c === '^' ? '\\textasciicircum{}' : `\\${c}`,
  );
}

/** A citation key of letters, digits and `-`: `<name>-<year>-<suffix>`. */
export function bibKey(...parts: string[]): string {
  return parts
    .map((p) => p.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, ''))
    .filter(Boolean)
    .join('-')
    .toLowerCase();
}

function bibtexEntry(type: string, key: string, fields: [string, string | null | undefined][]): string {
  const lines = fields.filter(([, v]) => v != null && v !== '').map(([k, v]) => `  ${k} = {${v}}`);
  return `@${type}{${key},\n${lines.join(',\n')}\n}`;
}

function authorName(a: { handle: string; name?: string | null }): string {
  return a.name && a.name.trim() ? a.name.trim() : a.handle;
}

function cslType(p: Platform): string {
  return p === 'news' ? 'article-newspaper' : p === 'blog' ? 'post-weblog' : p === 'other' ? 'webpage' : 'post';
}

/** Citation of one post or statement: author, platform, date, first words, URL, access date. */
export function citeItem(x: ItemCitationInput): CitationSet {
  const name = authorName(x.author);
  const who = name === x.author.handle ? `@${x.author.handle}` : `${name} (@${x.author.handle})`;
  const title = firstWords(x.text);
  const platform = PLATFORM_NAMES[x.platform];
  const when = longDate(x.createdAt);
  const accessed = longDate(x.accessed);
  const text = `${who}. \u201c${title}\u201d ${platform}, ${when}.${x.url ? ` ${x.url}` : ''} (accessed ${accessed}).`;
  const markdown = `${escapeMarkdown(who)}. \u201c${escapeMarkdown(title)}\u201d *${platform}*, ${when}.${x.url ? ` <${x.url}>` : ''} (accessed ${accessed}).`;
  const csl: Record<string, unknown> = {
    id: x.id,
    type: cslType(x.platform),
    title,
    author: [{ literal: name }],
    'container-title': platform,
    issued: dateParts(x.createdAt),
    accessed: dateParts(x.accessed),
  };
  if (x.url) csl.URL = x.url;
  if (name !== x.author.handle) csl.note = `@${x.author.handle}`;
  const d = new Date(x.createdAt);
  const bibtex = bibtexEntry('misc', bibKey(x.author.handle, String(d.getUTCFullYear()), x.id), [
    ['author', `{${escapeBibtex(name)}}`],
    ['title', escapeBibtex(title)],
    ['howpublished', x.url ? `\\url{${x.url}}` : platform],
    ['year', String(d.getUTCFullYear())],
    ['month', BIB_MONTHS[d.getUTCMonth()]],
    ['note', escapeBibtex(`${platform} post by @${x.author.handle}, ${isoDay(x.createdAt)}. Accessed ${isoDay(x.accessed)}`)],
    ['url', x.url],
    ['urldate', isoDay(x.accessed)],
  ]);
  return { markdown, 'csl-json': csl, bibtex, text };
}

/** Citation of a policy section: the document, the version's retrieval date, the section, the quoted passage, an archived URL. */
export function citePolicySection(x: PolicyCitationInput): CitationSet {
  const retrieved = longDate(x.retrievedAt);
  const accessed = longDate(x.accessed);
  const section = `section \u201c${x.heading}\u201d (${x.sectionId})`;
  const archived = x.archivedUrl ? ` Archived at ${x.archivedUrl}.` : '';
  const text =
    `${x.publisher}. \u201c${x.documentTitle}\u201d, ${section}, version retrieved ${retrieved}. ${x.url} (accessed ${accessed}).${archived}\n` +
    `\u201c${x.text}\u201d`;
  const quote = x.text
    .split(/\n/)
    .map((l) => `> ${escapeMarkdown(l)}`)
    .join('\n');
  const markdown =
    `${escapeMarkdown(x.publisher)}. \u201c${escapeMarkdown(x.documentTitle)}\u201d, ${escapeMarkdown(section)}, version retrieved ${retrieved}. <${x.url}> (accessed ${accessed}).` +
    `${x.archivedUrl ? ` Archived at <${x.archivedUrl}>.` : ''}\n\n${quote}`;
  const csl: Record<string, unknown> = {
    id: `${x.documentId}#${x.sectionId}@${isoDay(x.retrievedAt)}`,
    type: 'webpage',
    title: x.documentTitle,
    'container-title': x.publisher,
    author: [{ literal: x.publisher }],
    section: `${x.heading} (${x.sectionId})`,
    issued: dateParts(x.retrievedAt),
    accessed: dateParts(x.accessed),
    URL: x.archivedUrl ?? x.url,
    note: `Version retrieved ${isoDay(x.retrievedAt)}; original URL ${x.url}. Quote: \u201c${x.text}\u201d`,
  };
  const d = new Date(x.retrievedAt);
  const bibtex = bibtexEntry('misc', bibKey(x.publisher, String(d.getUTCFullYear()), x.documentId, x.sectionId), [
    ['author', `{${escapeBibtex(x.publisher)}}`],
    ['title', escapeBibtex(`${x.documentTitle}: ${x.heading}`)],
    ['howpublished', `\\url{${x.archivedUrl ?? x.url}}`],
    ['year', String(d.getUTCFullYear())],
    ['month', BIB_MONTHS[d.getUTCMonth()]],
    ['note', escapeBibtex(`Section ${x.sectionId}, version retrieved ${isoDay(x.retrievedAt)}. Quote: \u201c${x.text}\u201d. Accessed ${isoDay(x.accessed)}`)],
    ['url', x.archivedUrl ?? x.url],
    ['urldate', isoDay(x.accessed)],
  ]);
  return { markdown, 'csl-json': csl, bibtex, text };
}

/** Citation of a claim as tracked in an incident: its label, first appearance and size. */
export function citeClaim(x: ClaimCitationInput): CitationSet {
  const first = x.firstSeen ? `first seen ${longDate(x.firstSeen)}` : 'first appearance unknown';
  const accessed = longDate(x.accessed);
  const n = `${x.items} item${x.items === 1 ? '' : 's'}`;
  const text = `\u201c${x.label}\u201d. Claim in \u201c${x.incidentTitle}\u201d, ${first}, ${n}.${x.firstUrl ? ` ${x.firstUrl}` : ''} (accessed ${accessed}).`;
  const markdown = `\u201c${escapeMarkdown(x.label)}\u201d. Claim in \u201c${escapeMarkdown(x.incidentTitle)}\u201d, ${first}, ${n}.${x.firstUrl ? ` <${x.firstUrl}>` : ''} (accessed ${accessed}).`;
  const csl: Record<string, unknown> = {
    id: `${x.incidentId}/${x.claimId}`,
    type: 'post',
    title: x.label,
    'container-title': x.incidentTitle,
    accessed: dateParts(x.accessed),
  };
  if (x.firstSeen) csl.issued = dateParts(x.firstSeen);
  if (x.firstUrl) csl.URL = x.firstUrl;
  const year = x.firstSeen ? String(new Date(x.firstSeen).getUTCFullYear()) : null;
  const bibtex = bibtexEntry('misc', bibKey(x.incidentId, x.claimId), [
    ['title', escapeBibtex(x.label)],
    ['howpublished', x.firstUrl ? `\\url{${x.firstUrl}}` : escapeBibtex(x.incidentTitle)],
    ['year', year],
    ['note', escapeBibtex(`Claim in \u201c${x.incidentTitle}\u201d, ${first}, ${n}. Accessed ${isoDay(x.accessed)}`)],
    ['url', x.firstUrl],
    ['urldate', isoDay(x.accessed)],
  ]);
  return { markdown, 'csl-json': csl, bibtex, text };
}
