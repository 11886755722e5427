import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_FILES } from '../../shared/bundle';
import type { Bundle, BundleExtras, ItemExtra, Override, SourceConfig, Verdict } from '../../shared/types';
import type { Db } from '../store/db';
import { getIncident } from '../store/incidents';
import { readItems } from '../store/items';
import { readPolicies } from '../store/policies';

/** Thrown when an export names an incident the store does not hold. */
export class UnknownIncidentError extends Error {
  override name = 'UnknownIncidentError';
  constructor(readonly incidentId: string) {
    super(`There is no incident "${incidentId}". List the incidents with \`claimline incidents\`.`);
  }
}

/** The whole incident as a bundle, with Claimline's own extras (sources, edits, verdicts, item provenance). */
export function bundleFromStore(db: Db, incidentId: string): Bundle {
  const incident = getIncident(db, incidentId);
  if (!incident) throw new UnknownIncidentError(incidentId);
  const stored = readItems(db, incidentId);
  const extrasItems: Record<string, ItemExtra> = {};
  const items = stored.map(({ sourceId, indexedAt, engagement, provenance, raw, ...item }) => {
    const extra: ItemExtra = {};
    if (sourceId != null) extra.sourceId = sourceId;
    if (indexedAt != null) extra.indexedAt = indexedAt;
    if (engagement != null) extra.engagement = engagement;
    if (provenance != null) extra.provenance = provenance;
    if (raw !== undefined && raw !== null) extra.raw = raw;
    if (Object.keys(extra).length) extrasItems[item.id] = extra;
    return item;
  });
  const extras: BundleExtras = {
    format: 'claimline-bundle-extras',
    version: 1,
    sources: (db.prepare('SELECT id, config, created_at FROM sources WHERE incident_id = ? ORDER BY created_at, id').all(incidentId) as {
      id: string;
      config: string;
      created_at: string;
    }[]).map((r) => ({ id: r.id, config: JSON.parse(r.config) as SourceConfig, createdAt: r.created_at })),
    edits: (db.prepare('SELECT at, edit FROM overrides WHERE incident_id = ? ORDER BY id').all(incidentId) as { at: string; edit: string }[]).map(
      (r) => ({ at: r.at, edit: JSON.parse(r.edit) as Override }),
    ),
    verdicts: (db.prepare('SELECT claim_id, verdict, note, at FROM verdicts WHERE incident_id = ? ORDER BY claim_id').all(incidentId) as {
      claim_id: string;
      verdict: Verdict;
      note: string;
      at: string;
    }[]).map((r) => ({ claim: r.claim_id, verdict: r.verdict, note: r.note, at: r.at })),
    items: extrasItems,
  };
  return { incident, policies: readPolicies(db, incidentId), items, extras };
}

/** The files of a bundle as text, by file name; the same store always gives the same bytes. */
export function bundleFiles(bundle: Bundle): Record<string, string> {
  const files: Record<string, string> = {
    [BUNDLE_FILES.incident]: JSON.stringify(bundle.incident, null, 2) + '\n',
    [BUNDLE_FILES.policies]: JSON.stringify(bundle.policies, null, 2) + '\n',
    [BUNDLE_FILES.items]: bundle.items.map((i) => JSON.stringify(i)).join('\n') + (bundle.items.length ? '\n' : ''),
  };
  if (bundle.extras) files[BUNDLE_FILES.extras] = JSON.stringify(bundle.extras, null, 2) + '\n';
  return files;
}

/** Writes the incident as a bundle folder; each file is written whole (temp file, then rename) so a crash leaves no half file. */
export function exportBundle(db: Db, incidentId: string, dir: string): string[] {
  const files = bundleFiles(bundleFromStore(db, incidentId));
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    const tmp = join(dir, `.${name}.tmp-${process.pid}`);
    writeFileSync(tmp, text);
    renameSync(tmp, join(dir, name));
  }
  return Object.keys(files);
}
