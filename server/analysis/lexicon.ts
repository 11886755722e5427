/** The engine's data files, loaded once: cue patterns for roles and the vocabulary of data use. */
import roles from './data/roles.json';
import domain from './data/domain.json';
import { stem } from './text';

export type CueLang = 'en' | 'fr' | 'de' | 'es';

/** Stems of words that mark talk about data use for AI. */
export const DOMAIN_STEMS: ReadonlySet<string> = new Set(domain.terms.map((t) => stem(t.toLowerCase())));

/** Stems of words that mark talk about a controversy itself (backlash, switching tools, statements). */
export const CONTROVERSY_STEMS: ReadonlySet<string> = new Set(domain.controversyTerms.map((t) => stem(t.toLowerCase())));

export const REPORT_PLATFORMS: ReadonlySet<string> = new Set(roles.reportPlatforms);

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Regular expressions for one vendor: `{vendor}` replaced by its names. */
export interface VendorCues {
  employee: RegExp[];
  relay: RegExp[];
  claim: Record<CueLang, RegExp[]>;
  reaction: Record<CueLang, RegExp[]>;
  name: RegExp;
}

/** Compiles the cue patterns for a vendor's names (its display name and the stems of its handles and domains). */
export function vendorCues(names: readonly string[]): VendorCues {
  const alt = [...new Set(names.map((n) => n.trim().toLowerCase()).filter((n) => n.length >= 2))]
    .sort((a, b) => b.length - a.length)
    .map(escapeRe)
    .join('|');
  const v = alt ? `(?:${alt})` : '(?!)';
  const compile = (ps: readonly string[]) => ps.map((p) => new RegExp(p.replaceAll('{vendor}', v), 'iu'));
  const byLang = (m: Record<string, string[]>) =>
    ({ en: compile(m.en ?? []), fr: compile(m.fr ?? []), de: compile(m.de ?? []), es: compile(m.es ?? []) }) as Record<CueLang, RegExp[]>;
  return {
    employee: compile(roles.employee),
    relay: compile(roles.relay),
    claim: byLang(roles.claimCues),
    reaction: byLang(roles.reactionCues),
    name: new RegExp(`(?<![\\p{L}\\p{N}])${v}(?![\\p{L}\\p{N}])`, 'iu'),
  };
}
