// The Timeline webview: attention chart per claim, a virtualised list of events grouped by day with filters,
// and the details of the selected event. Untrusted text only ever enters the page as Text nodes (lib/dom).
import type { ClaimDetail, TimelineEntry, TimelineItem } from '../../../../shared/api';
import {
  ClaimDetailRequest,
  CopyCitationCommand,
  ErrorNotification,
  HistogramRequest,
  OpenClaimCommand,
  OpenPolicyCommand,
  OpenUrlCommand,
  RefreshNotification,
  type TimelineFilter,
  TimelinePageRequest,
  type TimelineState,
  TimelineStateNotification,
} from '../../../../shared/protocol';
import { chartView } from '../lib/chartView';
import { diffNodes, fmtDay, fmtTime, h, replace, verdictText } from '../lib/dom';
import { on, ready, request, send } from '../lib/ipc';
import { VirtualList, type VirtualRow } from '../lib/virtualList';

const ROLES = ['claim', 'response', 'reaction', 'report', 'noise'];
const app = document.getElementById('app')!;
let state: TimelineState | undefined;
let filter: TimelineFilter = {};
let entries: TimelineEntry[] = [];
let cursor: string | null | undefined;
let loading = false;
let generation = 0;
const claimCache = new Map<string, Promise<ClaimDetail>>();

const chartBox = h('section', { id: 'chart', 'aria-label': 'Chart' });
const filtersBox = h('div', { class: 'toolbar', id: 'filters' });
const countBox = h('span', { class: 'muted', id: 'count' });
const details = h('section', { class: 'details', id: 'details', 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Select an event to see its details.'));
const list = new VirtualList(
  (key) => showDetails(key),
  () => void loadMore(),
  (key) => {
    const e = entryByKey(key);
    if (e?.kind === 'item' && e.claim && state) send(OpenClaimCommand, { incidentId: state.incident.id, claimId: e.claim });
    else if (e?.kind === 'policy' && state) send(OpenPolicyCommand, { incidentId: state.incident.id, documentId: e.documentId });
  },
);

function keyOf(e: TimelineEntry): string {
  return e.kind === 'item' ? `item:${e.id}` : `policy:${e.documentId}:${e.createdAt}`;
}
function entryByKey(key: string): TimelineEntry | undefined {
  return entries.find((e) => keyOf(e) === key);
}

function render(): void {
  if (!state) return;
  const inc = state.incident;
  app.setAttribute('aria-busy', 'false');
  replace(
    app,
    h('h1', null, inc.title),
    h('div', { class: 'muted' }, `${inc.vendor.name} · ${inc.counts.items} items · ${inc.counts.claims} claims · ${fmtTime(inc.start)} to ${fmtTime(inc.end)}`),
    inc.note ? h('p', { class: 'note' }, inc.note) : null,
    chartBox,
    filtersBox,
    h('div', { class: 'split' }, h('div', null, countBox, list.el), details),
  );
  renderChart();
  renderFilters();
}

let bucket: 'hour' | 'day' = 'hour';

async function setBucket(next: 'hour' | 'day'): Promise<void> {
  if (!state || next === bucket) return;
  try {
    state = { ...state, histogram: await request(HistogramRequest, { bucket: next }) };
    bucket = next;
    renderChart();
  } catch (err) {
    showError((err as Error).message);
  }
}

function renderChart(): void {
  if (!state) return;
  const toggle = h('div', { class: 'toolbar', role: 'group', 'aria-label': 'Bucket size' },
    h('span', { class: 'muted' }, 'Posts per'),
    (['hour', 'day'] as const).map((b) => h('button', { type: 'button', class: b === bucket ? '' : 'secondary', 'aria-pressed': String(b === bucket), id: `bucket-${b}`, click: () => void setBucket(b) }, b)),
  );
  replace(
    chartBox,
    toggle,
    chartView(state.histogram, {
      width: Math.max(400, Math.min(1400, app.clientWidth || 900)),
      selectedClaim: filter.claim,
      onPick: (claim) => setFilter({ ...filter, claim: claim && claim !== filter.claim ? claim : undefined }),
    }),
  );
}

function renderFilters(): void {
  if (!state) return;
  const claimSel = h('select', { id: 'filter-claim', 'aria-label': 'Claim', change: (e) => setFilter({ ...filter, claim: (e.target as HTMLSelectElement).value || undefined }) },
    h('option', { value: '' }, 'All claims'),
    h('option', { value: 'none', selected: filter.claim === 'none' }, 'In no claim'),
    state.claims.map((c) => h('option', { value: c.id, selected: filter.claim === c.id }, `${c.label} (${c.items})`)),
  );
  const roleSel = h('select', { id: 'filter-role', 'aria-label': 'Role', change: (e) => {
    const v = (e.target as HTMLSelectElement).value;
    setFilter({ ...filter, role: v ? [v as never] : undefined });
  } }, h('option', { value: '' }, 'All roles'), ROLES.map((r) => h('option', { value: r, selected: filter.role?.[0] === r }, r)));
  const platforms = Object.keys(state.incident.platforms ?? {}).sort();
  const platSel = h('select', { id: 'filter-platform', 'aria-label': 'Platform', change: (e) => {
    const v = (e.target as HTMLSelectElement).value;
    setFilter({ ...filter, platform: v ? [v as never] : undefined });
  } }, h('option', { value: '' }, 'All platforms'), platforms.map((p) => h('option', { value: p, selected: filter.platform?.[0] === p }, `${p} (${state!.incident.platforms[p]})`)));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const text = h('input', { id: 'filter-text', type: 'search', placeholder: 'Search text', 'aria-label': 'Search text', value: filter.q ?? '', input: (e) => {
    clearTimeout(timer);
    const v = (e.target as HTMLInputElement).value;
    timer = setTimeout(() => setFilter({ ...filter, q: v.trim() || undefined }), 250);
  } });
  replace(filtersBox, claimSel, roleSel, platSel, text);
}

function setFilter(next: TimelineFilter): void {
  filter = next;
  renderChart();
  renderFilters();
  void reload();
}

async function reload(): Promise<void> {
  generation++;
  entries = [];
  cursor = undefined;
  loading = false;
  list.setRows([]);
  await loadMore();
}

async function loadMore(): Promise<void> {
  if (loading || cursor === null || !state) return;
  loading = true;
  const gen = generation;
  try {
    const page = await request(TimelinePageRequest, { filter, cursor: cursor ?? null });
    if (gen !== generation) return;
    entries = entries.concat(page.entries);
    cursor = page.nextCursor;
    countBox.textContent = `${entries.length}${cursor ? '+' : ''} events`;
    list.setRows(rowsOf(entries));
    if (!list.selected && entries.length) list.select(keyOf(entries[0]!), false);
  } catch (err) {
    showError((err as Error).message);
  } finally {
    if (gen === generation) loading = false;
  }
}

function rowsOf(all: TimelineEntry[]): VirtualRow[] {
  const rows: VirtualRow[] = [];
  let day = '';
  for (const e of all) {
    const d = e.createdAt.slice(0, 10);
    if (d !== day) {
      day = d;
      const label = fmtDay(e.createdAt);
      rows.push({ height: 28, key: `day:${d}`, selectable: false, render: () => h('div', { class: 'row day' }, label) });
    }
    rows.push({ height: 48, key: keyOf(e), selectable: true, render: () => rowView(e) });
  }
  return rows;
}

function rowView(e: TimelineEntry): HTMLElement {
  if (e.kind === 'policy') {
    return h('div', { class: 'row policy-event' },
      h('div', { class: 'text' }, `Policy ${e.first ? 'first seen' : 'changed'}: ${e.title}`),
      h('div', { class: 'meta' }, `${fmtTime(e.createdAt)}${e.first ? ' · first known version' : ` · ${e.changedSections.length} section${e.changedSections.length === 1 ? '' : 's'} changed`}`),
    );
  }
  return h('div', { class: `row role-${e.role ?? 'none'}` },
    h('div', { class: 'text' }, e.text),
    h('div', { class: 'meta' }, `${e.role ?? 'unanalysed'} · @${e.author.handle} · ${e.platform} · ${fmtTime(e.createdAt)}${e.claimLabel ? ' · ' + e.claimLabel : ''}`),
  );
}

function claimDetail(claimId: string): Promise<ClaimDetail> {
  let p = claimCache.get(claimId);
  if (!p) {
    p = request(ClaimDetailRequest, { claimId });
    p.catch(() => claimCache.delete(claimId));
    claimCache.set(claimId, p);
  }
  return p;
}

function showDetails(key: string): void {
  const e = entryByKey(key);
  if (!e || !state) return;
  const incidentId = state.incident.id;
  if (e.kind === 'policy') {
    replace(details,
      h('h2', null, `Policy ${e.first ? 'first seen' : 'changed'}: ${e.title}`),
      h('p', { class: 'muted' }, fmtTime(e.createdAt)),
      e.changedSections.length ? h('p', null, `Sections changed: ${e.changedSections.join(', ')}`) : null,
      h('button', { type: 'button', click: () => send(OpenPolicyCommand, { incidentId, documentId: e.documentId }) }, 'Open policy'),
    );
    return;
  }
  const claimBox = h('div', null);
  replace(details,
    h('h2', null, `${e.author.name ?? e.author.handle}`, h('span', { class: 'muted' }, ` @${e.author.handle}`)),
    h('div', { class: 'muted' }, `${e.platform} · ${fmtTime(e.createdAt)} · ${e.role ?? 'unanalysed'}`),
    h('p', { class: 'pre item-text', id: 'selected-text' }, e.text),
    e.reason ? h('p', { class: 'muted' }, `Why: ${e.reason}`) : null,
    h('div', { class: 'toolbar' },
      e.url ? h('button', { type: 'button', class: 'secondary', click: () => send(OpenUrlCommand, { url: e.url! }) }, 'Open original') : null,
      h('button', { type: 'button', class: 'secondary', click: () => send(CopyCitationCommand, { incidentId, target: { kind: 'item', id: e.id } }) }, 'Copy citation'),
      e.claim ? h('button', { type: 'button', click: () => send(OpenClaimCommand, { incidentId, claimId: e.claim! }) }, 'Open claim') : null,
    ),
    claimBox,
  );
  if (e.claim) void fillClaim(claimBox, e);
}

async function fillClaim(box: HTMLElement, e: TimelineItem): Promise<void> {
  replace(box, h('p', { class: 'muted' }, 'Loading the claim…'));
  try {
    const c = await claimDetail(e.claim!);
    const link = c.policyLinks.find((l) => l.status !== 'rejected');
    replace(box,
      h('h3', null, 'Claim: ', c.label, ' ', h('span', { class: `badge verdict-${c.verdict?.verdict ?? 'none'}` }, verdictText(c.verdict?.verdict))),
      c.reason && e.claimReason ? h('p', { class: 'muted' }, e.claimReason) : null,
      h('h3', null, `Vendor responses (${c.responses.length})`),
      c.responses.length
        ? c.responses.slice(0, 5).map((r) => h('div', { class: 'card response' }, h('div', { class: 'muted' }, `@${r.author.handle} · ${fmtTime(r.createdAt)}`), h('div', { class: 'pre' }, r.text)))
        : h('p', { class: 'muted' }, 'The vendor has not responded to this claim.'),
      h('h3', null, 'Policy passage'),
      link
        ? h('div', { class: 'passage' },
            h('div', { class: 'muted' }, `${link.documentTitle ?? link.section} · ${link.heading ?? ''} · version of ${fmtTime(link.versionRetrievedAt)}`),
            h('div', { class: 'pre' }, link.text ?? ''),
            link.laterChange ? h('details', null, h('summary', null, `Changed on ${fmtTime(link.laterChange.retrievedAt)}`), h('div', { class: 'pre' }, diffNodes(link.laterChange.diff))) : null,
          )
        : h('p', { class: 'muted' }, 'No linked policy passage.'),
    );
  } catch (err) {
    replace(box, h('p', { class: 'error' }, (err as Error).message));
  }
}

function showError(message: string): void {
  const el = h('div', { class: 'error', role: 'alert' }, message);
  app.prepend(el);
  setTimeout(() => el.remove(), 10_000);
}

on(TimelineStateNotification, (s) => {
  state = s;
  bucket = s.histogram.bucket;
  claimCache.clear();
  render();
  void reload();
});
on(RefreshNotification, () => {
  claimCache.clear();
});
on(ErrorNotification, ({ message }) => {
  if (!state) replace(app, h('p', { class: 'error', role: 'alert' }, message));
  else showError(message);
});
window.addEventListener('resize', () => renderChart());
ready();
