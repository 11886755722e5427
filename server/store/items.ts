import type { Item, ItemExtra } from '../../shared/types';
import type { Db } from './db';
import { parseJson, toJson } from './json';

/** An item with what Claimline keeps beside the bundle fields. */
export type StoredItem = Item & ItemExtra;

export interface InsertResult {
  /** Ids of the items that were new. */
  added: string[];
  /** How many were already there (same id, URL or source id). */
  existing: number;
}

const INSERT_SQL = `INSERT OR IGNORE INTO items
  (incident_id, id, platform, url, source_id, author_handle, author_name, created_at, indexed_at, text, lang,
   reply_to, quote_of, engagement, raw, provenance, seq)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** The row values of an item, in the column order of INSERT_SQL. */
export function itemRow(incidentId: string, item: StoredItem, seq: number): unknown[] {
  return [
    incidentId,
    item.id,
    item.platform,
    item.url,
    item.sourceId ?? null,
    item.author.handle,
    item.author.name ?? null,
    item.createdAt,
    item.indexedAt ?? null,
    item.text,
    item.lang,
    item.replyTo,
    item.quoteOf,
    toJson(item.engagement),
    toJson(item.raw),
    toJson(item.provenance),
    seq,
  ];
}

/**
 * Inserts items into an incident. An item whose id, URL or source id the incident already holds is the same
 * item and is left as it is, so inserting twice changes nothing. Call inside a transaction for speed.
 */
export function insertItems(db: Db, incidentId: string, items: Iterable<StoredItem>): InsertResult {
  const insert = db.prepare(INSERT_SQL);
  let seq = (db.prepare('SELECT coalesce(max(seq), 0) AS s FROM items WHERE incident_id = ?').get(incidentId) as { s: number }).s;
  const added: string[] = [];
  let existing = 0;
  db.transaction(() => {
    for (const item of items) {
      if (insert.run(...itemRow(incidentId, item, seq + 1)).changes > 0) {
        seq++;
        added.push(item.id);
      } else existing++;
    }
  })();
  return { added, existing };
}

export interface ItemRow {
  id: string;
  platform: string;
  url: string | null;
  source_id: string | null;
  author_handle: string;
  author_name: string | null;
  created_at: string;
  indexed_at: string | null;
  text: string;
  lang: string | null;
  reply_to: string | null;
  quote_of: string | null;
  engagement: string | null;
  raw: string | null;
  provenance: string | null;
}

/** The columns that hold an item's bundle fields, for queries that need no more. */
export const ITEM_FIELDS = 'id, platform, url, author_handle, author_name, created_at, text, lang, reply_to, quote_of';

/** A row with the bundle fields only. */
export type ItemFieldsRow = Pick<ItemRow, 'id' | 'platform' | 'url' | 'author_handle' | 'author_name' | 'created_at' | 'text' | 'lang' | 'reply_to' | 'quote_of'>;

/** The bundle fields of a stored item row. */
export function itemFromRow(r: ItemFieldsRow): Item {
  return {
    id: r.id,
    platform: r.platform as Item['platform'],
    url: r.url,
    author: { handle: r.author_handle, name: r.author_name },
    createdAt: r.created_at,
    text: r.text,
    replyTo: r.reply_to,
    quoteOf: r.quote_of,
    lang: r.lang,
  };
}

/** What Claimline keeps beyond the bundle fields, only the parts that are set. */
export function extraFromRow(r: ItemRow): ItemExtra {
  const extra: ItemExtra = {};
  if (r.source_id != null) extra.sourceId = r.source_id;
  if (r.indexed_at != null) extra.indexedAt = r.indexed_at;
  if (r.engagement != null) extra.engagement = parseJson(r.engagement, null);
  if (r.provenance != null) extra.provenance = parseJson(r.provenance, null);
  if (r.raw != null) extra.raw = parseJson(r.raw, null);
  return extra;
}

/** Every item of an incident in the order they arrived (the bundle's order for an imported bundle). */
export function readItems(db: Db, incidentId: string): StoredItem[] {
  const rows = db.prepare('SELECT * FROM items WHERE incident_id = ? ORDER BY seq').all(incidentId) as ItemRow[];
  return rows.map((r) => ({ ...itemFromRow(r), ...extraFromRow(r) }));
}


/** The id of the item the incident holds under this id, URL or source id, if any. */
export function findItemId(db: Db, incidentId: string, key: { id?: string; url?: string | null; sourceId?: string | null }): string | undefined {
  const row = db
    .prepare(
      `SELECT id FROM items WHERE incident_id = ? AND (id = ? OR (url IS NOT NULL AND url = ?) OR (source_id IS NOT NULL AND source_id = ?)) LIMIT 1`,
    )
    .get(incidentId, key.id ?? null, key.url ?? null, key.sourceId ?? null) as { id: string } | undefined;
  return row?.id;
}
