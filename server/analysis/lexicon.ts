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
  /** Per employee pattern: whether it names the vendor itself (else the text must name it elsewhere). */
  employeeNamed: boolean[];
  relay: RegExp[];
  /** First-person statements about the vendor's own terms or pages (tested on text outside quotation marks). */
  voice: RegExp[];
  /** All employee or relay patterns in one (for lowercased text), to test an item in one pass. */
  anyEmployee: RegExp;
  anyRelay: RegExp;
  /** Each language's claim and reaction cues as one global pattern (for lowercased text): its matches are counted. */
  claim: Record<CueLang, RegExp>;
  reaction: Record<CueLang, RegExp>;
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
  const union = (ps: readonly string[], flags: string) =>
    new RegExp(ps.length ? ps.map((p) => `(?:${(flags.includes('i') ? p : p.toLowerCase()).replaceAll('{vendor}', v)})`).join('|') : '(?!)', flags);
  const byLang = (m: Record<string, string[]>) =>
    ({ en: union(m.en ?? [], 'g'), fr: union(m.fr ?? [], 'g'), de: union(m.de ?? [], 'g'), es: union(m.es ?? [], 'g') }) as Record<CueLang, RegExp>;
  return {
    employee: compile(roles.employee),
    employeeNamed: roles.employee.map((p) => p.includes('{vendor}')),
    voice: compile(roles.vendorVoice),
    relay: compile(roles.relay),
    anyEmployee: union(roles.employee, ''),
    anyRelay: union(roles.relay, ''),
    claim: byLang(roles.claimCues),
    reaction: byLang(roles.reactionCues),
    name: new RegExp(`(?<![\\p{L}\\p{N}])${v}(?![\\p{L}\\p{N}])`, 'iu'),
  };
}
