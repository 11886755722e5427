import { createHash } from 'node:crypto';
import type { Incident, Platform } from '../../shared/types';

/** A short stable id for something known by a URL or text: `<prefix>-<16 hex>`. */
export function hashId(prefix: string, key: string): string {
  return `${prefix}-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
}

/** The host of a URL without a leading `www.`, used as the author handle of web pages and feed entries. */
export function siteHandle(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '').toLowerCase();
  } catch {
    return 'unknown';
  }
}

/** `blog` for pages on one of the vendor's own domains (its statements), `news` for everyone else's. */
export function webPlatform(url: string, incident: Incident): Platform {
  const host = siteHandle(url);
  return incident.vendor.domains.some((d) => host === d.toLowerCase() || host.endsWith(`.${d.toLowerCase()}`)) ? 'blog' : 'news';
}

/** Whether a text speaks of the incident: names one of its keywords, the vendor or one of its domains. */
export function mentionsIncident(text: string, incident: Incident): boolean {
  const t = text.toLowerCase();
  const terms = [...incident.keywords, incident.vendor.name, ...incident.vendor.domains].map((k) => k.toLowerCase().trim()).filter(Boolean);
  return terms.some((k) => {
    const escaped = k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}($|[^\\p{L}\\p{N}])`, 'u').test(t);
  });
}

/** A date string as ISO 8601 UTC, or null when it is not a date. */
export function isoOrNull(s: string | null | undefined): string | null {
  if (!s) return null;
  const t = Date.parse(s.trim());
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** Collapses runs of whitespace to one space and trims. */
export function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
