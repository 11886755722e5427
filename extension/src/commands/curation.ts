import * as vscode from 'vscode';
import type { OverrideBody } from '../../../shared/api';
import { ROLES, VERDICTS, type Role, type Verdict } from '../../../shared/types';
import type { Claimline } from '../context';
import { newClaimId } from '../core/csp';
import { verdictLabel } from '../core/format';
import { guarded, pickClaim, pickIncident, targetOf } from './args';

/** Sends one curation edit and refreshes what shows the incident. */
async function edit(cl: Claimline, incidentId: string, body: OverrideBody): Promise<unknown> {
  const r = await (await cl.connection.client()).edit(incidentId, body);
  cl.refresh(incidentId, 'edited');
  return r;
}


/** Registers rename, merge, split, verdict, link confirm/reject, role, move and pin. */
export function registerCuration(cl: Claimline): vscode.Disposable[] {
  const reg = (id: string, fn: (arg?: unknown) => Promise<unknown>) => vscode.commands.registerCommand(id, guarded(cl, fn));
  return [
    reg('claimline.renameClaim', async (arg) => {
      const t = targetOf(arg);
      const inc = await pickIncident(cl, t);
      if (!inc) return;
      const claim = await pickClaim(cl, inc.id, t, 'Which claim to rename?');
      if (!claim) return;
      const label = typeof t.label === 'string' ? t.label : await vscode.window.showInputBox({ prompt: 'New label of the claim', value: claim.label, validateInput: (v) => (v.trim() ? undefined : 'Give a label.') });
      if (!label?.trim()) return;
      return edit(cl, inc.id, { kind: 'rename', claim: claim.id, label: label.trim() });
    }),
    reg('claimline.mergeClaims', async (arg) => {
      const t = targetOf(arg);
      const inc = await pickIncident(cl, t);
      if (!inc) return;
      const into = await pickClaim(cl, inc.id, t, 'Which claim to keep?');
      if (!into) return;
      let others: string[];
      if (typeof t.otherClaimId === 'string') others = [t.otherClaimId];
      else if (Array.isArray(t.otherClaimIds)) others = t.otherClaimIds.filter((x): x is string => typeof x === 'string');
      else {
        const { claims } = await (await cl.connection.client()).claims(inc.id);
        const picks = await vscode.window.showQuickPick(
          claims.filter((c) => c.id !== into.id).map((c) => ({ label: c.label, description: `${c.items} items`, id: c.id })),
          { placeHolder: `Merge which claims into "${into.label}"?`, canPickMany: true },
        );
        others = (picks ?? []).map((p) => p.id);
      }
      if (!others.length) return;
      return edit(cl, inc.id, { kind: 'merge', claims: others, into: into.id });
    }),
    reg('claimline.splitClaim', async (arg) => {
      const t = targetOf(arg);
      const inc = await pickIncident(cl, t);
      if (!inc) return;
      const claim = await pickClaim(cl, inc.id, t, 'Which claim to split?');
      if (!claim) return;
      let items = Array.isArray(t.itemIds) ? t.itemIds.filter((x): x is string => typeof x === 'string') : [];
      if (!items.length) {
        const detail = await (await cl.connection.client()).claim(inc.id, claim.id, 500);
        const picks = await vscode.window.showQuickPick(
          detail.examples.map((it) => ({ label: it.text.replace(/\s+/g, ' ').slice(0, 100), description: `@${it.author.handle}`, id: it.id })),
          { placeHolder: 'Which items form the new claim?', canPickMany: true },
        );
        items = (picks ?? []).map((p) => p.id);
      }
      if (!items.length) return;
      const label = typeof t.label === 'string' ? t.label : await vscode.window.showInputBox({ prompt: 'Label of the new claim' });
      if (label === undefined) return;
      return edit(cl, inc.id, { kind: 'split', claim: claim.id, items, newClaim: newClaimId(claim.id), ...(label.trim() ? { label: label.trim() } : {}) });
    }),
    reg('claimline.setVerdict', async (arg) => {
      const t = targetOf(arg);
      const inc = await pickIncident(cl, t);
      if (!inc) return;
      const claim = await pickClaim(cl, inc.id, t, 'Verdict on which claim?');
      if (!claim) return;
      let verdict = typeof t.verdict === 'string' && (VERDICTS as readonly string[]).includes(t.verdict) ? (t.verdict as Verdict) : undefined;
      if (!verdict) {
        const pick = await vscode.window.showQuickPick(
          VERDICTS.map((v) => ({ label: verdictLabel(v), v })),
          { placeHolder: `How does the policy text bear on "${claim.label}"?` },
        );
        verdict = pick?.v;
      }
      if (!verdict) return;
      const note = typeof t.note === 'string' ? t.note : await vscode.window.showInputBox({ prompt: 'A note on the verdict (the evidence, in a sentence)' });
      if (note === undefined) return;
      const r = await (await cl.connection.client()).setVerdict(inc.id, claim.id, { verdict, note });
      cl.refresh(inc.id, 'verdict');
      return r;
    }),
    reg('claimline.confirmLink', (arg) => linkStatus(cl, arg, 'confirmed')),
    reg('claimline.rejectLink', (arg) => linkStatus(cl, arg, 'rejected')),
    reg('claimline.changeRole', async (arg) => {
      const t = targetOf(arg);
      const inc = await pickIncident(cl, t);
      if (!inc || !t.itemId) return vscode.window.showInformationMessage('Change Role works on an item: right-click one in the Incidents tree.');
      let role = typeof t.role === 'string' && (ROLES as readonly string[]).includes(t.role) ? (t.role as Role) : undefined;
      role ??= (await vscode.window.showQuickPick(ROLES.map((r) => ({ label: r, r })), { placeHolder: 'New role of the item' }))?.r;
      if (!role) return;
      return edit(cl, inc.id, { kind: 'role', item: t.itemId, role });
    }),
    reg('claimline.moveItem', async (arg) => {
      const t = targetOf(arg);
      const inc = await pickIncident(cl, t);
      if (!inc || !t.itemId) return vscode.window.showInformationMessage('Move works on an item: right-click one in the Incidents tree.');
      const to = typeof t.toClaimId === 'string' ? { id: t.toClaimId } : await pickClaim(cl, inc.id, {}, 'Move the item to which claim?', t.claimId ?? '\u0000');
      if (!to) return;
      return edit(cl, inc.id, { kind: 'move', item: t.itemId, claim: to.id });
    }),
    reg('claimline.pinItem', async (arg) => {
      const t = targetOf(arg);
      const inc = await pickIncident(cl, t);
      if (!inc || !t.itemId) return vscode.window.showInformationMessage('Pin works on an item: right-click one in the Incidents tree.');
      const claim = t.claimId ? { id: t.claimId } : await pickClaim(cl, inc.id, {}, 'Pin as an example of which claim?');
      if (!claim) return;
      return edit(cl, inc.id, { kind: 'pin', item: t.itemId, claim: claim.id });
    }),
  ];
}

async function linkStatus(cl: Claimline, arg: unknown, status: 'confirmed' | 'rejected'): Promise<unknown> {
  const t = targetOf(arg);
  const inc = await pickIncident(cl, t);
  if (!inc) return;
  const claim = await pickClaim(cl, inc.id, t, `${status === 'confirmed' ? 'Confirm' : 'Reject'} a link of which claim?`);
  if (!claim) return;
  let section = t.section;
  if (!section) {
    const detail = await (await cl.connection.client()).claim(inc.id, claim.id, 1);
    const pick = await vscode.window.showQuickPick(
      detail.policyLinks.map((l) => ({ label: l.heading ?? l.section, description: `${l.status} · ${l.documentTitle ?? ''}`, detail: (l.text ?? '').slice(0, 200), section: l.section })),
      { placeHolder: 'Which policy link?' },
    );
    section = pick?.section;
  }
  if (!section) return;
  return edit(cl, inc.id, { kind: 'link', claim: claim.id, section, status });
}
