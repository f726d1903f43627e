import type { ParseArgsConfig } from 'node:util';

/** Options every command accepts. */
export const COMMON_OPTIONS = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

export interface CliArgs {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

export interface CliContext {
  /** Resolved --data-dir (or the default profile folder). */
  dataDir: string;
  json: boolean;
  /** Progress for long work: goes to stderr so --json output on stdout stays clean. */
  progress(message: string): void;
}

/**
 * A `vanthu` command. `name` may have two words (`users add`). `run` returns a JSON-serialisable
 * result: printed as JSON with --json, otherwise through `print`. Throw AppError for failures:
 * the CLI prints one line and exits non-zero. Use `exitCode` for verdict-style commands
 * (e.g. verify exits 1 when a file is not valid).
 */
export interface CliCommand<R = unknown> {
  name: string;
  summary: string;
  usage: string;
  options?: NonNullable<ParseArgsConfig['options']>;
  allowPositionals?: boolean;
  run(ctx: CliContext, args: CliArgs): Promise<R> | R;
  print?(result: R): string;
  exitCode?(result: R): number;
}

export function defineCommand<R>(c: CliCommand<R>): CliCommand<R> {
  return c;
}
