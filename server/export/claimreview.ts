import type { ClaimDetail } from '../../shared/api';
import type { Incident, Verdict } from '../../shared/types';

const RATINGS: Record<Verdict, { value: number | null; name: string }> = {
  supported: { value: 4, name: 'Supported by the policy text' },
  partly_supported: { value: 3, name: 'Partly supported by the policy text' },
  contradicted: { value: 1, name: 'Contradicted by the policy text' },
  not_addressed: { value: null, name: 'Not addressed by the policy text' },
};

function appearance(i: ClaimDetail['examples'][number]): Record<string, unknown> {
  const a: Record<string, unknown> = {
    '@type': 'CreativeWork',
    author: { '@type': 'Person', name: i.author.name || i.author.handle, alternateName: i.author.handle },
    datePublished: i.createdAt,
  };
  if (i.url) a.url = i.url;
  return a;
}

/**
 * schema.org ClaimReview JSON-LD for each claim that has a verdict: the claim as reviewed, where it appeared
 * (first appearance first), the rating from the verdict, who reviewed it, when, and the review's URL.
 */
export function claimReviews(
  incident: Incident,
  claims: ClaimDetail[],
  opts: { baseUrl: string; reviewer: string },
): Record<string, unknown>[] {
  return claims
    .filter((c) => c.verdict)
    .map((c) => {
      const v = c.verdict!;
      const r = RATINGS[v.verdict];
      const first = c.examples.slice().sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))[0];
      const itemReviewed: Record<string, unknown> = {
        '@type': 'Claim',
        name: c.label,
        appearance: c.examples.map(appearance),
      };
      if (first) {
        itemReviewed.firstAppearance = appearance(first);
        itemReviewed.author = { '@type': 'Person', name: first.author.name || first.author.handle };
      }
      if (c.firstSeen) itemReviewed.datePublished = c.firstSeen;
      const rating: Record<string, unknown> = { '@type': 'Rating', alternateName: r.name };
      if (r.value !== null) Object.assign(rating, { ratingValue: r.value, bestRating: 4, worstRating: 1 });
      const review: Record<string, unknown> = {
        '@context': 'https://schema.org',
        '@type': 'ClaimReview',
        url: `${opts.baseUrl}/api/incidents/${encodeURIComponent(incident.id)}/claims/${encodeURIComponent(c.id)}`,
        claimReviewed: c.label,
        itemReviewed,
        reviewRating: rating,
        author: { '@type': 'Organization', name: opts.reviewer },
        datePublished: v.at.slice(0, 10),
        about: { '@type': 'Organization', name: incident.vendor.name, ...(incident.vendor.domains[0] && { url: `https://${incident.vendor.domains[0]}` }) },
      };
      if (v.note) review.reviewBody = v.note;
      return review;
    });
}
