import { parseArgs, type ParseArgsConfig } from 'node:util';
import { TerpsiError } from '../core/errors.js';

/** One `terpsi <name>` subcommand. */
export interface Command {
  readonly name: string;
  /** One line for `terpsi --help`. */
  readonly summary: string;
  /** The full `terpsi <name> --help` text. */
  readonly help: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(args: readonly string[]): Promise<number>;
}

/** util.parseArgs with usage errors turned into E_USAGE that point at the command's help. */
export function parse<O extends NonNullable<ParseArgsConfig['options']>>(command: string, args: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new TerpsiError('E_USAGE', `${(e as Error).message}; see terpsi ${command} --help`);
  }
}

/** A numeric option: absent stays undefined, anything that is not a number in range is a usage error. */
export function numberOption(command: string, name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) {
    throw new TerpsiError('E_USAGE', `--${name} expects a number in ${min}..${max}, got "${value}"; see terpsi ${command} --help`);
  }
  return n;
}

/** A whole-number option: as numberOption, and a fraction is a usage error too. */
export function wholeOption(command: string, name: string, value: string | undefined, min: number, max: number): number | undefined {
  const n = numberOption(command, name, value, min, max);
  if (n !== undefined && !Number.isInteger(n)) throw new TerpsiError('E_USAGE', `--${name} expects a whole number, got "${value}"; see terpsi ${command} --help`);
  return n;
}
