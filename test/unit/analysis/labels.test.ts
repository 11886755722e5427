import assert from 'node:assert/strict';
import { labelFor, labelScore, sentences } from '../../../server/analysis/labels';
import { prepare } from '../../../server/analysis/index';
import { addInto, pack, truncate } from '../../../server/analysis/vectors';
import type { Item, Role } from '../../../shared/types';
import { demo, demoItems } from './_demo';

/** Features of some items and the centroid of all of them, as the grouping stage builds it. */
function group(items: Item[]) {
  const b = demo();
  const { f } = prepare({ incident: b.incident, policies: b.policies, items });
  const members = items.map((_, i) => i);
  const m = new Map<number, number>();
  for (const i of members) addInto(m, f.own[i]!, 1);
  return { f, members, centroid: truncate(pack(m), 400) };
}

describe('analysis: claim labels', () => {
  // Real claims about the email opt-out (dev bundle slack-ml-2024, the demo incident).
  const statement = 'The only way out is emailing feedback@slack.com with your workspace URL — there is no admin toggle.';

  it('keeps an abbreviation ("e.g. messages") inside its sentence', () => {
    const parts = sentences(demo().items.find((i) => i.id === 'hn-0002')!.text);
    assert.ok(parts.some((s) => /\(e\.g\. messages, content, and files\)/.test(s)), parts.join(' | '));
    assert.ok(parts.every((s) => /^["“'‘(]?[\p{Lu}\d]/u.test(s)), `every piece starts like a sentence: ${parts.join(' | ')}`);
  });

  it('scores a statement above the same words as a question or leaning on the sentence before', () => {
    const { f, centroid } = group(demoItems(['hn-0003', 'bsky-0004', 'thr-0003']));
    const s = labelScore(f, statement, centroid);
    assert.ok(s > labelScore(f, statement.replace(/\.$/, '?'), centroid), 'question');
    assert.ok(s > labelScore(f, `And ${statement[0]!.toLowerCase()}${statement.slice(1)}`, centroid), 'leaning fragment');
  });

  it('labels a group with a sentence of its claims that reads on its own', () => {
    const items = demoItems(['hn-0003', 'bsky-0004', 'thr-0003']);
    // The same words leaning on a sentence before, placed first: only the rule, not the order, keeps it out.
    const leaning = { ...items[0]!, id: 'lean-1', text: `And ${statement[0]!.toLowerCase()}${statement.slice(1)}` };
    const all = [leaning, ...items];
    const { f, members, centroid } = group(all);
    const label = labelFor(f, members, members.map((): Role => 'claim'), centroid);
    assert.ok(!/^And\b/.test(label), label);
    const source = items.map((it) => it.text.replace(/\s+/g, ' ')).join(' ');
    assert.ok(source.includes(label.replace(/…$/, '')), `"${label}" is taken from one of the real claims`);
  });
});
