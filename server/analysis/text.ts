/**
 * Text normalisation: tokens, stems per language, synonyms and fr/de/es words mapped to English stems,
 * so that items in any of these languages and the (English) policy sections share one vocabulary.
 */
import enStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import frStemmer from 'natural/lib/natural/stemmers/porter_stemmer_fr.js';
import deStemmer from 'natural/lib/natural/stemmers/porter_stemmer_de.js';
import esStemmer from 'natural/lib/natural/stemmers/porter_stemmer_es.js';
import { words as enStop } from 'natural/lib/natural/util/stopwords.js';
import { words as frStop } from 'natural/lib/natural/util/stopwords_fr.js';
import { words as esStop } from 'natural/lib/natural/util/stopwords_es.js';
import lexicon from './data/lexicon.json';

type Lang = 'en' | 'fr' | 'de' | 'es';
const STEMMERS: Record<Lang, { stem(t: string): string }> = { en: enStemmer, fr: frStemmer, de: deStemmer, es: esStemmer };

/** Lowercase, without diacritics. */
export function fold(s: string): string {
  return s.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
}

const KEEP_EN = new Set(['out', 'not', 'no', 'never', 'without', 'off', 'all']);
const STOP: Record<Lang, Set<string>> = {
  en: new Set([...enStop, ...lexicon.stopwords.en].map(fold).filter((w) => !KEEP_EN.has(w))),
  fr: new Set([...frStop, ...lexicon.stopwords.fr, ...enStop].map(fold)),
  de: new Set([...lexicon.stopwords.de, ...enStop].map(fold)),
  es: new Set([...esStop, ...lexicon.stopwords.es, ...enStop].map(fold)),
};

const SYN = new Map<string, string[]>(Object.entries(lexicon.synonyms as Record<string, string>).map(([k, v]) => [k, v.split(' ')]));

const stemCache: Record<Lang, Map<string, string>> = { en: new Map(), fr: new Map(), de: new Map(), es: new Map() };
/** Stem of a lowercase word in a language, cached. */
export function stem(word: string, lang: Lang = 'en'): string {
  const cache = stemCache[lang];
  let s = cache.get(word);
  if (s === undefined) {
    s = fold(STEMMERS[lang].stem(word));
    if (cache.size < 500_000) cache.set(word, s);
  }
  return s;
}

// Foreign word (by its stem in its language) -> English stems.
const TRANSLATE: Record<Exclude<Lang, 'en'>, Map<string, string[]>> = { fr: new Map(), de: new Map(), es: new Map() };
for (const lang of ['fr', 'de', 'es'] as const) {
  const table = (lexicon.translations as Record<string, Record<string, string>>)[lang] ?? {};
  for (const [word, english] of Object.entries(table)) {
    const stems = english.split(' ').map((w) => stem(w.toLowerCase())).filter((w) => !STOP.en.has(w));
    TRANSLATE[lang].set(stem(word.toLowerCase(), lang), stems);
    TRANSLATE[lang].set(fold(word), stems);
  }
}

/** The language used for stemming: the item's own when supported, else English. */
export function langOf(lang: string | null | undefined): Lang {
  const l = (lang ?? 'en').slice(0, 2).toLowerCase();
  return l === 'fr' || l === 'de' || l === 'es' ? l : 'en';
}

const URL_RE = /https?:\/\/[^\s)>\]]+/g;
const WORD_RE = /\d+(?:\.\d+)+|[\p{L}\p{N}][\p{L}\p{N}'’&-]*/gu;

/** Lowercase surface words of a text (URLs removed), hyphens and apostrophes kept inside words. */
export function words(text: string): string[] {
  const out: string[] = [];
  const clean = (text.includes('http') ? text.replace(URL_RE, ' ') : text).toLowerCase();
  WORD_RE.lastIndex = 0;
  for (let m = WORD_RE.exec(clean); m; m = WORD_RE.exec(clean)) {
    let w = m[0];
    if (w.includes('’')) w = w.replace(/’/g, "'");
    const last = w.charCodeAt(w.length - 1);
    if (last === 39 || last === 45) w = w.replace(/['-]+$/, '');
    if (w.endsWith("'s")) w = w.slice(0, -2);
    if (w) out.push(w);
  }
  return out;
}

function expandEnglish(w: string, out: string[]): void {
  const syn = SYN.get(w);
  if (syn) {
    for (const s of syn) pushEn(s, out);
    return;
  }
  if (w.includes('-')) {
    const parts = w.split('-').filter(Boolean);
    const joined = SYN.get(parts.join(''));
    if (joined) {
      for (const s of joined) pushEn(s, out);
      return;
    }
    for (const p of parts) expandEnglish(p, out);
    return;
  }
  pushEn(w, out);
}
function pushEn(w: string, out: string[]): void {
  const f = fold(w);
  if (STOP.en.has(f) || f.length < 2 && !/\d/.test(f)) return;
  out.push(stem(f));
}

const wordCache: Record<Lang, Map<string, readonly string[]>> = { en: new Map(), fr: new Map(), de: new Map(), es: new Map() };

/** The English stems one surface word stands for in a language (cached). */
function wordStems(w: string, l: Lang): readonly string[] {
  const cache = wordCache[l];
  const hit = cache.get(w);
  if (hit) return hit;
  const out: string[] = [];
  if (l === 'en') expandEnglish(w, out);
  else {
    const f = fold(w);
    if (!STOP[l].has(f)) {
      const t = TRANSLATE[l].get(f) ?? TRANSLATE[l].get(stem(w, l));
      if (t) out.push(...t);
      // Loanwords (workspace, opt-out, AI) are common in non-English posts.
      else if (SYN.has(w) || w.includes('-')) expandEnglish(w, out);
      else if (f.length >= 2) out.push(stem(f));
    }
  }
  if (cache.size < 300_000) cache.set(w, out);
  return out;
}

/** Content stems of a text in English stem space: stopwords dropped, synonyms expanded, fr/de/es mapped where known. */
export function stems(text: string, lang?: string | null): string[] {
  const l = langOf(lang);
  const out: string[] = [];
  for (const w of words(text)) for (const s of wordStems(w, l)) out.push(s);
  return out;
}

