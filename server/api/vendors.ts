import { Hono } from 'hono';
import { z } from 'zod';
import { ClaimList, VendorList, VendorSummary } from '../../shared/api';
import type { Incident } from '../../shared/types';
import { claimSummaries } from '../store/claims';
import { listIncidents } from '../store/incidents';
import type { ApiContext } from './context';
import { notFound } from './errors';
import type { RouteDoc } from './openapi';
import { valid } from './validate';

const VendorClaims = VendorSummary.extend({
  claims: z.array(ClaimList.shape.claims.element.extend({ incidentId: z.string() })),
});

export const vendorDocs: RouteDoc[] = [
  { method: 'get', path: '/api/vendors', summary: 'Vendors with their incidents, grouped by web domain', tag: 'vendors', response: VendorList },
  { method: 'get', path: '/api/vendors/:key', summary: 'One vendor (by any of its domains or its name) with the claims of all its incidents', tag: 'vendors', response: VendorClaims },
];

function norm(d: string): string {
  return d.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/^www\./, '').replace(/\/.*$/, '');
}

/** Groups incidents whose vendors share a web domain (or, without domains, a name). */
export function groupVendors(incidents: Incident[]): VendorSummary[] {
  const groups: { keys: Set<string>; names: Set<string>; domains: Set<string>; handles: Set<string>; incidents: Incident[] }[] = [];
  for (const inc of incidents) {
    const keys = inc.vendor.domains.length ? inc.vendor.domains.map(norm) : [`name:${inc.vendor.name.trim().toLowerCase()}`];
    const hits = groups.filter((g) => keys.some((k) => g.keys.has(k)));
    const g = hits[0] ?? { keys: new Set<string>(), names: new Set<string>(), domains: new Set<string>(), handles: new Set<string>(), incidents: [] };
    if (!hits.length) groups.push(g);
    for (const other of hits.slice(1)) {
      other.keys.forEach((k) => g.keys.add(k));
      other.names.forEach((k) => g.names.add(k));
      other.domains.forEach((k) => g.domains.add(k));
      other.handles.forEach((k) => g.handles.add(k));
      g.incidents.push(...other.incidents);
      groups.splice(groups.indexOf(other), 1);
    }
    keys.forEach((k) => g.keys.add(k));
    g.names.add(inc.vendor.name);
    inc.vendor.domains.forEach((d) => g.domains.add(norm(d)));
    inc.vendor.handles.forEach((h) => g.handles.add(h));
    g.incidents.push(inc);
  }
  return groups
    .map((g) => {
      const domains = [...g.domains].sort();
      const name = [...g.names].sort()[0]!;
      return {
        key: domains[0] ?? name.toLowerCase(),
        name,
        domains,
        handles: [...g.handles].sort(),
        incidents: g.incidents.map((i) => ({ id: i.id, title: i.title, start: i.start, end: i.end })).sort((a, b) => a.start.localeCompare(b.start)),
      };
    })
    .sort((a, b) => a.key.localeCompare(b.key));
}

/** Vendors across incidents. */
export function vendorRoutes(ctx: ApiContext): Hono {
  return new Hono()
    .get('/', (c) => c.json({ vendors: groupVendors(listIncidents(ctx.db)) } satisfies VendorList))
    .get('/:key', valid('param', z.object({ key: z.string() })), (c) => {
      const key = norm(c.req.valid('param').key);
      const v = groupVendors(listIncidents(ctx.db)).find((g) => g.key === key || g.domains.includes(key) || g.name.toLowerCase() === key);
      if (!v) throw notFound('vendor', key, 'List the vendors with GET /api/vendors.');
      const claims = v.incidents.flatMap((i) => claimSummaries(ctx.db, ctx.stats, i.id).map((c) => ({ ...c, incidentId: i.id })));
      return c.json({ ...v, claims });
    });
}
