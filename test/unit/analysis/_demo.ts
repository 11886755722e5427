/** The embedded demo incident (a dev bundle of real-shaped items), analysed once for the tests that read it. */
import { readBundleDir } from '../../../server/bundle/read';
import { demoDir } from '../../../server/demo/load';
import { analyze } from '../../../server/analysis/index';
import type { Analysis, Bundle } from '../../../shared/types';

let bundle: Bundle | undefined;
let plain: Analysis | undefined;

export function demo(): Bundle {
  return (bundle ??= readBundleDir(demoDir()));
}

export function demoAnalysis(): Analysis {
  const b = demo();
  return (plain ??= analyze({ incident: b.incident, policies: b.policies, items: b.items }));
}

/** A copy of the demo bundle's items with these ids only. */
export function demoItems(ids: string[]) {
  const want = new Set(ids);
  return demo().items.filter((i) => want.has(i.id));
}
