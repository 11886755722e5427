import type { ClaimDetail, IncidentDetail } from '../../shared/api';
import { escapeMarkdown, longDate } from '../../shared/citations';
import type { DiffPart } from '../../shared/types';

const VERDICT_NAMES = {
  supported: 'Supported by the policy text',
  partly_supported: 'Partly supported by the policy text',
  contradicted: 'Contradicted by the policy text',
  not_addressed: 'Not addressed by the policy text',
} as const;

function quote(text: string): string {
  return text
    .split('\n')
    .map((l) => `> ${escapeMarkdown(l)}`)
    .join('\n');
}

function diffMarkdown(parts: DiffPart[]): string {
  return parts
    .map((p) => (p.op === 'equal' ? escapeMarkdown(p.text) : p.op === 'insert' ? `**+${escapeMarkdown(p.text.trim())}+**` : `~~${escapeMarkdown(p.text.trim())}~~`))
    .join('');
}

function duration(ms: number): string {
  const h = ms / 3_600_000;
  return h < 1 ? `${Math.round(ms / 60_000)} min` : h < 48 ? `${h.toFixed(1)} h` : `${(h / 24).toFixed(1)} days`;
}

/** A Markdown report of an incident: what it is, the timeline in numbers, each claim with its verdict, the vendor's responses and the policy passage. */
export function incidentReport(incident: IncidentDetail, claims: ClaimDetail[], generatedAt: string): string {
  const out: string[] = [];
  out.push(`# ${escapeMarkdown(incident.title)}`, '');
  if (incident.note) out.push(`*${escapeMarkdown(incident.note)}*`, '');
  out.push(
    `- Vendor: ${escapeMarkdown(incident.vendor.name)}${incident.vendor.domains.length ? ` (${incident.vendor.domains.join(', ')})` : ''}`,
    `- Window: ${longDate(incident.start)} to ${longDate(incident.end)}`,
    `- Keywords: ${incident.keywords.map(escapeMarkdown).join(', ') || '(none)'}`,
    `- Report generated: ${generatedAt}`,
    '',
    '## Timeline',
    '',
    `${incident.counts.items} items${incident.firstItemAt ? `, from ${incident.firstItemAt} to ${incident.lastItemAt}` : ''}; ${incident.counts.claims} claims.`,
    '',
  );
  const roles = Object.entries(incident.roles).sort(([a], [b]) => a.localeCompare(b));
  if (roles.length) out.push('| Role | Items |', '| --- | ---: |', ...roles.map(([r, n]) => `| ${r} | ${n} |`), '');
  const platforms = Object.entries(incident.platforms).sort(([a], [b]) => a.localeCompare(b));
  if (platforms.length) out.push('| Platform | Items |', '| --- | ---: |', ...platforms.map(([p, n]) => `| ${p} | ${n} |`), '');
  for (const p of incident.policies) {
    if (p.versions.length > 1) out.push(`Policy \u201c${escapeMarkdown(p.title)}\u201d changed: versions of ${p.versions.map((v) => v.retrievedAt).join(', ')}.`, '');
  }
  out.push('## Claims', '');
  if (!claims.length) out.push('No claims yet: the incident has not been analysed.', '');
  for (const c of claims) {
    out.push(`### ${escapeMarkdown(c.label)}`, '');
    out.push(
      `- First seen: ${c.firstSeen ?? 'unknown'}`,
      `- Items: ${c.items} (${c.claimItems} making the claim)${c.peak ? `; busiest hour ${c.peak.at} with ${c.peak.count}` : ''}`,
      `- Vendor response: ${c.answered ? `yes, first at ${c.firstResponseAt}${c.timeToResponseMs !== null ? ` (${duration(c.timeToResponseMs)} after the claim)` : ''}` : 'none'}`,
      `- Verdict: ${c.verdict ? `${VERDICT_NAMES[c.verdict.verdict]} (${c.verdict.at})${c.verdict.note ? `: ${escapeMarkdown(c.verdict.note)}` : ''}` : 'not yet reviewed'}`,
      '',
    );
    const first = c.examples[0];
    if (first) out.push(`Example, ${escapeMarkdown(first.author.name || first.author.handle)} on ${first.platform}, ${first.createdAt}${first.url ? ` (<${first.url}>)` : ''}:`, '', quote(first.text), '');
    if (c.responses.length) {
      out.push('Vendor responses:', '');
      for (const r of c.responses.slice(0, 3)) out.push(`- ${escapeMarkdown(r.author.name || r.author.handle)}, ${r.createdAt}${r.url ? ` (<${r.url}>)` : ''}: ${escapeMarkdown(r.text.replace(/\s+/g, ' '))}`);
      out.push('');
    }
    const link = c.policyLinks.find((l) => l.status !== 'rejected' && l.text);
    if (link) {
      out.push(
        `Policy passage: ${escapeMarkdown(link.documentTitle ?? link.section)}, \u201c${escapeMarkdown(link.heading ?? '')}\u201d (${link.section}), version retrieved ${link.versionRetrievedAt}${link.status === 'confirmed' ? ', confirmed by an analyst' : ''}:`,
        '',
        quote(link.text!),
        '',
      );
      if (link.laterChange) {
        const diff = link.laterChange.diff;
        const kept = diff.filter((p) => p.op === 'equal').reduce((n, p) => n + p.text.length, 0);
        const before = diff.filter((p) => p.op !== 'insert').reduce((n, p) => n + p.text.length, 0);
        // A rewrite reads better as the new text than as a word-by-word diff.
        if (kept < before / 2) {
          const now = diff.filter((p) => p.op !== 'delete').map((p) => p.text).join('');
          out.push(`Rewritten in the version retrieved ${link.laterChange.retrievedAt}; it now reads:`, '', quote(now), '');
        } else out.push(`Changed in the version retrieved ${link.laterChange.retrievedAt}:`, '', `> ${diffMarkdown(diff).replace(/\n/g, '\n> ')}`, '');
      }
    }
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}
