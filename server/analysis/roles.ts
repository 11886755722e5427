/** Stages 3-4: relevance and role of each item, each with the evidence it rests on. */
import type { Incident, Item } from '../../shared/types';
import type { Features } from './features';
import { SHORT } from './features';
import { DOMAIN_STEMS, REPORT_PLATFORMS, type CueLang, type VendorCues } from './lexicon';
import { langOf } from './text';
import type { RoleDecision } from './types';

const norm = (h: string) => h.trim().toLowerCase().replace(/^@/, '');

/** How the vendor shows up: handles, domains and name forms. */
export interface VendorId {
  handles: Set<string>;
  domains: string[];
}

export function vendorId(incident: Incident): VendorId {
  return { handles: new Set(incident.vendor.handles.map(norm)), domains: incident.vendor.domains.map(norm) };
}

/** The vendor handle or domain an author posts as, if any. */
export function vendorAccount(item: Item, v: VendorId): string | null {
  const h = norm(item.author.handle);
  if (v.handles.has(h)) return h;
  const base = h.split('@')[0]!;
  if (v.handles.has(base) && !h.includes('@')) return h;
  for (const d of v.domains) if (h === d || h.endsWith(`.${d}`)) return h;
  if ((item.platform === 'news' || item.platform === 'blog' || item.platform === 'other') && item.url) {
    try {
      const host = new URL(item.url).hostname.toLowerCase().replace(/^www\./, '');
      for (const d of v.domains) if (host === d || host.endsWith(`.${d}`)) return host;
    } catch {
      /* no usable URL */
    }
  }
  return null;
}

/** Relevance in [0, 1]: domain vocabulary and closeness to the policy text. */
export function relevance(f: Features, i: number): { score: number; terms: string[] } {
  const st = f.stems[i]!;
  const terms = [...new Set(st.filter((s) => DOMAIN_STEMS.has(s)))];
  const S = f.anchors.length;
  let best = 0;
  for (let s = 0; s < S; s++) best = Math.max(best, f.secSim[i * S + s]!);
  const density = st.length ? terms.length / Math.sqrt(st.length) : 0;
  return { score: Math.min(1, 0.5 * density + 1.5 * best), terms };
}

function count(res: readonly RegExp[], text: string): number {
  let n = 0;
  for (const r of res) if (r.test(text)) n++;
  return n;
}

export interface RoleContext {
  f: Features;
  vendor: VendorId;
  cues: VendorCues;
  noiseBelow: number;
}

/** Decides every item's role; replies and quotes that say little of their own take relevance from their parent. */
export function decideRoles(ctx: RoleContext): RoleDecision[] {
  const { f, vendor, cues } = ctx;
  const n = f.items.length;
  const rel = Array.from({ length: n }, (_, i) => relevance(f, i));
  const out: RoleDecision[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const it = f.items[i]!;
    const text = it.text;
    const acct = vendorAccount(it, vendor);
    if (acct) {
      out[i] = { role: 'response', reason: `posted by the vendor's account ${acct}` };
      continue;
    }
    const emp = cues.employee.find((r) => r.test(text));
    if (emp && cues.name.test(text)) {
      out[i] = { role: 'response', reason: `the author says they work for the vendor ("${excerpt(text, emp)}")` };
      continue;
    }
    if (REPORT_PLATFORMS.has(it.platform)) {
      out[i] = rel[i]!.score < ctx.noiseBelow * 0.5
        ? { role: 'noise', reason: `an article with little about data use (relevance ${rel[i]!.score.toFixed(2)})` }
        : { role: 'report', reason: `an article on ${it.platform} by ${it.author.name ?? it.author.handle}, not the vendor` };
      continue;
    }
    const relay = cues.relay.find((r) => r.test(text));
    if (relay) {
      out[i] = { role: 'response', reason: `relays the vendor's statement ("${excerpt(text, relay)}")` };
      continue;
    }
    const p = f.parent[i] ?? f.quote[i];
    let r = rel[i]!.score;
    let inherited: string | null = null;
    if (p !== null && p !== undefined && f.stems[i]!.length < SHORT * 2 && rel[i]!.terms.length < 2) {
      const pr = rel[p]!.score;
      if (pr > r) {
        r = Math.max(r, pr * 0.9);
        inherited = f.items[p]!.id;
      }
    }
    if (r < ctx.noiseBelow) {
      out[i] = { role: 'noise', reason: rel[i]!.terms.length ? `off topic: only ${rel[i]!.terms.slice(0, 3).map((t) => `'${f.surface.get(t) ?? t}'`).join(', ')} in common with the incident` : 'off topic: nothing about data use or the policy text' };
      continue;
    }
    const lang = langOf(it.lang) as CueLang;
    const c = count(cues.claim[lang], text) + (lang !== 'en' ? count(cues.claim.en, text) * 0.5 : 0);
    const q = count(cues.reaction[lang], text);
    const len = f.stems[i]!.length;
    const claimScore = c + rel[i]!.terms.length * 0.5 + (len >= 12 ? 1 : 0) - q * 1.5 - (inherited ? 1 : 0);
    if (claimScore >= 3) {
      const ts = rel[i]!.terms.slice(0, 3).map((t) => `'${f.surface.get(t) ?? t}'`).join(', ');
      out[i] = { role: 'claim', reason: `asserts what the vendor does with data${ts ? ` (${ts})` : ''}` };
    } else {
      out[i] = { role: 'reaction', reason: inherited ? `reacts to ${inherited} with little of its own` : 'opinion or question with no new assertion' };
    }
  }
  return out;
}

function excerpt(text: string, re: RegExp): string {
  const m = re.exec(text);
  return m ? m[0].trim() : '';
}
