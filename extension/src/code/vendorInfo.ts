import type { ClaimSummary, VendorSummary } from '../../../shared/api';
import type { Connection } from '../connection';

export interface VendorClaims {
  vendor: VendorSummary;
  claims: (ClaimSummary & { incidentId: string; incidentTitle: string })[];
}

/** What is claimed about a vendor across all its incidents, cached for a minute. */
export class VendorInfo {
  private cache = new Map<string, { at: number; value: Promise<VendorClaims | undefined> }>();

  constructor(private readonly connection: Connection) {}

  clear(): void {
    this.cache.clear();
  }

  get(domain: string): Promise<VendorClaims | undefined> {
    const hit = this.cache.get(domain);
    if (hit && Date.now() - hit.at < 60_000) return hit.value;
    const value = this.load(domain);
    value.catch(() => this.cache.delete(domain));
    this.cache.set(domain, { at: Date.now(), value });
    return value;
  }

  private async load(domain: string): Promise<VendorClaims | undefined> {
    const client = await this.connection.client();
    const { vendors } = await client.vendors();
    const d = domain.toLowerCase();
    const vendor = vendors.find((v) => v.domains.some((x) => x.toLowerCase() === d || d.endsWith('.' + x.toLowerCase())));
    if (!vendor) return undefined;
    const lists = await Promise.all(
      vendor.incidents.map(async (i) => (await client.claims(i.id)).claims.map((c) => ({ ...c, incidentId: i.id, incidentTitle: i.title }))),
    );
    return { vendor, claims: lists.flat() };
  }
}
