// The Claim view: label, verdict, reasons, posts over time, the vendor's responses and the linked policy passages
// with their later change; rename, merge, split, confirm or reject links, set the verdict.
import type { TimelineItem } from '../../../../shared/api';
import {
  ClaimActionCommand,
  type ClaimViewState,
  ClaimStateNotification,
  CopyCitationCommand,
  ErrorNotification,
  OpenPolicyCommand,
  OpenUrlCommand,
} from '../../../../shared/protocol';
import { diffNodes, fmtTime, h, replace, s, verdictText } from '../lib/dom';
import { on, ready, send } from '../lib/ipc';

const app = document.getElementById('app')!;
const selected = new Set<string>();

function sparkline(series: ClaimViewState['series']): Node | null {
  if (!series || !series.counts.length) return null;
  const w = 600;
  const hgt = 60;
  const max = Math.max(1, ...series.counts);
  const n = Math.max(1, series.counts.length - 1);
  const pts = series.counts.map((c, i) => `${((w * i) / n).toFixed(1)},${(hgt - 4 - ((hgt - 8) * c) / max).toFixed(1)}`).join(' ');
  return h('figure', { class: 'spark' },
    s('svg', { class: 'chart', viewBox: `0 0 ${w} ${hgt}`, preserveAspectRatio: 'none', role: 'img', 'aria-label': 'Posts of this claim over time' },
      s('polyline', { class: 'series s0', points: pts }),
    ),
    h('figcaption', { class: 'muted' }, `Posts per hour, ${fmtTime(series.buckets[0])} to ${fmtTime(series.buckets[series.buckets.length - 1])} (peak ${max})`),
  );
}

function itemCard(st: ClaimViewState, it: TimelineItem, splittable: boolean, cls = ''): HTMLElement {
  const box = splittable
    ? h('input', { type: 'checkbox', 'aria-label': `Select for split: ${it.text.slice(0, 40)}`, checked: selected.has(it.id), change: (e) => {
        if ((e.target as HTMLInputElement).checked) selected.add(it.id);
        else selected.delete(it.id);
        updateSplit();
      } })
    : null;
  return h('div', { class: `card item-row ${cls}`, 'data-item': it.id },
    box,
    h('div', null,
      h('div', { class: 'muted' }, `${it.author.name ?? it.author.handle} @${it.author.handle} · ${it.platform} · ${fmtTime(it.createdAt)}${st.claim.pinned.includes(it.id) ? ' · pinned' : ''}`),
      h('div', { class: 'pre item-text' }, it.text),
      h('div', { class: 'toolbar' },
        it.url ? h('button', { type: 'button', class: 'link', click: () => send(OpenUrlCommand, { url: it.url! }) }, 'Open original') : null,
        h('button', { type: 'button', class: 'link', click: () => send(CopyCitationCommand, { incidentId: st.incidentId, target: { kind: 'item', id: it.id } }) }, 'Copy citation'),
      ),
    ),
  );
}

let splitButton: HTMLButtonElement | undefined;
function updateSplit(): void {
  if (!splitButton) return;
  splitButton.disabled = selected.size === 0;
  splitButton.textContent = `Split off ${selected.size} selected`;
}

function render(st: ClaimViewState): void {
  const c = st.claim;
  app.setAttribute('aria-busy', 'false');
  for (const id of [...selected]) if (!c.examples.some((e) => e.id === id)) selected.delete(id);
  splitButton = h('button', { type: 'button', class: 'secondary', id: 'split', disabled: selected.size === 0, click: () => send(ClaimActionCommand, { action: 'split', itemIds: [...selected] }) }, '');
  updateSplit();
  replace(app,
    h('h1', { id: 'claim-label' }, c.label),
    h('div', { class: 'toolbar' },
      h('span', { id: 'verdict', class: `badge verdict-${c.verdict?.verdict ?? 'none'}` }, verdictText(c.verdict?.verdict)),
      h('span', { class: 'muted' }, `${c.items} items · first seen ${fmtTime(c.firstSeen)}${c.answered ? ` · answered ${fmtTime(c.firstResponseAt)}` : ' · no response'}${c.policyChanged ? ' · policy changed later' : ''}`),
    ),
    c.verdict?.note ? h('p', { class: 'note' }, c.verdict.note) : null,
    c.reason ? h('p', { class: 'muted' }, c.reason) : null,
    h('div', { class: 'toolbar' },
      h('button', { type: 'button', id: 'set-verdict', click: () => send(ClaimActionCommand, { action: 'verdict' }) }, 'Set verdict…'),
      h('button', { type: 'button', class: 'secondary', id: 'rename', click: () => send(ClaimActionCommand, { action: 'rename' }) }, 'Rename…'),
      h('button', { type: 'button', class: 'secondary', id: 'merge', click: () => send(ClaimActionCommand, { action: 'merge' }) }, 'Merge with…'),
      splitButton,
      h('button', { type: 'button', class: 'secondary', click: () => send(CopyCitationCommand, { incidentId: st.incidentId, target: { kind: 'claim', id: c.id } }) }, 'Copy citation'),
    ),
    sparkline(st.series),
    h('div', { class: 'columns' },
      h('section', null,
        h('h2', null, `Posts (${c.examples.length} of ${c.claimItems})`),
        c.examples.map((it) => itemCard(st, it, true)),
        h('h2', null, `Vendor responses (${c.responses.length})`),
        c.responses.length ? c.responses.map((it) => itemCard(st, it, false, 'response')) : h('p', { class: 'muted' }, 'The vendor has not responded to this claim.'),
      ),
      h('section', { id: 'policy-links' },
        h('h2', null, 'Policy passages'),
        c.policyLinks.length ? c.policyLinks.map((l) => {
          const [docId, sectionId] = l.section.split('#');
          return h('div', { class: `passage link-${l.status}`, 'data-section': l.section },
            h('div', { class: 'muted' }, `${l.documentTitle ?? docId} · ${l.heading ?? sectionId} · as of ${fmtTime(l.versionRetrievedAt)} · ${l.status}`),
            h('div', { class: 'pre passage-text' }, l.text ?? ''),
            l.reason ? h('div', { class: 'muted' }, `Why: ${l.reason}`) : null,
            l.laterChange
              ? h('div', null, h('h3', null, `Changed on ${fmtTime(l.laterChange.retrievedAt)}`), h('div', { class: 'pre diff' }, diffNodes(l.laterChange.diff)))
              : null,
            h('div', { class: 'toolbar' },
              h('button', { type: 'button', class: 'secondary', disabled: l.status === 'confirmed', click: () => send(ClaimActionCommand, { action: 'link', section: l.section, status: 'confirmed' }) }, 'Confirm link'),
              h('button', { type: 'button', class: 'secondary', disabled: l.status === 'rejected', click: () => send(ClaimActionCommand, { action: 'link', section: l.section, status: 'rejected' }) }, 'Reject link'),
              h('button', { type: 'button', class: 'link', click: () => send(OpenPolicyCommand, { incidentId: st.incidentId, documentId: docId!, sectionId }) }, 'Open in policy'),
              h('button', { type: 'button', class: 'link', click: () => send(CopyCitationCommand, { incidentId: st.incidentId, target: { kind: 'section', id: l.section, ...(l.versionRetrievedAt ? { at: l.versionRetrievedAt } : {}) } }) }, 'Copy citation'),
            ),
          );
        }) : h('p', { class: 'muted' }, 'No policy section is linked to this claim.'),
      ),
    ),
  );
}

on(ClaimStateNotification, render);
on(ErrorNotification, ({ message }) => app.prepend(h('div', { class: 'error', role: 'alert' }, message)));
ready();
