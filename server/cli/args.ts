import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A command line the user got wrong: the message says what to type instead; exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Parses a command's arguments, turning Node's parse errors into a UsageError that points at --help. */
export function parse<T extends NonNullable<ParseArgsConfig['options']>>(command: string, args: string[], options: T) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}. See \`claimline ${command} --help\`.`);
  }
}

/** A command of the `claimline` CLI. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(args: string[]): Promise<number>;
}
