import type { TimelineItem, TimelinePolicyEvent } from '../../shared/api';
import type { Platform, Role } from '../../shared/types';
import type { Statement } from 'better-sqlite3';
import type { Db } from './db';

export interface TimelineFilter {
  roles?: Role[];
  /** A claim id, or null for items in no claim. */
  claim?: string | null;
  platforms?: Platform[];
  author?: string;
  since?: string;
  until?: string;
  /** Already-escaped FTS5 query (see `ftsQuery`). */
  match?: string;
}

export interface Position {
  createdAt: string;
  id: string;
}

export interface TimelineRow {
  id: string;
  platform: string;
  url: string | null;
  author_handle: string;
  author_name: string | null;
  created_at: string;
  text: string;
  lang: string | null;
  reply_to: string | null;
  quote_of: string | null;
  engagement: string | null;
  role: string | null;
  claim_id: string | null;
  role_reason: string | null;
  claim_reason: string | null;
  label: string | null;
}

export const ITEM_COLUMNS = `i.id, i.platform, i.url, i.author_handle, i.author_name, i.created_at, i.text, i.lang, i.reply_to, i.quote_of,
  i.engagement, a.role, a.claim_id, a.role_reason, a.claim_reason, c.label`;
export const ITEM_JOINS = `LEFT JOIN item_analysis a ON a.incident_id = i.incident_id AND a.item_id = i.id
  LEFT JOIN claims c ON c.incident_id = a.incident_id AND c.id = a.claim_id`;
// Timeline pages leave out the claim label (the caller adds it from a map of the few claims): one lookup less per row.
const PAGE_COLUMNS = ITEM_COLUMNS.replace(', c.label', ', NULL AS label');
const PAGE_JOINS = 'LEFT JOIN item_analysis a ON a.incident_id = i.incident_id AND a.item_id = i.id';

/** The claims' labels of an incident, by id. */
export function claimLabels(db: Db, incidentId: string): Map<string, string> {
  return new Map((cached(db, 'SELECT id, label FROM claims WHERE incident_id = ?').all(incidentId) as { id: string; label: string }[]).map((r) => [r.id, r.label]));
}

const statements = new WeakMap<Db, Map<string, Statement>>();

/** A prepared statement for this SQL, compiled once per connection (timeline queries vary only in their filters). */
export function cached(db: Db, sql: string): Statement {
  let m = statements.get(db);
  if (!m) statements.set(db, (m = new Map()));
  let st = m.get(sql);
  if (!st) {
    if (m.size > 500) m.clear();
    m.set(sql, (st = db.prepare(sql)));
  }
  return st;
}

/** A timeline row as the API returns it; `labels` supplies claim labels the row left out. */
export function timelineItem(r: TimelineRow, labels?: Map<string, string>): TimelineItem {
  return {
    kind: 'item',
    id: r.id,
    platform: r.platform as Platform,
    url: r.url,
    author: { handle: r.author_handle, name: r.author_name },
    createdAt: r.created_at,
    text: r.text,
    lang: r.lang,
    replyTo: r.reply_to,
    quoteOf: r.quote_of,
    role: r.role as Role | null,
    claim: r.claim_id,
    claimLabel: r.label ?? (r.claim_id !== null ? (labels?.get(r.claim_id) ?? null) : null),
    reason: r.role_reason,
    claimReason: r.claim_reason,
    engagement: r.engagement ? (JSON.parse(r.engagement) as Record<string, number>) : null,
  };
}

/**
 * Turns what a user typed into an FTS5 query that searches it literally: every run of letters and digits
 * becomes a quoted term, so quotes, `*`, `:`, `^`, parentheses, AND/OR/NOT/NEAR are never syntax.
 * Returns null when nothing searchable is left (the filter then matches nothing).
 */
export function ftsQuery(input: string): string | null {
  const words = input.normalize('NFKC').match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];
  if (words.length === 0) return null;
  return words.map((w) => `"${w.replace(/"/g, '""')}"`).join(' ');
}

/** One page of an incident's items in time order (then id), after `after`, with the filters applied. */
export function timelinePage(db: Db, incidentId: string, f: TimelineFilter, after: Position | null, limit: number): TimelineRow[] {
  const where: string[] = ['i.incident_id = ?'];
  const args: unknown[] = [incidentId];
  if (after) {
    where.push('(i.created_at, i.id) > (?, ?)');
    args.push(after.createdAt, after.id);
  }
  if (f.since) {
    where.push('i.created_at >= ?');
    args.push(f.since);
  }
  if (f.until) {
    where.push('i.created_at < ?');
    args.push(f.until);
  }
  attributeFilters(f, where, args);
  if (f.match) {
    where.push('i.rowid IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?)');
    args.push(f.match);
  }
  const sql = `SELECT ${PAGE_COLUMNS} FROM items i ${PAGE_JOINS}
    WHERE ${where.join(' AND ')} ORDER BY i.created_at, i.id LIMIT ?`;
  args.push(limit);
  return cached(db, sql).all(...args) as TimelineRow[];
}

/** Opaque cursor for the position after an item. */
export function encodeCursor(p: Position): string {
  return Buffer.from(JSON.stringify([p.createdAt, p.id])).toString('base64url');
}

/** The position a cursor stands for, or null when it is not one of ours. */
export function decodeCursor(cursor: string): Position | null {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string') return { createdAt: v[0], id: v[1] };
  } catch {
    // fall through
  }
  return null;
}

/** Policy versions as timeline events in (after, upTo], oldest first; `changedSections` against the previous version. */
export function policyEvents(db: Db, incidentId: string, range: { after?: string; from?: string; upTo?: string; until?: string }): TimelinePolicyEvent[] {
  const rows = db
    .prepare(
      `SELECT v.id, v.document_id, v.retrieved_at, d.title FROM policy_versions v
       JOIN policy_documents d ON d.incident_id = v.incident_id AND d.id = v.document_id
       WHERE v.incident_id = ? ORDER BY v.document_id, v.retrieved_at`,
    )
    .all(incidentId) as { id: number; document_id: string; retrieved_at: string; title: string }[];
  const sections = db.prepare('SELECT section_id, heading, text FROM policy_sections WHERE version_id = ?');
  const out: TimelinePolicyEvent[] = [];
  let prev: { doc: string; map: Map<string, string> } | null = null;
  for (const r of rows) {
    const inRange =
      (range.after === undefined || r.retrieved_at > range.after) &&
      (range.from === undefined || r.retrieved_at >= range.from) &&
      (range.upTo === undefined || r.retrieved_at <= range.upTo) &&
      (range.until === undefined || r.retrieved_at < range.until);
    const first = !prev || prev.doc !== r.document_id;
    const map = new Map(
      (sections.all(r.id) as { section_id: string; heading: string; text: string }[]).map((s) => [s.section_id, `${s.heading}\u0000${s.text}`]),
    );
    if (inRange) {
      const changed: string[] = [];
      if (!first) {
        for (const [id, t] of map) if (prev!.map.get(id) !== t) changed.push(id);
        for (const id of prev!.map.keys()) if (!map.has(id)) changed.push(id);
      }
      out.push({ kind: 'policy', documentId: r.document_id, title: r.title, createdAt: r.retrieved_at, first, changedSections: changed });
    }
    prev = { doc: r.document_id, map };
  }
  return out.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.documentId < b.documentId ? -1 : 1));
}

/** An item matching a text query: its place in time order and its rowid. */
export interface TextHit {
  t: string;
  id: string;
  rowid: number;
}

/** Above this many matches a text query is not kept in memory; the page is found by SQL alone. */
export const TEXT_HITS_MAX = 200_000;

/** Every item of the incident matching an FTS query, in time order; null when there are too many to keep. */
export function textHits(db: Db, incidentId: string, match: string): TextHit[] | null {
  const n = (db.prepare('SELECT count(*) AS n FROM items_fts WHERE items_fts MATCH ?').get(match) as { n: number }).n;
  if (n > TEXT_HITS_MAX) return null;
  return db
    .prepare(
      `SELECT i.created_at AS t, i.id, i.rowid FROM items i WHERE i.rowid IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?)
       AND i.incident_id = ? ORDER BY i.created_at, i.id`,
    )
    .all(match, incidentId) as TextHit[];
}

/**
 * A timeline page among known text hits: from the position after `after` (and at or after `since`, before
 * `until`), rows are fetched in batches by rowid and the other filters applied in SQL until the page is full.
 */
export function timelinePageFromHits(db: Db, incidentId: string, hits: TextHit[], f: TimelineFilter, after: Position | null, limit: number): TimelineRow[] {
  const below = (h: TextHit, t: string, id: string | null) => h.t < t || (id !== null && h.t === t && h.id <= id);
  // First hit strictly after the cursor and at or after `since`.
  let lo = 0;
  let hi = hits.length;
  const bound = (t: string, id: string | null) => {
    let a = 0;
    let b = hits.length;
    while (a < b) {
      const m = (a + b) >> 1;
      if (below(hits[m]!, t, id)) a = m + 1;
      else b = m;
    }
    return a;
  };
  if (after) lo = Math.max(lo, bound(after.createdAt, after.id));
  if (f.since) lo = Math.max(lo, bound(f.since, null));
  if (f.until) hi = Math.min(hi, bound(f.until, null));
  const { match: _match, since: _since, until: _until, ...rest } = f;
  const out: TimelineRow[] = [];
  let batch = Math.max(limit, 256);
  for (let p = lo; p < hi && out.length < limit; p += batch, batch *= 2) {
    const ids = hits.slice(p, Math.min(hi, p + batch)).map((h) => h.rowid);
    const rows = filteredByRowids(db, incidentId, rest, ids);
    for (const r of rows) {
      out.push(r);
      if (out.length >= limit) break;
    }
  }
  return out;
}

/** Adds the role, claim, platform and author filters to a query's conditions and arguments. */
function attributeFilters(f: Pick<TimelineFilter, 'roles' | 'claim' | 'platforms' | 'author'>, where: string[], args: unknown[]): void {
  if (f.roles?.length) {
    where.push(`a.role IN (${f.roles.map(() => '?').join(',')})`);
    args.push(...f.roles);
  }
  if (f.claim !== undefined) {
    if (f.claim === null) where.push('a.claim_id IS NULL');
    else {
      where.push('a.claim_id = ?');
      args.push(f.claim);
    }
  }
  if (f.platforms?.length) {
    where.push(`i.platform IN (${f.platforms.map(() => '?').join(',')})`);
    args.push(...f.platforms);
  }
  if (f.author) {
    where.push('i.author_handle = ?');
    args.push(f.author);
  }
}

function filteredByRowids(db: Db, incidentId: string, f: Omit<TimelineFilter, 'match' | 'since' | 'until'>, rowids: number[]): TimelineRow[] {
  const where: string[] = ['i.incident_id = ?', 'i.rowid IN (SELECT value FROM json_each(?))'];
  const args: unknown[] = [incidentId, JSON.stringify(rowids)];
  attributeFilters(f, where, args);
  return cached(db, `SELECT ${PAGE_COLUMNS} FROM items i ${PAGE_JOINS} WHERE ${where.join(' AND ')} ORDER BY i.created_at, i.id`).all(...args) as TimelineRow[];
}
