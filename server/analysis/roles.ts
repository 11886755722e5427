/** Stages 3-4: relevance and role of each item, each with the evidence it rests on. */
import type { Incident, Item, Role } from '../../shared/types';
import type { Features } from './features';
import { CONTROVERSY_STEMS, DOMAIN_STEMS, REPORT_PLATFORMS, type CueLang, type VendorCues } from './lexicon';
import { predictSoftmax, type SoftmaxModel } from './softmax';
import { langOf, stems } from './text';
import type { RoleDecision } from './types';
import { addInto, cosine, hashId, InvertedIndex, pack, stableSample, truncate, type SparseVec } from './vectors';
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

/** Distinct stems of a list that are in a set. */
function distinctIn(st: readonly string[], set: ReadonlySet<string>): number {
  let n = 0;
  for (let a = 0; a < st.length; a++) {
    const x = st[a]!;
    if (!set.has(x)) continue;
    let dup = false;
    for (let b = 0; b < a && !dup; b++) dup = st[b] === x;
    if (!dup) n++;
  }
  return n;
}

function charCount(text: string, ch: string): number {
  let n = 0;
  for (let k = text.indexOf(ch); k >= 0; k = text.indexOf(ch, k + 1)) n++;
  return n;
}

/** Matches of a global pattern in a text. */
function count(re: RegExp, text: string): number {
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(text)) n++;
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
  const lower = text.toLowerCase().replace(/’/g, "'");
  const emp = ctx.cues.anyEmployee.test(lower)
    ? ctx.cues.employee.find((r, k) => r.test(text) && (ctx.cues.employeeNamed[k] || ctx.cues.name.test(text)))
    : undefined;
  if (emp) return { role: 'response', reason: `the author says they work for the vendor ("${excerpt(text, emp)}")` };
  const own = unquoted(text);
  const voice = ctx.cues.name.test(text) ? ctx.cues.voice.find((r) => r.test(own)) : undefined;
  if (voice) return { role: 'response', reason: `speaks for the vendor in the first person ("${excerpt(own, voice)}")` };
  const relay = ctx.cues.anyRelay.test(lower) ? ctx.cues.relay.find((r) => r.test(text)) : undefined;
  if (relay) return { role: 'response', reason: `relays the vendor's statement ("${excerpt(text, relay)}")` };
  return null;
}

export const ROLE_FEATURES = [
  'len', 'domainTerms', 'domainDensity', 'controversyTerms', 'maxSection', 'incidentSim', 'neighbourSim', 'isReply', 'isQuote',
  'parentRelevance', 'children', 'endsQuestion', 'questions', 'exclaims', 'claimCues', 'reactionCues', 'quotes', 'sectionNumber',
  'firstPerson', 'vendorNamed', 'keywordHits', 'negations', 'hn', 'x', 'bluesky', 'mastodon', 'threads', 'nonEnglish', 'hasUrl',
] as const;

const FIRST = /\b(?:i|i'm|i've|my|me|we|our|us)\b/g;
const NEG = /\b(?:not|no|never|don't|doesn't|isn't|aren't|won't|can't|nothing|nobody)\b/g;
const QUOTES = /["“”«»„]/u;
const SECNUM = /\b\d+\.\d+\b|§/u;

/** Items compared with each item for its neighbour similarity: at most this many, evenly spread. */
export const NEIGHBOUR_SAMPLE = 300;

/** Terms kept in the discourse centroid (the same in full and incremental runs). */
export const DISCOURSE_TERMS = 2000;

/** The incident's discourse: the centroid of all items' words, and a sample of items chosen by a hash of their id. */
export function discourse(f: Features): { centroid: SparseVec; sample: number[]; modulus: number } {
  const n = f.items.length;
  const cm = new Map<number, number>();
  for (const v of f.own) addInto(cm, v, 1);
  const modulus = sampleModulus(n);
  let sample = f.items.map((_, i) => i).filter((i) => inSample(f.items[i]!.id, modulus));
  if (sample.length < 2) sample = stableSample(Array.from({ length: n }, (_, i) => i), (i) => f.items[i]!.id, NEIGHBOUR_SAMPLE);
  return { centroid: truncate(pack(cm), DISCOURSE_TERMS), sample, modulus };
}

/** Items whose id hashes to 0 modulo a power of two near n / NEIGHBOUR_SAMPLE: adding items only adds to the sample. */
export function sampleModulus(n: number): number {
  let m = 1;
  while (m * NEIGHBOUR_SAMPLE < n) m *= 2;
  return m;
}

export function inSample(id: string, modulus: number): boolean {
  return hashId(id) % modulus === 0;
}

/**
 * Per-item features for the role model; generic across incidents. `opts` gives the discourse of a full analysis
 * (incremental runs) and which items to compute (the others get empty rows).
 */
export function roleFeatures(ctx: RoleContext, opts: { centroid?: SparseVec; sample?: number[]; only?: readonly number[] } = {}): number[][] {
  const { f } = ctx;
  const n = f.items.length;
  const S = f.anchors.length;
  const children = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const p = f.parent[i] ?? f.quote[i];
    if (p !== null && p !== undefined) children[p]++;
  }
  const d = opts.centroid && opts.sample ? { centroid: opts.centroid, sample: opts.sample } : discourse(f);
  const { centroid, sample } = d;
  const wanted = opts.only ? new Set(opts.only) : null;
  const parentsOfWanted = new Set<number>();
  if (wanted) for (const i of wanted) {
    const p = f.parent[i] ?? f.quote[i];
    if (p !== null && p !== undefined) parentsOfWanted.add(p);
  }
  const isParentOfWanted = (i: number) => parentsOfWanted.has(i);
  const kw = new Set(ctx.incident.keywords.flatMap((k) => stems(k, 'en')).filter((s) => !ctx.vendorStems.has(s)));
  const maxSec = (i: number) => {
    let b = 0;
    for (let s = 0; s < S; s++) b = Math.max(b, f.secSim[i * S + s]!);
    return b;
  };
  const base = f.items.map((_, i) => {
    if (wanted && !wanted.has(i) && !isParentOfWanted(i)) return { dom: 0, density: 0, sec: 0 };
    const st = f.stems[i]!;
    const dom = distinctIn(st, DOMAIN_STEMS);
    return { dom, density: st.length ? dom / Math.sqrt(st.length) : 0, sec: maxSec(i) };
  });
  const sampleIndex = new InvertedIndex(sample.map((j) => f.own[j]!));
  const row = new Float32Array(sample.length);
  const sampleText = sample.map((j) => f.items[j]!.text);
  return f.items.map((it, i) => {
    if (wanted && !wanted.has(i)) return [];
    const st = f.stems[i]!;
    const text = it.text;
    const lang = langOf(it.lang) as CueLang;
    const own: SparseVec = f.own[i]!;
    const lower = text.toLowerCase().replace(/’/g, "'");
    sampleIndex.dots(own, row);
    const top = [0, 0, 0, 0, 0];
    for (let k = 0; k < row.length; k++) {
      const v = row[k]!;
      if (v <= top[4]! || sample[k] === i || sampleText[k] === text) continue;
      let q = 4;
      while (q > 0 && top[q - 1]! < v) {
        top[q] = top[q - 1]!;
        q--;
      }
      top[q] = v;
    }
    const p = f.parent[i] ?? f.quote[i];
    return [
      Math.log1p(st.length),
      base[i]!.dom,
      base[i]!.density,
      distinctIn(st, CONTROVERSY_STEMS),
      base[i]!.sec,
      cosine(own, centroid),
      top.reduce((a, b) => a + b, 0) / Math.max(1, Math.min(5, sample.length - 1)),
      f.parent[i] !== null ? 1 : 0,
      f.quote[i] !== null ? 1 : 0,
      p !== null && p !== undefined ? base[p]!.density + base[p]!.sec : 0,
      Math.log1p(children[i]!),
      /\?\s*$/u.test(text) ? 1 : 0,
      charCount(text, '?'),
      charCount(text, '!'),
      count(ctx.cues.claim[lang], lower) + (lang !== 'en' ? count(ctx.cues.claim.en, lower) : 0),
      count(ctx.cues.reaction[lang], lower),
      QUOTES.test(text) ? 1 : 0,
      SECNUM.test(text) ? 1 : 0,
      (lower.match(FIRST) ?? []).length / Math.max(1, st.length),
      ctx.cues.name.test(text) ? 1 : 0,
      distinctIn(st, kw),
      (lower.match(NEG) ?? []).length,
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

/**
 * Least probability of noise for the model to call an item noise. An item it finds likelier noise than any other role
 * but below this is kept as a reaction: losing an on-topic item drops it from every claim, while a kept off-topic item
 * stays in view where an analyst can mark it; as a reaction it is placed into a claim but takes no part in forming them.
 */
export const NOISE_MIN = 0.55;

/** Decides every item's role (or those in `opts.only`): rules for what the bundle states outright, the model for claim, reaction or noise. */
export function decideRoles(ctx: RoleContext, opts: Parameters<typeof roleFeatures>[1] = {}): RoleDecision[] {
  const { f } = ctx;
  const model = ctx.model ?? (roleModel as SoftmaxModel);
  const X = roleFeatures(ctx, opts);
  const out: RoleDecision[] = [];
  const wanted = opts.only ? new Set(opts.only) : null;
  for (let i = 0; i < f.items.length; i++) {
    if (wanted && !wanted.has(i)) {
      out.push({ role: 'noise', reason: '' });
      continue;
    }
    const rule = ruleRole(ctx, i);
    if (rule) {
      out.push(rule);
      continue;
    }
    const pr = predictSoftmax(model, X[i]!);
    let k = 0;
    for (let c = 1; c < pr.length; c++) if (pr[c]! > pr[k]!) k = c;
    const role = model.classes[k] as Role;
    if (role === 'noise' && pr[k]! < NOISE_MIN) {
      const on = 1 - pr[k]!;
      out.push({ role: 'reaction', reason: `not clearly off topic (${Math.round(on * 100)}% on topic): kept as a reaction${explainContext(ctx, i)}` });
      continue;
    }
    out.push({ role, reason: explain(ctx, i, role, pr[k]!) });
  }
  return out;
}

/** What an item that is kept on topic rests on: its parent, or the data-use words it shares with the incident. */
function explainContext(ctx: RoleContext, i: number): string {
  const { f } = ctx;
  const par = f.parent[i] ?? f.quote[i];
  if (par !== null && par !== undefined) return `, reacts to ${f.items[par]!.id}`;
  const terms = [...new Set(f.stems[i]!.filter((s) => DOMAIN_STEMS.has(s)))].slice(0, 3).map((t) => `'${f.surface.get(t) ?? t}'`);
  return terms.length ? ` (${terms.join(', ')})` : '';
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

/** The text with quoted passages removed: what the author says in their own voice. */
function unquoted(text: string): string {
  return text.replace(/"[^"]*"|“[^”]*”|«[^»]*»|„[^“”]*[“”]/gu, ' ');
}

function excerpt(text: string, re: RegExp): string {
  const m = re.exec(text);
  return m ? m[0].trim() : '';
}
