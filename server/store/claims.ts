import type { ClaimDetail, ClaimSummary, PolicyLinkDetail, TimelineItem } from '../../shared/api';
import type { Db } from './db';
import { curationState } from './curation';
import { wordDiff } from './diff';
import { EARLIEST_KEPT, type IncidentStats, type StatsCache } from './stats';
import { cached, ITEM_COLUMNS, ITEM_JOINS, timelineItem, type TimelineRow } from './timeline';
import { verdictsOf } from './verdicts';

interface ClaimRow {
  id: string;
  label: string;
  first_seen: string | null;
  reason: string | null;
}

interface LinkRow {
  claim_id: string;
  rank: number;
  section_ref: string;
  score: number;
  version_id: number | null;
  reason: string | null;
}

/** One item with its role and claim, or undefined. */
export function itemById(db: Db, incidentId: string, id: string): TimelineItem | undefined {
  const r = cached(db, `SELECT ${ITEM_COLUMNS} FROM items i ${ITEM_JOINS} WHERE i.incident_id = ? AND i.id = ?`).get(incidentId, id) as TimelineRow | undefined;
  return r && timelineItem(r, undefined);
}

/** The claim row, or undefined. */
export function claimRow(db: Db, incidentId: string, claimId: string): ClaimRow | undefined {
  return db.prepare('SELECT id, label, first_seen, reason FROM claims WHERE incident_id = ? AND id = ?').get(incidentId, claimId) as ClaimRow | undefined;
}

function splitRef(ref: string): { doc: string; section: string } {
  const i = ref.lastIndexOf('#');
  return i < 0 ? { doc: ref, section: '' } : { doc: ref.slice(0, i), section: ref.slice(i + 1) };
}

/** A link with the section text in the version shown and, where a later version reworded it, the word-level change. */
function linkDetail(db: Db, incidentId: string, l: LinkRow, firstSeen: string | null, status: PolicyLinkDetail['status']): PolicyLinkDetail {
  const { doc, section } = splitRef(l.section_ref);
  const versions = db
    .prepare('SELECT id, retrieved_at FROM policy_versions WHERE incident_id = ? AND document_id = ? ORDER BY retrieved_at')
    .all(incidentId, doc) as { id: number; retrieved_at: string }[];
  const get = db.prepare('SELECT heading, text FROM policy_sections WHERE version_id = ? AND section_id = ?');
  const title = (db.prepare('SELECT title FROM policy_documents WHERE incident_id = ? AND id = ?').get(incidentId, doc) as { title: string } | undefined)?.title ?? null;
  let shownIdx = versions.findIndex((v) => v.id === l.version_id);
  if (shownIdx < 0) {
    // The version in force when the claim first appeared, else the first that has the section.
    const t = firstSeen ? Date.parse(firstSeen) : NaN;
    versions.forEach((v, i) => {
      if (Date.parse(v.retrieved_at) <= t && get.get(v.id, section)) shownIdx = i;
    });
    if (shownIdx < 0) shownIdx = versions.findIndex((v) => get.get(v.id, section));
  }
  const shown = shownIdx >= 0 ? (get.get(versions[shownIdx]!.id, section) as { heading: string; text: string } | undefined) : undefined;
  let laterChange: PolicyLinkDetail['laterChange'] = null;
  if (shown) {
    for (let i = versions.length - 1; i > shownIdx; i--) {
      const s = get.get(versions[i]!.id, section) as { heading: string; text: string } | undefined;
      const text = s?.text ?? '';
      if (text !== shown.text) {
        laterChange = { retrievedAt: versions[i]!.retrieved_at, diff: wordDiff(shown.text, text) };
        break;
      }
    }
  }
  return {
    section: l.section_ref,
    rank: l.rank,
    score: l.score,
    reason: l.reason,
    status,
    documentTitle: title,
    heading: shown?.heading ?? null,
    text: shown?.text ?? null,
    versionRetrievedAt: shownIdx >= 0 ? versions[shownIdx]!.retrieved_at : null,
    laterChange,
  };
}

function linksOf(db: Db, incidentId: string, claimId?: string): LinkRow[] {
  return (
    claimId
      ? db.prepare('SELECT * FROM policy_links WHERE incident_id = ? AND claim_id = ? ORDER BY rank').all(incidentId, claimId)
      : db.prepare('SELECT * FROM policy_links WHERE incident_id = ? ORDER BY claim_id, rank').all(incidentId)
  ) as LinkRow[];
}

function summary(
  row: ClaimRow,
  stats: ReturnType<StatsCache['get']>,
  verdicts: ReturnType<typeof verdictsOf>,
  links: PolicyLinkDetail[],
): ClaimSummary {
  const a = stats.byClaim.get(row.id);
  const firstSeen = row.first_seen ?? a?.firstSeen ?? null;
  const firstResponseAt = a?.firstResponseAt ?? null;
  const v = verdicts.get(row.id);
  return {
    id: row.id,
    label: row.label,
    reason: row.reason,
    items: a?.items ?? 0,
    claimItems: a?.claimItems ?? 0,
    firstSeen,
    peak: a?.peak ? { at: `${a.peak.hour}:00:00Z`, count: a.peak.count } : null,
    answered: firstResponseAt !== null,
    firstResponseAt,
    timeToResponseMs: firstResponseAt && firstSeen ? Math.max(0, Date.parse(firstResponseAt) - Date.parse(firstSeen)) : null,
    policyChanged: links.some((l) => l.status !== 'rejected' && l.laterChange !== null),
    verdict: v ? { verdict: v.verdict, note: v.note, at: v.at } : null,
  };
}

function detailedLinks(db: Db, incidentId: string, rows: LinkRow[], firstSeen: string | null, statuses: Map<string, 'confirmed' | 'rejected'>): PolicyLinkDetail[] {
  return rows.map((l) => linkDetail(db, incidentId, l, firstSeen, statuses.get(`${l.claim_id}\u0000${l.section_ref}`) ?? 'auto'));
}

/** Every claim of the incident with its stats, in order of first appearance. */
export function claimSummaries(db: Db, stats: StatsCache, incidentId: string): ClaimSummary[] {
  const s = stats.get(incidentId);
  const verdicts = verdictsOf(db, incidentId);
  const { links: statuses } = curationState(db, incidentId);
  const byClaim = new Map<string, LinkRow[]>();
  for (const l of linksOf(db, incidentId)) (byClaim.get(l.claim_id) ?? byClaim.set(l.claim_id, []).get(l.claim_id)!).push(l);
  const rows = db.prepare('SELECT id, label, first_seen, reason FROM claims WHERE incident_id = ?').all(incidentId) as ClaimRow[];
  return rows
    .map((r) => summary(r, s, verdicts, detailedLinks(db, incidentId, byClaim.get(r.id) ?? [], r.first_seen ?? s.byClaim.get(r.id)?.firstSeen ?? null, statuses)))
    .sort((a, b) => (a.firstSeen ?? '\uffff').localeCompare(b.firstSeen ?? '\uffff') || a.id.localeCompare(b.id));
}

/** The earliest items of a claim with a role: from the stats pass when it kept enough, else by query. */
function earliest(db: Db, stats: IncidentStats, incidentId: string, claimId: string, role: string, limit: number): TimelineItem[] {
  const kept = stats.earliest.get(`${claimId}\u0000${role}`) ?? [];
  if (limit <= EARLIEST_KEPT || kept.length < EARLIEST_KEPT) {
    const get = cached(db, `SELECT ${ITEM_COLUMNS} FROM items i ${ITEM_JOINS} WHERE i.incident_id = ? AND i.id = ?`);
    const out: TimelineItem[] = [];
    for (const id of kept.slice(0, limit)) {
      const r = get.get(incidentId, id) as TimelineRow | undefined;
      // An item re-placed since the stats were taken is skipped; the cache is rebuilt on the next change anyway.
      if (r && r.claim_id === claimId && r.role === role) out.push(timelineItem(r));
    }
    return out;
  }
  const sql = `SELECT ${ITEM_COLUMNS} FROM items i INDEXED BY items_time ${ITEM_JOINS}
    WHERE i.incident_id = ? AND a.claim_id = ? AND a.role = ? ORDER BY i.created_at, i.id LIMIT ?`;
  return (db.prepare(sql).all(incidentId, claimId, role, limit) as TimelineRow[]).map((r) => timelineItem(r));
}

/** One claim with its pinned and earliest items, the vendor's responses, reasons and policy links. */
export function claimDetail(db: Db, stats: StatsCache, incidentId: string, claimId: string, limit: number): ClaimDetail | undefined {
  const row = claimRow(db, incidentId, claimId);
  if (!row) return undefined;
  const s = stats.get(incidentId);
  const { pins, links: statuses } = curationState(db, incidentId);
  const firstSeen = row.first_seen ?? s.byClaim.get(claimId)?.firstSeen ?? null;
  const links = detailedLinks(db, incidentId, linksOf(db, incidentId, claimId), firstSeen, statuses);
  const pinned = pins.get(claimId) ?? [];
  const examples: TimelineItem[] = [];
  const seen = new Set<string>();
  for (const id of pinned) {
    const it = itemById(db, incidentId, id);
    if (it && examples.length < limit) {
      examples.push(it);
      seen.add(id);
    }
  }
  for (const it of earliest(db, s, incidentId, claimId, 'claim', limit)) {
    if (examples.length >= limit) break;
    if (!seen.has(it.id)) examples.push(it);
  }
  const responses = earliest(db, s, incidentId, claimId, 'response', limit);
  return { ...summary(row, s, verdictsOf(db, incidentId), links), pinned, examples, responses, policyLinks: links };
}
