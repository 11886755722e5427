import * as vscode from 'vscode';
import type { CitationFormat } from '../../../shared/api';
import type { Claimline } from '../context';
import type { CitationTarget } from '../core/client';
import { guarded, pickIncident, targetOf, type Target } from './args';

const FORMATS: { label: string; format: CitationFormat }[] = [
  { label: 'Markdown', format: 'markdown' },
  { label: 'Plain text', format: 'text' },
  { label: 'CSL-JSON', format: 'csl-json' },
  { label: 'BibTeX', format: 'bibtex' },
];

function citationTargetOf(t: Target): CitationTarget | undefined {
  const c = t.citation as CitationTarget | undefined;
  if (c && typeof c.id === 'string' && ['item', 'claim', 'section'].includes(c.kind)) return c;
  if (t.itemId) return { kind: 'item', id: t.itemId };
  if (t.section) return { kind: 'section', id: t.section };
  if (t.claimId) return { kind: 'claim', id: t.claimId };
  return undefined;
}

async function formatFor(t: Target): Promise<CitationFormat | undefined> {
  if (typeof t.format === 'string' && FORMATS.some((f) => f.format === t.format)) return t.format as CitationFormat;
  const cfg = vscode.workspace.getConfiguration('claimline');
  if (!cfg.get<boolean>('askCitationFormat', false)) return cfg.get<CitationFormat>('citationFormat', 'markdown');
  return (await vscode.window.showQuickPick(FORMATS, { placeHolder: 'Citation format' }))?.format;
}

/** The citation text of a command's target, asking for whatever is missing. */
async function citationText(cl: Claimline, arg: unknown): Promise<string | undefined> {
  const t = targetOf(arg);
  const inc = await pickIncident(cl, t);
  if (!inc) return undefined;
  let target = citationTargetOf(t);
  if (!target) {
    const { claims } = await (await cl.connection.client()).claims(inc.id);
    const pick = await vscode.window.showQuickPick(claims.map((c) => ({ label: c.label, id: c.id })), { placeHolder: 'Cite which claim?' });
    if (!pick) return undefined;
    target = { kind: 'claim', id: pick.id };
  }
  const format = await formatFor(t);
  if (!format) return undefined;
  return (await cl.connection.client()).citation(inc.id, target, format);
}

/** Registers Copy Citation and Insert Citation. Both return the citation text (for scripts and tests). */
export function registerCitations(cl: Claimline): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(
      'claimline.copyCitation',
      guarded(cl, async (arg?: unknown) => {
        const text = await citationText(cl, arg);
        if (text === undefined) return undefined;
        await vscode.env.clipboard.writeText(text);
        vscode.window.setStatusBarMessage('$(check) Citation copied', 3000);
        return text;
      }),
    ),
    vscode.commands.registerCommand(
      'claimline.insertCitation',
      guarded(cl, async (arg?: unknown) => {
        const editor = vscode.window.activeTextEditor;
        if (!editor) {
          void vscode.window.showInformationMessage('Open a file to insert the citation into, then run Insert Citation again.');
          return undefined;
        }
        const text = await citationText(cl, arg);
        if (text === undefined) return undefined;
        await editor.edit((b) => {
          for (const sel of editor.selections) b.replace(sel, text);
        });
        return text;
      }),
    ),
  ];
}
