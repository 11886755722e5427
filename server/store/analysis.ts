/** Runs the analysis engine on an incident in the store and writes the results back (claims, item_analysis, policy_links). */
import { analyzeWithState, placeIncremental, type EngineState } from '../analysis/index';
import type { Analysis, AnalysisClaim, AnalysisItem, Item, OverrideRecord, Override, Seeds } from '../../shared/types';
import type { Db } from './db';
import { getIncident } from './incidents';
import { ITEM_FIELDS, itemFromRow, type ItemFieldsRow } from './items';
import { readPolicies } from './policies';

/** Stage timings on stderr when CLAIMLINE_TIMING is set. */
function timer(): (stage: string) => void {
  if (!process.env.CLAIMLINE_TIMING) return () => {};
  let t = process.hrtime.bigint();
  return (stage) => {
    const now = process.hrtime.bigint();
    process.stderr.write(`analysis ${stage}: ${(Number(now - t) / 1e9).toFixed(2)} s\n`);
    t = now;
  };
}

/** The bundle fields of every item of an incident, in arrival order (only the columns the engine reads). */
export function readItemsForAnalysis(db: Db, incidentId: string): Item[] {
  const rows = db.prepare(`SELECT ${ITEM_FIELDS} FROM items WHERE incident_id = ? ORDER BY seq`).raw(true).all(incidentId) as unknown[][];
  return rows.map((r) => ({
    id: r[0] as string,
    platform: r[1] as Item['platform'],
    url: r[2] as string | null,
    author: { handle: r[3] as string, name: r[4] as string | null },
    createdAt: r[5] as string,
    text: r[6] as string,
    lang: r[7] as string | null,
    replyTo: r[8] as string | null,
    quoteOf: r[9] as string | null,
  }));
}

/** An incident's analyst edits, oldest first. */
export function readOverrides(db: Db, incidentId: string): OverrideRecord[] {
  const rows = db.prepare('SELECT id, at, edit FROM overrides WHERE incident_id = ? ORDER BY id').all(incidentId) as { id: number; at: string; edit: string }[];
  return rows.map((r) => ({ id: r.id, at: r.at, edit: JSON.parse(r.edit) as Override }));
}

/** Stores an analyst edit; it wins over every later re-analysis. */
export function addOverride(db: Db, incidentId: string, edit: Override, at = new Date().toISOString()): number {
  return Number(db.prepare('INSERT INTO overrides (incident_id, at, edit) VALUES (?, ?, ?)').run(incidentId, at, JSON.stringify(edit)).lastInsertRowid);
}

/** Analyses an incident from the store, replaces its stored results in one transaction, and returns the analysis. */
export function analyzeIncident(db: Db, incidentId: string, opts: { seeds?: Seeds } = {}): Analysis {
  const incident = getIncident(db, incidentId);
  if (!incident) throw new Error(`There is no incident "${incidentId}" in the store. Import its bundle first (claimline import <dir>).`);
  const lap = timer();
  const policies = readPolicies(db, incidentId);
  const items = readItemsForAnalysis(db, incidentId);
  const overrides = readOverrides(db, incidentId);
  lap('read');
  const { analysis, state } = analyzeWithState({
    incident,
    policies,
    items,
    overrides,
    ...(opts.seeds ? { seeds: opts.seeds } : {}),
  });
  lap('analyze');
  const perClaim = new Map<string, unknown>();
  for (const g of state.groups) if (g.claim && !perClaim.has(g.claim)) perClaim.set(g.claim, { prior: g.prior, centroid: g.centroid });
  db.transaction(() => {
    writeAnalysis(db, incidentId, analysis, perClaim);
    db.prepare('INSERT OR REPLACE INTO analysis_state (incident_id, state, updated_at) VALUES (?, ?, ?)').run(incidentId, JSON.stringify(state), new Date().toISOString());
  })();
  lap('write');
  return analysis;
}

/** Replaces an incident's stored analysis with `analysis`, in one transaction. */
export function writeAnalysis(db: Db, incidentId: string, analysis: Analysis, state?: Map<string, unknown>): void {
  const versionIds = new Map<string, number>();
  for (const r of db.prepare('SELECT id, document_id, retrieved_at FROM policy_versions WHERE incident_id = ?').all(incidentId) as {
    id: number;
    document_id: string;
    retrieved_at: string;
  }[])
    versionIds.set(`${r.document_id}\u0000${r.retrieved_at}`, r.id);
  db.transaction(() => {
    db.prepare('DELETE FROM policy_links WHERE incident_id = ?').run(incidentId);
    db.prepare('DELETE FROM item_analysis WHERE incident_id = ?').run(incidentId);
    db.prepare('DELETE FROM claims WHERE incident_id = ?').run(incidentId);
    const insClaim = db.prepare('INSERT INTO claims (incident_id, id, label, first_seen, reason, state) VALUES (?, ?, ?, ?, ?, ?)');
    const insLink = db.prepare(
      'INSERT INTO policy_links (incident_id, claim_id, rank, section_ref, score, version_id, reason) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    for (const c of analysis.claims) {
      insClaim.run(incidentId, c.id, c.label, c.firstSeen ?? null, c.reason ?? null, state?.has(c.id) ? JSON.stringify(state.get(c.id)) : null);
      c.policyLinks.forEach((l, rank) => {
        const doc = l.section.split('#')[0]!;
        const vid = l.versionRetrievedAt ? (versionIds.get(`${doc}\u0000${l.versionRetrievedAt}`) ?? null) : null;
        insLink.run(incidentId, c.id, rank, l.section, l.score, vid, l.reason ?? null);
      });
    }
    const insItem = db.prepare(
      'INSERT INTO item_analysis (incident_id, item_id, role, claim_id, role_reason, claim_reason) VALUES (?, ?, ?, ?, ?, ?)',
    );
    for (const [id, a] of Object.entries(analysis.items)) insItem.run(incidentId, id, a.role, a.claim, a.reason ?? null, a.claimReason ?? null);
  })();
}

/**
 * Places items added since the last full analysis into its claims without redoing the incident, and stores their
 * roles and claims. Returns the new items' analysis (with the claims that received them, listing only new items),
 * or nothing when the incident has no full analysis to extend yet (run `analyzeIncident` then).
 */
export function placeNewItems(db: Db, incidentId: string, itemIds: string[]): Analysis | void {
  const lap = timer();
  const row = db.prepare('SELECT state FROM analysis_state WHERE incident_id = ?').get(incidentId) as { state: string } | undefined;
  const incident = getIncident(db, incidentId);
  if (!row || !incident || !itemIds.length) return;
  const state = JSON.parse(row.state) as EngineState;
  const get = db.prepare(`SELECT ${ITEM_FIELDS} FROM items WHERE incident_id = ? AND id = ?`);
  const load = (ids: Iterable<string>) => {
    const out: Item[] = [];
    for (const id of ids) {
      const r = get.get(incidentId, id) as ItemFieldsRow | undefined;
      if (r) out.push(itemFromRow(r));
    }
    return out;
  };
  const items = load(new Set(itemIds));
  const fresh = new Set(items.map((i) => i.id));
  const contextIds = new Set<string>(state.discourse.sample);
  for (const it of items) for (const p of [it.replyTo, it.quoteOf]) if (p && !fresh.has(p)) contextIds.add(p);
  for (const id of fresh) contextIds.delete(id);
  const context = load(contextIds);
  const getA = db.prepare('SELECT role, claim_id FROM item_analysis WHERE incident_id = ? AND item_id = ?');
  const contextAnalysis: Record<string, AnalysisItem> = {};
  for (const it of context) {
    const a = getA.get(incidentId, it.id) as { role: AnalysisItem['role']; claim_id: string | null } | undefined;
    if (a) contextAnalysis[it.id] = { role: a.role, claim: a.claim_id };
  }
  lap('incremental read');
  const placed = placeIncremental({ incident, policies: readPolicies(db, incidentId), items, context, contextAnalysis, overrides: readOverrides(db, incidentId) }, state);
  lap('incremental place');
  const ins = db.prepare(
    'INSERT OR REPLACE INTO item_analysis (incident_id, item_id, role, claim_id, role_reason, claim_reason) VALUES (?, ?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    for (const [id, a] of Object.entries(placed)) ins.run(incidentId, id, a.role, a.claim, a.reason ?? null, a.claimReason ?? null);
  })();
  const claims = new Map<string, AnalysisClaim>();
  const getClaim = db.prepare('SELECT id, label, first_seen, reason FROM claims WHERE incident_id = ? AND id = ?');
  for (const [id, a] of Object.entries(placed)) {
    if (!a.claim) continue;
    if (!claims.has(a.claim)) {
      const c = getClaim.get(incidentId, a.claim) as { id: string; label: string; first_seen: string | null; reason: string | null } | undefined;
      if (!c) continue;
      claims.set(a.claim, { id: c.id, label: c.label, items: [], policyLinks: [], ...(c.first_seen ? { firstSeen: c.first_seen } : {}), ...(c.reason ? { reason: c.reason } : {}) });
    }
    claims.get(a.claim)!.items.push(id);
  }
  return { claims: [...claims.values()], items: placed };
}
