import type { SourceConfig } from '../../shared/types';
import { runCollection, sourceLabel, type CollectProgress, type CollectSummary } from '../collect/run';
import { addStatement, StatementError } from '../collect/manual/statement';
import { sleep, AbortedError } from '../collect/net/errors';
import { dbPath } from '../config';
import { listFetchErrors } from '../store/collect-state';
import { openDb, type Db } from '../store/db';
import { getIncident } from '../store/incidents';
import { addSource, listSources } from '../store/sources';
import { parse, UsageError, type Command } from './args';

const USAGE = `claimline collect <incident> [--every <minutes>] [--wayback] [--source <id>]... [--db <file>] [--json]
claimline collect <incident> --add-search <query> | --add-account <handle> | --add-feed <url> | --add-page <url>
claimline collect <incident> --add-policy <url> --policy-id <id> [--selector <css>] [--title <text>]
claimline collect <incident> --statement --text <text> --date <when> --platform <x|threads|...> [--author <handle>] [--url <url>]
claimline collect <incident> --list

Collects the incident from its sources: Bluesky searches and accounts (with threads and quotes), RSS/Atom
feeds, single pages, and policy documents (a new version only when their text changes). New items are
stored once, placed into the analysis and announced. A stopped run resumes where it stopped.
  --every <minutes>     collect again every so many minutes until interrupted (Ctrl-C)
  --wayback             also read past versions of policy documents from the Wayback Machine
  --source <id>         only this source (repeatable; see --list)
  --list                list the incident's sources and the latest fetch errors
  --add-...             add a source (and collect nothing); --statement adds a pasted statement
  --db <file>           the database (default: CLAIMLINE_DB or claimline.db in the data folder)
  --json                print the summary as JSON

Environment: CLAIMLINE_BSKY_APPVIEW (default https://public.api.bsky.app), CLAIMLINE_BSKY_IDENTIFIER and
CLAIMLINE_BSKY_APP_PASSWORD (sign in when the AppView refuses anonymous search), CLAIMLINE_BSKY_SERVICE
(where to sign in, default https://bsky.social), CLAIMLINE_WAYBACK_URL, CLAIMLINE_CONTACT (added to the
User-Agent), CLAIMLINE_ALLOW_PRIVATE=1 (tests only).
Exit code 1 when a source failed (the message says why); the others are collected all the same.`;

const OPTIONS = {
  db: { type: 'string' },
  json: { type: 'boolean' },
  every: { type: 'string' },
  wayback: { type: 'boolean' },
  source: { type: 'string', multiple: true },
  list: { type: 'boolean' },
  'add-search': { type: 'string' },
  'add-account': { type: 'string' },
  'add-feed': { type: 'string' },
  'add-page': { type: 'string' },
  'add-policy': { type: 'string' },
  'policy-id': { type: 'string' },
  selector: { type: 'string' },
  title: { type: 'string' },
  statement: { type: 'boolean' },
  text: { type: 'string' },
  date: { type: 'string' },
  platform: { type: 'string' },
  author: { type: 'string' },
  'author-name': { type: 'string' },
  url: { type: 'string' },
} as const;

type Values = ReturnType<typeof parse<typeof OPTIONS>>['values'];

/** `claimline collect`: runs the collectors for an incident, once or every few minutes; adds sources and statements. */
export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const { values, positionals } = parse('collect', args, OPTIONS);
  const incidentId = positionals[0];
  if (!incidentId || positionals.length > 1) throw new UsageError('Give one incident id: `claimline collect <incident>`. See `claimline collect --help`.');
  // Every usage mistake is caught before the database is opened (or created).
  const config = sourceFromArgs(values);
  const everyMs = everyFromArgs(values);
  const db = openDb(values.db ?? dbPath());
  try {
    if (!getIncident(db, incidentId)) {
      console.error(`There is no incident "${incidentId}". List them with \`claimline incidents\`, or import a bundle first.`);
      return 1;
    }
    if (config) {
      const { source, created } = addSource(db, incidentId, config, undefined, new Date().toISOString());
      console.log(`${created ? 'Added' : 'Already there:'} ${source.id}  ${source.config.kind} ${sourceLabel(source.config)}`);
      return 0;
    }
    if (values.statement) return statement(db, incidentId, values);
    if (values.list) return list(db, incidentId);
    return await collectLoop(db, incidentId, values, everyMs);
  } finally {
    db.close();
  }
}

function everyFromArgs(v: Values): number | null {
  if (v.every === undefined) return null;
  const m = Number(v.every);
  if (!Number.isFinite(m) || m <= 0) throw new UsageError(`--every needs a number of minutes greater than 0, not "${v.every}".`);
  return Math.round(m * 60_000);
}

function sourceFromArgs(v: Values): SourceConfig | null {
  const given = (['add-search', 'add-account', 'add-feed', 'add-page', 'add-policy'] as const).filter((k) => v[k] !== undefined);
  if (given.length > 1) throw new UsageError(`Add one source at a time (got ${given.map((g) => `--${g}`).join(', ')}).`);
  if (v['add-search'] !== undefined) return { kind: 'bluesky-search', query: nonEmpty(v['add-search'], '--add-search') };
  if (v['add-account'] !== undefined) return { kind: 'bluesky-account', handle: nonEmpty(v['add-account'], '--add-account').replace(/^@/, '') };
  if (v['add-feed'] !== undefined) return { kind: 'feed', url: webUrl(v['add-feed'], '--add-feed') };
  if (v['add-page'] !== undefined) return { kind: 'page', url: webUrl(v['add-page'], '--add-page') };
  if (v['add-policy'] !== undefined) {
    const id = v['policy-id'];
    if (!id || !/^[\w.-]+$/.test(id)) throw new UsageError('--add-policy needs --policy-id <id> (letters, digits, ".", "_" or "-"), the id citations use.');
    return { kind: 'policy', id, url: webUrl(v['add-policy'], '--add-policy'), selector: v.selector ?? null, title: v.title ?? null };
  }
  return null;
}

function nonEmpty(s: string, flag: string): string {
  if (!s.trim()) throw new UsageError(`${flag} needs a value.`);
  return s.trim();
}

function webUrl(s: string, flag: string): string {
  try {
    const u = new URL(s);
    if (u.protocol === 'http:' || u.protocol === 'https:') return u.toString();
  } catch {
    // fall through
  }
  throw new UsageError(`${flag} needs a full http:// or https:// address, not "${s}".`);
}

function statement(db: Db, incidentId: string, v: Values): number {
  try {
    const { item, added } = addStatement(db, incidentId, {
      text: v.text ?? '',
      date: v.date ?? '',
      platform: v.platform ?? '',
      author: v.author ?? null,
      authorName: v['author-name'] ?? null,
      url: v.url ?? null,
    });
    console.log(added ? `Added statement ${item.id} by ${item.author.handle} (${item.platform}, ${item.createdAt}).` : `Already there: ${item.id}.`);
    return 0;
  } catch (e) {
    if (e instanceof StatementError) throw new UsageError(e.message);
    throw e;
  }
}

function list(db: Db, incidentId: string): number {
  const sources = listSources(db, incidentId);
  if (!sources.length) console.log(`No sources for "${incidentId}" yet; add one with --add-search, --add-account, --add-feed, --add-page or --add-policy.`);
  for (const s of sources) console.log(`${s.id}  ${s.config.kind} ${sourceLabel(s.config)}`);
  const errors = listFetchErrors(db, incidentId, 10);
  if (errors.length) {
    console.log('\nLatest fetch errors:');
    for (const e of errors) console.log(`  ${e.at}  ${e.sourceKey}  ${e.transient ? '(may pass) ' : ''}${e.message}`);
  }
  return 0;
}

async function collectLoop(db: Db, incidentId: string, v: Values, everyMs: number | null): Promise<number> {
  const controller = new AbortController();
  const stop = () => {
    if (!controller.signal.aborted) console.error('Stopping; the next run resumes where this one stopped.');
    controller.abort();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let code: number;
  try {
    for (;;) {
      const summary = await runCollection(db, incidentId, {
        signal: controller.signal,
        ...(v.wayback ? { wayback: true } : {}),
        ...(v.source?.length ? { sources: v.source } : {}),
        onProgress: v.json ? undefined : printProgress,
      });
      if (v.json) console.log(JSON.stringify(summary, null, 2));
      else printSummary(summary);
      code = summary.failed ? 1 : 0;
      if (summary.stopped || everyMs === null) break;
      console.log(`Next collection in ${v.every} minute(s); Ctrl-C stops.`);
      try {
        await sleep(everyMs, controller.signal);
      } catch (e) {
        if (e instanceof AbortedError) break;
        throw e;
      }
    }
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  return code;
}

function printProgress(p: CollectProgress): void {
  if (p.note) console.log(`  ${p.kind} ${p.label}: ${p.note}`);
  else if (p.error) console.log(`  ${p.kind} ${p.label}: failed: ${p.error}`);
  else if (p.done) console.log(`  ${p.kind} ${p.label}: done, ${p.found} found, ${p.added} new`);
}

function printSummary(s: CollectSummary): void {
  if (!s.sources.length) {
    console.log(`"${s.incidentId}" has no sources to collect; add one with \`claimline collect ${s.incidentId} --add-search <query>\` (see --help).`);
    return;
  }
  const versions = s.sources.reduce((n, x) => n + (x.versions ?? 0), 0);
  console.log(
    `Collected "${s.incidentId}": ${s.found} found, ${s.added} new${versions ? `, ${versions} new policy version(s)` : ''}` +
      `${s.failed ? `; ${s.failed} source(s) failed (see above, or --list)` : ''}${s.stopped ? '; stopped before the end' : ''}.`,
  );
}

/** The command as the CLI's dispatcher lists it. */
export const collect: Command = {
  name: 'collect',
  summary: 'collect an incident from Bluesky, feeds, pages and policy documents (once or --every N minutes)',
  usage: USAGE,
  run,
};
