import type { ClaimSummary } from '../../../shared/api';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `16 May 2024 15:22 UTC`: short, unambiguous, the same in every locale. */
export function shortTime(iso: string | null | undefined, withYear = true): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}${withYear ? ' ' + d.getUTCFullYear() : ''} ${hh}:${mm} UTC`;
}

/** `2 h 5 min`, `3 d 4 h`: a duration for people. */
export function duration(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms)) return '';
  const min = Math.round(ms / 60_000);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ${min % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** The verdict as words. */
export function verdictLabel(v: string | null | undefined): string {
  switch (v) {
    case 'supported':
      return 'supported';
    case 'contradicted':
      return 'contradicted';
    case 'partly_supported':
      return 'partly supported';
    case 'not_addressed':
      return 'not addressed';
    default:
      return 'no verdict';
  }
}

/** The line under a claim in the tree: count, first seen, response, verdict. */
export function claimDescription(c: ClaimSummary): string {
  const parts = [`${c.items} item${c.items === 1 ? '' : 's'}`];
  if (c.firstSeen) parts.push(`first ${shortTime(c.firstSeen, false)}`);
  parts.push(c.answered ? `answered${c.timeToResponseMs != null ? ' after ' + duration(c.timeToResponseMs) : ''}` : 'no response');
  parts.push(verdictLabel(c.verdict?.verdict));
  if (c.policyChanged) parts.push('policy changed');
  return parts.join(' · ');
}

/** The first words of a text on one line, at most `max` characters. */
export function firstWords(text: string, max = 80): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max - 1);
  const sp = cut.lastIndexOf(' ');
  return (sp > max / 2 ? cut.slice(0, sp) : cut) + '…';
}

/** What a code lens summarises: a vendor and the claims about it across its incidents. */
export interface VendorClaimsSummary {
  vendor: { name: string; incidents: unknown[] };
  claims: { answered: boolean; verdict: { verdict: string } | null }[];
}

/** The one-line summary a code lens shows over an import of a vendor's SDK. */
export function lensTitle(v: VendorClaimsSummary): string {
  const n = v.claims.length;
  const incidents = v.vendor.incidents.length;
  const contradicted = v.claims.filter((c) => c.verdict?.verdict === 'contradicted').length;
  const unanswered = v.claims.filter((c) => !c.answered).length;
  const parts = [`Claimline: ${n} claim${n === 1 ? '' : 's'} about ${v.vendor.name} in ${incidents} incident${incidents === 1 ? '' : 's'}`];
  if (contradicted) parts.push(`${contradicted} contradicted by the policy`);
  if (unanswered) parts.push(`${unanswered} unanswered`);
  return parts.join(' · ');
}
