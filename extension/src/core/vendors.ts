/** A mapping of SDK packages and API domains to the web domain of the vendor they belong to. */
export interface VendorMap {
  packages: Record<string, string>;
  domains: Record<string, string>;
}

/** Where code names a tracked vendor: an import of its SDK or a mention of its API domain. */
export interface VendorMention {
  line: number;
  start: number;
  end: number;
  kind: 'package' | 'domain';
  /** The package or host as written. */
  key: string;
  /** The vendor's web domain it maps to. */
  vendor: string;
}

/**
 * Merges the shipped mapping with the user's setting. A setting key holding `/`, `@`, `:` or no dot is a
 * package; otherwise (`api.example.com`) it is a domain. `package:` or `domain:` before a key says which.
 */
export function mergeVendorMaps(base: VendorMap, extra: Record<string, unknown> | undefined): VendorMap {
  const out: VendorMap = { packages: { ...base.packages }, domains: { ...base.domains } };
  for (const [rawKey, value] of Object.entries(extra ?? {})) {
    if (typeof value !== 'string' || !value.trim()) continue;
    const vendor = value.trim().toLowerCase();
    let key = rawKey.trim();
    let kind: 'package' | 'domain';
    if (key.startsWith('package:')) {
      kind = 'package';
      key = key.slice(8);
    } else if (key.startsWith('domain:')) {
      kind = 'domain';
      key = key.slice(7);
    } else kind = /[/@:]/.test(key) || !key.includes('.') ? 'package' : 'domain';
    if (!key) continue;
    if (kind === 'package') out.packages[key] = vendor;
    else out.domains[key.toLowerCase()] = vendor;
  }
  return out;
}

// Module specifiers by syntax: quoted (JS, TS, Ruby, Go, PHP, Rust strings) and bare (Python, Java, C#).
const QUOTED_IMPORT = /\b(?:from|import|require|require_relative|import\s*\(|require\s*\()\s*\(?\s*(['"`])([^'"`\s]+)\1/g;
const GO_IMPORT_LINE = /^\s*(?:import\s+)?(?:[\w.]+\s+)?"([^"\s]+)"\s*\)?\s*$/;
const PY_FROM = /^\s*from\s+([\w.]+)\s+import\b/;
const PY_IMPORT = /^\s*import\s+([\w.]+(?:\s*,\s*[\w.]+)*)/;
const JAVA_IMPORT = /^\s*(?:import|using)\s+(?:static\s+)?([\w.]+)\s*;/;
const HOST = /\b((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24})\b/gi;

function packageVendor(map: VendorMap, spec: string): string | undefined {
  if (map.packages[spec]) return map.packages[spec];
  // `pkg/sub/path`, `pkg.sub.module`: the longest mapped prefix wins.
  let best: string | undefined;
  for (const p of Object.keys(map.packages)) {
    if ((spec.startsWith(p + '/') || spec.startsWith(p + '.')) && (!best || p.length > best.length)) best = p;
  }
  return best ? map.packages[best] : undefined;
}

function domainVendor(map: VendorMap, host: string): string | undefined {
  const h = host.toLowerCase();
  let best: string | undefined;
  for (const d of Object.keys(map.domains)) {
    if ((h === d || h.endsWith('.' + d)) && (!best || d.length > best.length)) best = d;
  }
  return best ? map.domains[best] : undefined;
}

/** Finds imports of mapped packages and mentions of mapped domains, at most one mention per line. */
export function findVendorMentions(text: string, map: VendorMap, maxLines = 5000): VendorMention[] {
  const out: VendorMention[] = [];
  const lines = text.split(/\r?\n/);
  const n = Math.min(lines.length, maxLines);
  for (let i = 0; i < n; i++) {
    const line = lines[i]!;
    if (line.length > 2000) continue;
    const hit = importOnLine(line, map) ?? domainOnLine(line, map);
    if (hit) out.push({ line: i, ...hit });
  }
  return out;
}

type Hit = Omit<VendorMention, 'line'>;

function importOnLine(line: string, map: VendorMap): Hit | undefined {
  QUOTED_IMPORT.lastIndex = 0;
  for (let m = QUOTED_IMPORT.exec(line); m; m = QUOTED_IMPORT.exec(line)) {
    const spec = m[2]!;
    const vendor = packageVendor(map, spec);
    if (vendor) {
      const start = m.index + m[0].lastIndexOf(spec);
      return { start, end: start + spec.length, kind: 'package', key: spec, vendor };
    }
  }
  const single = [GO_IMPORT_LINE, PY_FROM, JAVA_IMPORT].map((re) => re.exec(line)).find((m) => m);
  const candidates: string[] = single ? [single[1]!] : [];
  const py = PY_IMPORT.exec(line);
  if (py) candidates.push(...py[1]!.split(',').map((s) => s.trim()));
  for (const spec of candidates) {
    const vendor = packageVendor(map, spec);
    if (vendor) {
      const start = line.indexOf(spec);
      return { start, end: start + spec.length, kind: 'package', key: spec, vendor };
    }
  }
  return undefined;
}

function domainOnLine(line: string, map: VendorMap): Hit | undefined {
  HOST.lastIndex = 0;
  for (let m = HOST.exec(line); m; m = HOST.exec(line)) {
    const vendor = domainVendor(map, m[1]!);
    if (vendor) return { start: m.index, end: m.index + m[1]!.length, kind: 'domain', key: m[1]!, vendor };
  }
  return undefined;
}
