import { diffWordsWithSpace } from 'diff';
import type { DiffPart } from '../../shared/types';

/** A word-level diff of two texts (the `diff` package), as equal/insert/delete parts. */
export function wordDiff(before: string, after: string): DiffPart[] {
  return diffWordsWithSpace(before, after).map((c) => ({ op: c.added ? 'insert' : c.removed ? 'delete' : 'equal', text: c.value }));
}
