import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { isoOrNull, squash } from '../util';

/** What a single article or statement page says about itself and its main text. */
export interface PageContent {
  title: string | null;
  author: string | null;
  /** Published date, ISO 8601, from meta tags, JSON-LD or a <time> element. */
  published: string | null;
  siteName: string | null;
  lang: string | null;
  text: string;
}

interface JsonLdNode {
  '@type'?: string | string[];
  '@graph'?: JsonLdNode[];
  headline?: string;
  name?: string;
  datePublished?: string;
  dateCreated?: string;
  author?: { name?: string } | { name?: string }[] | string;
  publisher?: { name?: string };
}

/** The JSON-LD objects of a page, flattened out of arrays and @graph. */
function jsonLd(document: Document): JsonLdNode[] {
  const out: JsonLdNode[] = [];
  const visit = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(visit);
    else if (n && typeof n === 'object') {
      out.push(n as JsonLdNode);
      if ((n as JsonLdNode)['@graph']) visit((n as JsonLdNode)['@graph']);
    }
  };
  for (const s of Array.from(document.querySelectorAll('script[type="application/ld+json"]'))) {
    try {
      visit(JSON.parse(s.textContent ?? ''));
    } catch {
      // A broken JSON-LD block says nothing; the meta tags may.
    }
  }
  return out;
}

function meta(document: Document, ...names: string[]): string | null {
  for (const n of names) {
    const el = document.querySelector(`meta[property="${n}"], meta[name="${n}"], meta[itemprop="${n}"]`);
    const v = el?.getAttribute('content')?.trim();
    if (v) return v;
  }
  return null;
}

function ldAuthor(a: JsonLdNode['author']): string | null {
  if (!a) return null;
  if (typeof a === 'string') return a.trim() || null;
  const list = Array.isArray(a) ? a : [a];
  const names = list.map((x) => x?.name?.trim()).filter((x): x is string => !!x);
  return names.length ? names.join(', ') : null;
}

const ARTICLE_TYPES = /^(Article|NewsArticle|BlogPosting|Report|WebPage|TechArticle|PressRelease|SocialMediaPosting|ScholarlyArticle|AnalysisNewsArticle)$/;

/**
 * Extracts title, author, published date and main text from an HTML page. Metadata comes from JSON-LD and meta
 * tags (read before Readability rewrites the document); the text from Readability, falling back to the body.
 * Scripts are never run: linkedom only parses.
 */
export function extractPage(html: string): PageContent {
  const { document } = parseHTML(html);
  const ld = jsonLd(document as unknown as Document).find((n) => {
    const t = n['@type'];
    return (Array.isArray(t) ? t : [t]).some((x) => typeof x === 'string' && ARTICLE_TYPES.test(x));
  });
  const doc = document as unknown as Document;
  const timeEl = doc.querySelector('time[datetime]')?.getAttribute('datetime') ?? null;
  const published =
    isoOrNull(ld?.datePublished) ??
    isoOrNull(meta(doc, 'article:published_time', 'og:published_time', 'datePublished', 'date', 'dc.date', 'DC.date.issued', 'pubdate', 'publish-date', 'sailthru.date', 'parsely-pub-date')) ??
    isoOrNull(ld?.dateCreated) ??
    isoOrNull(timeEl);
  const author = ldAuthor(ld?.author) ?? meta(doc, 'author', 'article:author', 'dc.creator', 'parsely-author', 'sailthru.author');
  const metaTitle = ld?.headline ?? meta(doc, 'og:title', 'twitter:title') ?? doc.querySelector('title')?.textContent ?? null;
  const siteName = meta(doc, 'og:site_name', 'application-name') ?? ld?.publisher?.name ?? null;
  const lang = doc.documentElement?.getAttribute('lang')?.slice(0, 2).toLowerCase() || null;

  for (const el of Array.from(doc.querySelectorAll('script, style, noscript, template, iframe, object, embed'))) el.remove();
  let text = '';
  let title = metaTitle;
  try {
    const article = new Readability(doc, { charThreshold: 100 }).parse();
    if (article?.textContent) text = paragraphs(article.textContent);
    title = metaTitle ?? article?.title ?? null;
    if (!author && article?.byline) return { title: clean(title), author: clean(article.byline), published, siteName: clean(siteName), lang, text };
  } catch {
    // Readability gives up on some documents; the body text is the fallback below.
  }
  if (!text) text = paragraphs(parseHTML(html).document.body?.textContent ?? '');
  return { title: clean(title), author: clean(author), published, siteName: clean(siteName), lang, text };
}

function clean(s: string | null | undefined): string | null {
  const v = s ? squash(s) : '';
  return v || null;
}

/** Keeps paragraph breaks, collapses other whitespace. */
function paragraphs(s: string): string {
  return s
    .split(/\n\s*\n/)
    .map(squash)
    .filter(Boolean)
    .join('\n\n');
}
