/**
 * The `claimline` command line: `claimline <command> [args]`, `claimline <command> --help`.
 * Exit codes: 0 done, 1 failed (the message says why and what to do), 2 wrong usage.
 */
import { BundleError } from '../shared/bundle';
import { analyze } from './cli/analyze';
import { UsageError, type Command } from './cli/args';
import { exportCommand } from './cli/export';
import { importCommand } from './cli/import';
import { incidents } from './cli/incidents';
import { serve } from './cli/serve';

const COMMANDS: Command[] = [serve, importCommand, exportCommand, analyze, incidents];

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
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${usage()}`);
    return 2;
  }
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
