/** One CSV cell (RFC 4180): quoted when needed; a leading =, +, -, @ is prefixed with ' so spreadsheets do not run it as a formula. */
export function csvCell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const ITEM_CSV_COLUMNS = [
  'id',
  'created_at',
  'platform',
  'author_handle',
  'author_name',
  'url',
  'role',
  'claim',
  'claim_label',
  'reply_to',
  'quote_of',
  'lang',
  'text',
] as const;

export type ItemCsvRow = Record<(typeof ITEM_CSV_COLUMNS)[number], string | number | null>;

/** The CSV text of items, header first, CRLF line ends, in chunks of lines. */
export function* itemsCsv(rows: Iterable<ItemCsvRow>, chunk = 1000): Generator<string> {
  let buf = ITEM_CSV_COLUMNS.join(',') + '\r\n';
  let n = 0;
  for (const r of rows) {
    buf += ITEM_CSV_COLUMNS.map((c) => csvCell(r[c])).join(',') + '\r\n';
    if (++n % chunk === 0) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}
