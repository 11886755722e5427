import { BlockList, isIP } from 'node:net';

// Addresses a collector must never reach on a user's behalf: private, loopback, link-local, shared, reserved, multicast.
const blocked = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
] as const) {
  blocked.addSubnet(net, bits, 'ipv6');
}

/** Whether an IP address is private, loopback, link-local or otherwise not on the public internet. */
export function isPrivateAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 4) return blocked.check(ip, 'ipv4');
  if (family !== 6) return true;
  const lower = ip.toLowerCase();
  // IPv4 inside IPv6 (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::a.b.c.d, compatible ::a.b.c.d): judge the IPv4 part.
  const embedded = /^(?:::ffff:|64:ff9b::|::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (embedded) return blocked.check(embedded[1]!, 'ipv4');
  const mappedHex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (mappedHex) {
    const hi = parseInt(mappedHex[1]!, 16);
    const lo = parseInt(mappedHex[2]!, 16);
    return blocked.check(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`, 'ipv4');
  }
  return blocked.check(lower, 'ipv6');
}

/**
 * Which private addresses the process may reach: none by default; all with CLAIMLINE_ALLOW_PRIVATE=1 (tests,
 * local mirrors); or only the listed `address:port` pairs with CLAIMLINE_ALLOW_PRIVATE=127.0.0.1:8080,[::1]:9000.
 */
export type PrivatePolicy = boolean | ReadonlySet<string>;

/** Reads the private-address policy from the environment. */
export function privatePolicyFromEnv(env: NodeJS.ProcessEnv = process.env): PrivatePolicy {
  const v = (env.CLAIMLINE_ALLOW_PRIVATE ?? '').trim();
  if (v === '' || v === '0' || v.toLowerCase() === 'false') return false;
  if (v === '1' || v.toLowerCase() === 'true') return true;
  return new Set(v.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean));
}

/** Whether the policy lets a request reach this address and port. */
export function addressAllowed(ip: string, port: number, policy: PrivatePolicy): boolean {
  if (!isPrivateAddress(ip)) return true;
  if (policy === true) return true;
  if (policy === false) return false;
  const host = isIP(ip) === 6 ? `[${ip.toLowerCase()}]` : ip;
  return policy.has(`${host}:${port}`);
}
