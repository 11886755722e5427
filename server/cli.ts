/**
 * The `claimline` command line: `claimline <command> [args]`, `claimline <command> --help`.
 * Exit codes: 0 done, 1 failed (the message says why and what to do), 2 wrong usage.
 */
import { BundleError } from '../shared/bundle';
import { UsageError, type Command } from './cli/args';

// Commands load on use: `claimline --help` and light commands should not pay for the Bluesky client,
// the HTML parsers and the analysis engine.
const COMMANDS: { name: string; summary: string; load: () => Promise<Command> }[] = [
  { name: 'serve', summary: 'start the HTTP API (loads the demo incident into an empty database)', load: async () => (await import('./cli/serve')).serve },
  { name: 'import', summary: 'import an incident bundle folder', load: async () => (await import('./cli/import')).importCommand },
  { name: 'export', summary: 'export an incident as a bundle folder', load: async () => (await import('./cli/export')).exportCommand },
  { name: 'analyze', summary: 'analyse a bundle and write the analysis JSON', load: async () => (await import('./cli/analyze')).analyze },
  { name: 'incidents', summary: 'list the incidents in the database', load: async () => (await import('./cli/incidents')).incidents },
  { name: 'collect', summary: 'collect posts, articles and policy versions from the incident\'s sources', load: async () => (await import('./cli/collect')).collect },
];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'usage: claimline <command> [args]   (claimline <command> --help for more)',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Environment: CLAIMLINE_DB (database file), CLAIMLINE_DATA_DIR (data folder), CLAIMLINE_HOST, CLAIMLINE_PORT, CLAIMLINE_TOKEN.',
  ].join('\n');
}

/** Runs one command line; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    console.error(`Unknown command "${name}".\n\n${usage()}`);
    return 2;
  }
  const command = await entry.load();
  if (args.includes('--help') || args.includes('-h')) {
    console.log(command.usage);
    return 0;
  }
  try {
    return await command.run(args);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(e.message);
      return 2;
    }
    if (e instanceof BundleError) {
      console.error(`The bundle is not valid: ${e.message}\nNothing was written. Fix the bundle and run the command again.`);
      return 1;
    }
    console.error(e instanceof Error ? e.message : String(e));
    if (process.env.CLAIMLINE_DEBUG && e instanceof Error) console.error(e.stack);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
