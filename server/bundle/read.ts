import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_FILES, BundleError, parseBundle } from '../../shared/bundle';
import type { Bundle } from '../../shared/types';

/** Reads and validates the bundle in a folder; throws BundleError naming file, line and field. `gold.json` is never read. */
export function readBundleDir(dir: string): Bundle {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new BundleError(dir, null, null, 'is not a folder. Give the path of a bundle folder holding incident.json, policies.json and items.jsonl.');
  }
  const read = (name: string, required: boolean): string | null => {
    const file = join(dir, name);
    if (!existsSync(file)) {
      if (required) throw new BundleError(name, null, null, `is missing from ${dir}; a bundle needs incident.json, policies.json and items.jsonl.`);
      return null;
    }
    return readFileSync(file, 'utf8');
  };
  return parseBundle({
    incident: read(BUNDLE_FILES.incident, true)!,
    policies: read(BUNDLE_FILES.policies, true)!,
    items: read(BUNDLE_FILES.items, true)!,
    extras: read(BUNDLE_FILES.extras, false),
  });
}
