/** Policy sections as anchors: every section id across versions, the version in force at a time, and later changes. */
import { diffWordsWithSpace } from 'diff';
import type { DiffPart, PolicyDocument, PolicyLink, SectionRef } from '../../shared/types';

/** One section id of a document, with every version that has it. */
export interface SectionAnchor {
  ref: SectionRef;
  policyId: string;
  sectionId: string;
  heading: string;
  /** Heading and text of every distinct wording, oldest first. */
  texts: string[];
  /** Versions that hold this section, oldest first. */
  versions: { retrievedAt: string; heading: string; text: string }[];
}

/** All sections of all documents, in document and section order. */
export function sectionAnchors(policies: readonly PolicyDocument[]): SectionAnchor[] {
  const out: SectionAnchor[] = [];
  for (const doc of policies) {
    const versions = [...doc.versions].sort((a, b) => (a.retrievedAt < b.retrievedAt ? -1 : a.retrievedAt > b.retrievedAt ? 1 : 0));
    const byId = new Map<string, SectionAnchor>();
    for (const v of versions) {
      for (const s of v.sections) {
        let a = byId.get(s.id);
        if (!a) {
          a = { ref: `${doc.id}#${s.id}`, policyId: doc.id, sectionId: s.id, heading: s.heading, texts: [], versions: [] };
          byId.set(s.id, a);
          out.push(a);
        }
        a.heading = s.heading;
        a.versions.push({ retrievedAt: v.retrievedAt, heading: s.heading, text: s.text });
        const t = `${s.heading}. ${s.text}`;
        if (!a.texts.includes(t)) a.texts.push(t);
      }
    }
  }
  return out;
}

/**
 * The wording of a section shown beside a claim first seen at `at`: the newest version retrieved at or
 * before `at` that has the section, else the version that introduced it; plus the next later change.
 */
export function sectionInForce(
  anchor: SectionAnchor,
  at: string | undefined,
): Pick<PolicyLink, 'versionRetrievedAt' | 'text' | 'heading' | 'laterChange'> {
  const vs = anchor.versions;
  let k = -1;
  if (at) for (let i = 0; i < vs.length; i++) if (vs[i]!.retrievedAt <= at) k = i;
  if (k < 0) k = 0;
  const shown = vs[k]!;
  let laterChange: PolicyLink['laterChange'] = null;
  for (let i = k + 1; i < vs.length; i++) {
    if (vs[i]!.text !== shown.text) {
      laterChange = { retrievedAt: vs[i]!.retrievedAt, diff: wordDiff(shown.text, vs[i]!.text) };
      break;
    }
  }
  return { versionRetrievedAt: shown.retrievedAt, text: shown.text, heading: shown.heading, laterChange };
}

/** Word-level diff of two texts. */
export function wordDiff(before: string, after: string): DiffPart[] {
  return diffWordsWithSpace(before, after).map((c) => ({ op: c.added ? 'insert' : c.removed ? 'delete' : 'equal', text: c.value }));
}
