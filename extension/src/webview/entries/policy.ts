// The Policy view: one document's sections, linked ones highlighted with the claims pointing at them,
// a version picker and a word-level diff between two versions.
import {
  ErrorNotification,
  OpenClaimCommand,
  OpenUrlCommand,
  CopyCitationCommand,
  PolicyDiffRequest,
  PolicyDocumentCommand,
  type PolicyViewState,
  PolicyStateNotification,
} from '../../../../shared/protocol';
import { diffNodes, fmtTime, h, replace } from '../lib/dom';
import { on, ready, request, send } from '../lib/ipc';

const app = document.getElementById('app')!;
let st: PolicyViewState | undefined;
let version = 0;
let compareTo = -1;

function render(): void {
  if (!st) return;
  const doc = st.document;
  const v = doc.versions[version];
  app.setAttribute('aria-busy', 'false');
  const docSel = h('select', { id: 'document', 'aria-label': 'Document', change: (e) => send(PolicyDocumentCommand, { documentId: (e.target as HTMLSelectElement).value }) },
    st.documents.map((d) => h('option', { value: d.id, selected: d.id === doc.id }, d.title)));
  const verSel = h('select', { id: 'version', 'aria-label': 'Version', change: (e) => {
    version = Number((e.target as HTMLSelectElement).value);
    render();
  } }, doc.versions.map((x, i) => h('option', { value: i, selected: i === version }, `Version of ${fmtTime(x.retrievedAt)}`)));
  const cmpSel = h('select', { id: 'compare', 'aria-label': 'Compare with', change: (e) => {
    compareTo = Number((e.target as HTMLSelectElement).value);
    render();
  } }, h('option', { value: -1 }, 'No comparison'), doc.versions.map((x, i) => (i === version ? null : h('option', { value: i, selected: i === compareTo }, `Diff against ${fmtTime(x.retrievedAt)}`))));
  const body = h('div', { id: 'sections' });
  replace(app,
    h('h1', null, doc.title),
    h('div', { class: 'toolbar' },
      docSel, verSel, cmpSel,
      h('button', { type: 'button', class: 'link', click: () => send(OpenUrlCommand, { url: doc.url }) }, doc.url),
      v?.archivedUrl ? h('button', { type: 'button', class: 'link', click: () => send(OpenUrlCommand, { url: v.archivedUrl! }) }, 'Archived copy') : null,
    ),
    body,
  );
  if (compareTo >= 0 && compareTo !== version) void renderDiff(body);
  else renderSections(body);
}

function renderSections(body: HTMLElement): void {
  const s = st!;
  const v = s.document.versions[version];
  if (!v) return;
  replace(body, v.sections.map((sec) => {
    const claims = s.links[sec.id] ?? [];
    const el = h('article', { class: `section${claims.length ? ' linked' : ''}${s.focusSection === sec.id ? ' focus' : ''}`, id: `section-${sec.id}`, tabindex: 0 },
      h('h3', null, sec.heading, ' ', h('span', { class: 'muted' }, `§${sec.id}`)),
      h('div', { class: 'pre' }, sec.text),
      claims.length
        ? h('div', { class: 'claims' }, 'Claims: ', claims.map((c, i) => [i ? ', ' : '', h('button', { type: 'button', class: 'link', click: () => send(OpenClaimCommand, { incidentId: s.incidentId, claimId: c.claimId }) }, c.label), c.status !== 'auto' ? ` (${c.status})` : '']))
        : null,
      h('div', { class: 'toolbar' }, h('button', { type: 'button', class: 'link', click: () => send(CopyCitationCommand, { incidentId: s.incidentId, target: { kind: 'section', id: `${s.document.id}#${sec.id}`, at: v.retrievedAt } }) }, 'Copy citation')),
    );
    return el;
  }));
  if (s.focusSection) document.getElementById(`section-${s.focusSection}`)?.scrollIntoView({ block: 'center' });
}

async function renderDiff(body: HTMLElement): Promise<void> {
  const s = st!;
  const [a, b] = [Math.min(version, compareTo), Math.max(version, compareTo)];
  replace(body, h('p', { class: 'muted' }, 'Comparing…'));
  try {
    const d = await request(PolicyDiffRequest, { documentId: s.document.id, from: s.document.versions[a]!.retrievedAt, to: s.document.versions[b]!.retrievedAt });
    replace(body,
      h('p', { class: 'muted' }, `From ${fmtTime(d.from)} to ${fmtTime(d.to)}`),
      d.sections.map((sec) => h('article', { class: `section diff-${sec.status}${(s.links[sec.id] ?? []).length ? ' linked' : ''}` },
        h('h3', null, sec.heading, ' ', h('span', { class: 'badge' }, sec.status)),
        h('div', { class: 'pre' }, diffNodes(sec.diff)),
      )),
    );
  } catch (err) {
    replace(body, h('p', { class: 'error' }, (err as Error).message));
  }
}

on(PolicyStateNotification, (next) => {
  if (!st || st.document.id !== next.document.id) {
    version = next.version;
    compareTo = -1;
  }
  st = next;
  render();
});
on(ErrorNotification, ({ message }) => replace(app, h('p', { class: 'error', role: 'alert' }, message)));
ready();
