/** Analyst edits: collected before the analysis (roles, moves and pins act as seeds) and applied after it (merges, renames, links). */
import type { Analysis, PolicyLink, Role, SectionRef } from '../../shared/types';
import type { EngineInput } from './types';

export interface Edits {
  roles: Map<number, Role>;
  /** Seed groups by key (a seed label, or a claim id that moves and pins point at). */
  seeds: { label: string; items: number[] }[];
  /** Seed keys that name an existing claim id rather than a new label. */
  seedIds: Map<string, string>;
  /** Items an analyst took out of every claim. */
  unclaimed: Set<string>;
  /** Items an analyst put into a claim, by item id. */
  moved: Map<string, string>;
  merges: { claims: string[]; into: string }[];
  renames: Map<string, string>;
  links: { claim: string; section: SectionRef; status: 'confirmed' | 'rejected' }[];
}

const claimKey = (id: string) => `\u0000${id}`;

/** Reads seeds and overrides (in the order they were made) into what the stages need. */
export function collectEdits(input: EngineInput, byId: ReadonlyMap<string, number>): Edits {
  const roles = new Map<number, Role>();
  const seedItems = new Map<string, string[]>();
  const seedIds = new Map<string, string>();
  const unclaimed = new Set<string>();
  const moved = new Map<string, string>();
  const merges: Edits['merges'] = [];
  const renames = new Map<string, string>();
  const links: Edits['links'] = [];
  const place = (item: string, key: string | null) => {
    for (const list of seedItems.values()) {
      const k = list.indexOf(item);
      if (k >= 0) list.splice(k, 1);
    }
    if (key !== null) {
      if (!seedItems.has(key)) seedItems.set(key, []);
      seedItems.get(key)!.push(item);
    }
  };
  for (const [label, ids] of Object.entries(input.seeds ?? {})) for (const id of ids) if (byId.has(id)) place(id, label);
  const edits = [...(input.overrides ?? [])].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : (a.id ?? 0) - (b.id ?? 0)));
  for (const { edit } of edits) {
    switch (edit.kind) {
      case 'role': {
        const i = byId.get(edit.item);
        if (i !== undefined) roles.set(i, edit.role);
        break;
      }
      case 'move':
      case 'pin': {
        if (!byId.has(edit.item)) break;
        if (edit.claim === null) {
          place(edit.item, null);
          unclaimed.add(edit.item);
          moved.delete(edit.item);
        } else {
          seedIds.set(claimKey(edit.claim), edit.claim);
          place(edit.item, claimKey(edit.claim));
          unclaimed.delete(edit.item);
          moved.set(edit.item, edit.claim);
        }
        break;
      }
      case 'unpin': {
        const list = seedItems.get(claimKey(edit.claim));
        if (list && list.includes(edit.item)) place(edit.item, null);
        moved.delete(edit.item);
        break;
      }
      case 'split': {
        seedIds.set(claimKey(edit.newClaim), edit.newClaim);
        for (const item of edit.items) if (byId.has(item)) {
          place(item, claimKey(edit.newClaim));
          moved.set(item, edit.newClaim);
          unclaimed.delete(item);
        }
        if (edit.label) renames.set(edit.newClaim, edit.label);
        break;
      }
      case 'merge':
        merges.push({ claims: [...edit.claims], into: edit.into });
        break;
      case 'rename':
        renames.set(edit.claim, edit.label);
        break;
      case 'link':
        links.push({ claim: edit.claim, section: edit.section, status: edit.status });
        break;
    }
  }
  const seeds = [...seedItems.entries()]
    .filter(([, ids]) => ids.length)
    .map(([label, ids]) => ({ label, items: ids.map((id) => byId.get(id)!) }));
  return { roles, seeds, seedIds, unclaimed, moved, merges, renames, links };
}

/** Applies the edits that act on the finished analysis; they win over whatever the engine decided. */
export function applyEdits(a: Analysis, e: Edits, byId: ReadonlyMap<string, number>): Analysis {
  void byId;
  const claims = new Map(a.claims.map((c) => [c.id, c]));
  for (const { claims: from, into } of e.merges) {
    let target = claims.get(into);
    for (const id of from) {
      const c = claims.get(id);
      if (!c || id === into) continue;
      if (!target) {
        target = { ...c, id: into, items: [] };
        claims.set(into, target);
      }
      target.items.push(...c.items);
      const seen = new Set(target.policyLinks.map((l) => l.section));
      for (const l of c.policyLinks) if (!seen.has(l.section)) target.policyLinks.push(l);
      if (c.firstSeen && (!target.firstSeen || c.firstSeen < target.firstSeen)) target.firstSeen = c.firstSeen;
      claims.delete(id);
      for (const item of c.items) {
        const ai = a.items[item];
        if (ai) {
          ai.claim = into;
          ai.claimReason = `claim ${id} merged into ${into} by an analyst`;
        }
      }
    }
  }
  // Moves: the item is in the claim the analyst chose, whatever the grouping said.
  for (const [item, claim] of e.moved) {
    const ai = a.items[item];
    if (!ai) continue;
    let target = claims.get(claim);
    if (!target) {
      target = { id: claim, label: claim, items: [], policyLinks: [], reason: 'made by an analyst' };
      claims.set(claim, target);
    }
    if (ai.claim && ai.claim !== claim) {
      const old = claims.get(ai.claim);
      if (old) old.items = old.items.filter((x) => x !== item);
    }
    if (!target.items.includes(item)) target.items.push(item);
    ai.claim = claim;
    ai.claimReason = `moved to this claim by an analyst`;
  }
  for (const item of e.unclaimed) {
    const ai = a.items[item];
    if (!ai || !ai.claim) continue;
    const old = claims.get(ai.claim);
    if (old) old.items = old.items.filter((x) => x !== item);
    ai.claim = null;
    ai.claimReason = 'taken out of its claim by an analyst';
  }
  for (const [id, label] of e.renames) {
    const c = claims.get(id);
    if (c) c.label = label;
  }
  for (const l of e.links) {
    const c = claims.get(l.claim);
    if (!c) continue;
    const existing = c.policyLinks.find((x) => x.section === l.section);
    const link: PolicyLink = existing ?? { section: l.section, score: 1, reason: 'linked by an analyst' };
    link.status = l.status;
    c.policyLinks = c.policyLinks.filter((x) => x.section !== l.section);
    if (l.status === 'confirmed') c.policyLinks.unshift(link);
    else c.policyLinks.push(link);
  }
  // Confirmed links stay first, rejected ones last, in the order the analyst set them.
  for (const c of claims.values()) {
    const conf = c.policyLinks.filter((x) => x.status === 'confirmed');
    const rej = c.policyLinks.filter((x) => x.status === 'rejected');
    const rest = c.policyLinks.filter((x) => x.status !== 'confirmed' && x.status !== 'rejected');
    c.policyLinks = [...conf, ...rest, ...rej];
  }
  return { claims: [...claims.values()].filter((c) => c.items.length || c.reason === 'made by an analyst'), items: a.items };
}
