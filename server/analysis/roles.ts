/** Stages 3-4: relevance and role of each item, each with the evidence it rests on. */
import type { Incident, Item, Role } from '../../shared/types';
import type { Features } from './features';
import { CONTROVERSY_STEMS, DOMAIN_STEMS, REPORT_PLATFORMS, type CueLang, type VendorCues } from './lexicon';
import { predictSoftmax, type SoftmaxModel } from './softmax';
import { langOf, stems } from './text';
import type { RoleDecision } from './types';
import { addInto, cosine, pack, type SparseVec } from './vectors';
import roleModel from './data/role-model.json';

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

function count(res: readonly RegExp[], text: string): number {
  let n = 0;
  for (const r of res) if (r.test(text)) n++;
  return n;
}

export interface RoleContext {
  f: Features;
  incident: Incident;
  vendor: VendorId;
  cues: VendorCues;
  vendorStems: ReadonlySet<string>;
  /** The claim/reaction/noise model; the shipped one unless given. */
  model?: SoftmaxModel;
}

/** A decision made by a rule (vendor account, article, employee, relayed statement), or null. */
export function ruleRole(ctx: RoleContext, i: number): RoleDecision | null {
  const it = ctx.f.items[i]!;
  const text = it.text;
  const acct = vendorAccount(it, ctx.vendor);
  if (acct) return { role: 'response', reason: `posted by the vendor's account ${acct}` };
  if (REPORT_PLATFORMS.has(it.platform)) return { role: 'report', reason: `an article on ${it.platform} by ${it.author.name ?? it.author.handle}, not the vendor` };
  const emp = ctx.cues.employee.find((r) => r.test(text));
  if (emp && ctx.cues.name.test(text)) return { role: 'response', reason: `the author says they work for the vendor ("${excerpt(text, emp)}")` };
  const relay = ctx.cues.relay.find((r) => r.test(text));
  if (relay) return { role: 'response', reason: `relays the vendor's statement ("${excerpt(text, relay)}")` };
  return null;
}

export const ROLE_FEATURES = [
  'len', 'domainTerms', 'domainDensity', 'controversyTerms', 'maxSection', 'incidentSim', 'neighbourSim', 'isReply', 'isQuote',
  'parentRelevance', 'children', 'endsQuestion', 'questions', 'exclaims', 'claimCues', 'reactionCues', 'quotes', 'sectionNumber',
  'firstPerson', 'vendorNamed', 'keywordHits', 'negations', 'hn', 'x', 'bluesky', 'mastodon', 'threads', 'nonEnglish', 'hasUrl',
] as const;

const FIRST = /\b(?:i|i'm|i've|my|me|we|our|us)\b/giu;
const NEG = /\b(?:not|no|never|don't|doesn't|isn't|aren't|won't|can't|nothing|nobody)\b/giu;
const QUOTES = /["“”«»„]/u;
const SECNUM = /\b\d+\.\d+\b|§/u;

/** Per-item features for the role model; generic across incidents. */
export function roleFeatures(ctx: RoleContext): number[][] {
  const { f } = ctx;
  const n = f.items.length;
  const S = f.anchors.length;
  const children = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const p = f.parent[i] ?? f.quote[i];
    if (p !== null && p !== undefined) children[p]++;
  }
  // The incident's discourse: centroid of all items, and a bounded, evenly spread sample for neighbour similarity.
  const cm = new Map<number, number>();
  for (const v of f.own) addInto(cm, v, 1);
  const centroid = pack(cm);
  const sample: number[] = [];
  const step = Math.max(1, n / 400);
  for (let k = 0; k < n && sample.length < 400; k += step) sample.push(Math.floor(k));
  const kw = new Set(ctx.incident.keywords.flatMap((k) => stems(k, 'en')).filter((s) => !ctx.vendorStems.has(s)));
  const maxSec = (i: number) => {
    let b = 0;
    for (let s = 0; s < S; s++) b = Math.max(b, f.secSim[i * S + s]!);
    return b;
  };
  const base = f.items.map((_, i) => {
    const st = f.stems[i]!;
    const dom = new Set(st.filter((s) => DOMAIN_STEMS.has(s))).size;
    return { dom, density: st.length ? dom / Math.sqrt(st.length) : 0, sec: maxSec(i) };
  });
  return f.items.map((it, i) => {
    const st = f.stems[i]!;
    const text = it.text;
    const lang = langOf(it.lang) as CueLang;
    const own: SparseVec = f.own[i]!;
    const sims = sample.filter((j) => j !== i && f.items[j]!.text !== text).map((j) => cosine(own, f.own[j]!)).sort((a, b) => b - a);
    const top = sims.slice(0, 5);
    const p = f.parent[i] ?? f.quote[i];
    return [
      Math.log1p(st.length),
      base[i]!.dom,
      base[i]!.density,
      new Set(st.filter((s) => CONTROVERSY_STEMS.has(s))).size,
      base[i]!.sec,
      cosine(own, centroid),
      top.length ? top.reduce((a, b) => a + b, 0) / top.length : 0,
      f.parent[i] !== null ? 1 : 0,
      f.quote[i] !== null ? 1 : 0,
      p !== null && p !== undefined ? base[p]!.density + base[p]!.sec : 0,
      Math.log1p(children[i]!),
      /\?\s*$/u.test(text) ? 1 : 0,
      (text.match(/\?/g) ?? []).length,
      (text.match(/!/g) ?? []).length,
      count(ctx.cues.claim[lang], text) + (lang !== 'en' ? count(ctx.cues.claim.en, text) : 0),
      count(ctx.cues.reaction[lang], text),
      QUOTES.test(text) ? 1 : 0,
      SECNUM.test(text) ? 1 : 0,
      (text.match(FIRST) ?? []).length / Math.max(1, st.length),
      ctx.cues.name.test(text) ? 1 : 0,
      new Set(st.filter((s) => kw.has(s))).size,
      (text.match(NEG) ?? []).length,
      it.platform === 'hn' ? 1 : 0,
      it.platform === 'x' ? 1 : 0,
      it.platform === 'bluesky' ? 1 : 0,
      it.platform === 'mastodon' ? 1 : 0,
      it.platform === 'threads' ? 1 : 0,
      lang === 'en' && (!it.lang || it.lang.startsWith('en')) ? 0 : 1,
      /https?:\/\//u.test(text) ? 1 : 0,
    ];
  });
}

/** Decides every item's role: rules for what the bundle states outright, the model for claim, reaction or noise. */
export function decideRoles(ctx: RoleContext): RoleDecision[] {
  const { f } = ctx;
  const model = ctx.model ?? (roleModel as SoftmaxModel);
  const X = roleFeatures(ctx);
  const out: RoleDecision[] = [];
  for (let i = 0; i < f.items.length; i++) {
    const rule = ruleRole(ctx, i);
    if (rule) {
      out.push(rule);
      continue;
    }
    const pr = predictSoftmax(model, X[i]!);
    let k = 0;
    for (let c = 1; c < pr.length; c++) if (pr[c]! > pr[k]!) k = c;
    const role = model.classes[k] as Role;
    out.push({ role, reason: explain(ctx, i, role, pr[k]!) });
  }
  return out;
}

function explain(ctx: RoleContext, i: number, role: Role, p: number): string {
  const { f } = ctx;
  const st = f.stems[i]!;
  const terms = [...new Set(st.filter((s) => DOMAIN_STEMS.has(s)))].slice(0, 3).map((t) => `'${f.surface.get(t) ?? t}'`);
  const par = f.parent[i] ?? f.quote[i];
  const conf = `(${Math.round(p * 100)}%)`;
  if (role === 'noise') return terms.length ? `off topic: little beyond ${terms.join(', ')} in common with the incident ${conf}` : `off topic: nothing about data use or the policy text ${conf}`;
  if (role === 'claim') return `asserts what the vendor does with data${terms.length ? ` (${terms.join(', ')})` : ''} ${conf}`;
  return par !== null && par !== undefined ? `reacts to ${f.items[par]!.id} without a new assertion ${conf}` : `opinion, question or call to action without a new assertion ${conf}`;
}

function excerpt(text: string, re: RegExp): string {
  const m = re.exec(text);
  return m ? m[0].trim() : '';
}
