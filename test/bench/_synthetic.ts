/**
 * Deterministic synthetic incidents for benchmarks: texts recombined from the embedded demo corpus, with
 * realistic lengths, platforms, reply and quote structure, spread over the demo's window.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleFiles } from '../../server/bundle/export';
import { readBundleDir } from '../../server/bundle/read';
import { demoDir } from '../../server/demo/load';
import type { Bundle, Item } from '../../shared/types';

/** A small fast PRNG (mulberry32), so the same seed always gives the same incident. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A synthetic bundle of `n` items built from the demo incident; `offset` continues the numbering for incremental runs. */
export function syntheticBundle(n: number, opts: { seed?: number; offset?: number; id?: string } = {}): Bundle {
  const demo = readBundleDir(demoDir());
  const rand = rng(opts.seed ?? 42);
  const offset = opts.offset ?? 0;
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
  // Sentences of the corpus, the unit texts are recombined from.
  const sentences = demo.items.flatMap((i) => i.text.split(/(?<=[.!?])\s+/).filter((s) => s.length > 3));
  const authors = [...new Set(demo.items.map((i) => i.author.handle))];
  const start = Date.parse(demo.incident.start);
  const span = Date.parse(demo.incident.end) - start;
  const items: Item[] = [];
  for (let k = 0; k < n; k++) {
    // A post keeps the subject of the post it is modelled on (its first sentence and maybe more of its own), with now
    // and then a sentence from anywhere in the incident, so the claims of the demo stay findable at any size.
    const template = pick(demo.items);
    const own = template.text.split(/(?<=[.!?])\s+/);
    let text = own[0]!;
    if (own.length > 1 && rand() < 0.5) text += ' ' + own[1 + Math.floor(rand() * (own.length - 1))];
    if (rand() < 0.25) text += ' ' + pick(sentences);
    const i = offset + k;
    const id = `syn-${String(i).padStart(7, '0')}`;
    // Times grow with the index so replies always follow their parents.
    const t = start + Math.floor(((i + rand()) / (offset + n + 1)) * span);
    const r = rand();
    const parentIndex = items.length ? Math.max(0, items.length - 1 - Math.floor(rand() * 200)) : -1;
    const replyTo = parentIndex >= 0 && r < 0.3 ? items[parentIndex]!.id : null;
    const quoteOf = parentIndex >= 0 && r >= 0.3 && r < 0.34 ? items[parentIndex]!.id : null;
    const handle = pick(authors);
    items.push({
      id,
      platform: template.platform,
      url: `https://example.org/${template.platform}/${handle}/${id}`,
      author: { handle, name: template.author.name ?? null },
      createdAt: new Date(t).toISOString().replace('.000Z', 'Z'),
      text,
      replyTo,
      quoteOf,
      lang: template.lang,
    });
  }
  return {
    incident: { ...demo.incident, id: opts.id ?? `synthetic-${n}`, title: `Synthetic incident of ${n} items`, note: 'Synthetic benchmark data recombined from the demo incident.' },
    policies: demo.policies,
    items,
  };
}

/** Writes a synthetic bundle to a folder, as the bundle files. */
export function writeBundle(bundle: Bundle, dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(bundleFiles(bundle))) writeFileSync(join(dir, name), text);
}

/** Reads `--name value` and `--flag` options of a benchmark's command line. */
export function benchArgs(argv: string[]): { items: number; json: boolean; runs: number; get(name: string): string | undefined } {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return { items: Number(get('items') ?? 100_000), json: argv.includes('--json'), runs: Number(get('runs') ?? 3), get };
}

/** The median of some numbers. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
