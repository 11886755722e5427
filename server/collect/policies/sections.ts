import * as cheerio from 'cheerio';
import type { PolicySection } from '../../../shared/types';

/** The policy's selector matched nothing on the page: the page changed shape or the selector is wrong. */
export class SelectorMatchedNothingError extends Error {
  override name = 'SelectorMatchedNothingError';
}

/** A section before ids are given: its heading, heading level and text. */
export interface RawSection {
  heading: string;
  level: number;
  text: string;
}

// The parts of cheerio's (domhandler's) nodes the walk reads.
interface DomNode {
  type: string;
  data?: string;
  name?: string;
  attribs?: Record<string, string>;
  children?: DomNode[];
}

const SKIP = new Set(['script', 'style', 'noscript', 'template', 'svg', 'iframe', 'object', 'embed', 'button', 'form', 'input', 'select', 'textarea']);
const CHROME = new Set(['nav', 'header', 'footer', 'aside']);
const BLOCK = new Set(['p', 'div', 'section', 'article', 'main', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'table', 'tr', 'td', 'th', 'blockquote', 'pre', 'br', 'hr', 'figure', 'figcaption', 'details', 'summary', 'address']);

/**
 * Splits the part of an HTML page a policy is about into sections, one per heading (h1-h6), with the text up to
 * the next heading; text before the first heading is a section with an empty heading. Without a selector the
 * page's main or body is used, leaving out navigation, headers and footers. Whitespace is normalised so that a
 * change of layout alone is not a new version.
 */
export function splitSections(html: string, selector?: string | null): RawSection[] {
  const $ = cheerio.load(html);
  let roots: DomNode[];
  if (selector) {
    let found: DomNode[];
    try {
      found = $(selector).toArray() as unknown as DomNode[];
    } catch (e) {
      throw new SelectorMatchedNothingError(`The selector "${selector}" is not a valid CSS selector (${(e as Error).message}).`);
    }
    roots = found.filter((n) => n.type === 'tag');
    if (!roots.length) throw new SelectorMatchedNothingError(`The selector "${selector}" matched nothing on the page.`);
  } else {
    const main = $('main, [role="main"], article').first();
    roots = ((main.length ? main : $('body')).toArray() as unknown as DomNode[]).filter((n) => n.type === 'tag');
  }
  const sections: { heading: string; level: number; paras: string[] }[] = [{ heading: '', level: 0, paras: [] }];
  let buf = '';
  const flush = () => {
    const t = buf.replace(/\s+/g, ' ').trim();
    if (t) sections[sections.length - 1]!.paras.push(t);
    buf = '';
  };
  const walk = (node: DomNode, skipChrome: boolean) => {
    if (node.type === 'text') {
      buf += node.data ?? '';
      return;
    }
    if (node.type !== 'tag' && node.type !== 'root') return;
    const el = node;
    const name = el.name?.toLowerCase() ?? '';
    if (SKIP.has(name) || (skipChrome && CHROME.has(name)) || el.attribs?.hidden !== undefined || el.attribs?.['aria-hidden'] === 'true') return;
    const h = /^h([1-6])$/.exec(name);
    if (h) {
      flush();
      const heading = $(el as never).text().replace(/\s+/g, ' ').trim();
      if (heading) sections.push({ heading, level: Number(h[1]), paras: [] });
      return;
    }
    const block = BLOCK.has(name);
    if (block) flush();
    for (const c of el.children ?? []) walk(c, skipChrome);
    if (block) flush();
  };
  for (const r of roots) walk(r, !selector);
  flush();
  return sections
    .map((s) => ({ heading: s.heading, level: s.level, text: s.paras.join('\n\n') }))
    .filter((s, i) => i > 0 || s.text);
}

/** Lower-case words of a text, for comparing sections. */
function words(s: string): Set<string> {
  return new Set(s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (!a.size && !b.size) return 1;
  let inter = 0;
  for (const w of a) if (b.has(w)) inter++;
  return inter / (a.size + b.size - inter);
}

/** A URL-safe id from a heading: `data-usage`, `preamble` for the untitled first section. */
export function slug(heading: string): string {
  const s = heading
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return s || 'section';
}

/**
 * Gives sections ids that stay the same across versions: a section keeps the id of the previous version's section
 * with the same heading; failing that, of the one whose heading and text it resembles most (a reworded heading or
 * paragraph); a section with no counterpart gets a new id from its heading, never one the previous version used.
 */
export function assignSectionIds(sections: RawSection[], previous: PolicySection[] = []): PolicySection[] {
  const ids: (string | null)[] = sections.map(() => null);
  const taken = new Set<string>();
  const norm = (h: string) => h.toLowerCase().replace(/\s+/g, ' ').trim();
  // 1. Same heading (first unused one, in order).
  sections.forEach((s, i) => {
    const match = previous.find((p) => !taken.has(p.id) && norm(p.heading) === norm(s.heading));
    if (match) {
      ids[i] = match.id;
      taken.add(match.id);
    }
  });
  // 2. Most alike among the rest, best pairs first.
  const pairs: { i: number; p: PolicySection; score: number }[] = [];
  sections.forEach((s, i) => {
    if (ids[i]) return;
    const sw = words(s.text);
    const sh = words(s.heading);
    for (const p of previous) {
      if (taken.has(p.id)) continue;
      const score = 0.7 * jaccard(sw, words(p.text)) + 0.3 * jaccard(sh, words(p.heading));
      if (score >= 0.4) pairs.push({ i, p, score });
    }
  });
  pairs.sort((a, b) => b.score - a.score);
  for (const { i, p } of pairs) {
    if (ids[i] || taken.has(p.id)) continue;
    ids[i] = p.id;
    taken.add(p.id);
  }
  // 3. New ids from headings, unique and unused by the previous version.
  const reserved = new Set([...previous.map((p) => p.id), ...ids.filter((x): x is string => !!x)]);
  return sections.map((s, i) => {
    let id = ids[i];
    if (!id) {
      const base = s.heading ? slug(s.heading) : 'preamble';
      id = base;
      for (let n = 2; reserved.has(id); n++) id = `${base}-${n}`;
      reserved.add(id);
    }
    return { id, heading: s.heading, text: s.text };
  });
}
