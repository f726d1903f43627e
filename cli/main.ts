import path from 'node:path';
import { parseArgs } from 'node:util';
import { AppError, isAppError } from '../shared/api/errors';
import { COMMON_OPTIONS, type CliCommand } from './command';
import { COMMANDS } from './commands/index';
import { defaultDataDir } from '../core/paths';

function findCommand(argv: string[]): { cmd: CliCommand<any>; rest: string[] } | undefined {
  const two = argv.slice(0, 2).join(' ');
  const one = argv[0] ?? '';
  const byTwo = COMMANDS.find((c) => c.name === two);
  if (byTwo) return { cmd: byTwo, rest: argv.slice(2) };
  const byOne = COMMANDS.find((c) => c.name === one);
  if (byOne) return { cmd: byOne, rest: argv.slice(1) };
  return undefined;
}

function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'vanthu — VanThu e-office, command line',
    '',
    'Usage: vanthu <command> [options]   (every command takes --data-dir DIR and --json)',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run "vanthu <command> --help" for a command’s options.',
  ].join('\n');
}

export async function runCli(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    process.stdout.write(helpText() + '\n');
    return argv.length === 0 ? 2 : 0;
  }
  const found = findCommand(argv);
  const wantsJson = argv.includes('--json');
  try {
    if (!found) throw new AppError('VALIDATION', `Unknown command "${argv[0]}". Run "vanthu --help" for the list.`);
    const { cmd, rest } = found;
    let parsed;
    try {
      parsed = parseArgs({
        args: rest,
        options: { ...COMMON_OPTIONS, ...(cmd.options ?? {}) },
        allowPositionals: cmd.allowPositionals ?? false,
        strict: true,
      });
    } catch (e) {
      throw new AppError('VALIDATION', `${(e as Error).message}. Usage: vanthu ${cmd.usage}`);
    }
    if (parsed.values.help) {
      process.stdout.write(`Usage: vanthu ${cmd.usage}\n\n${cmd.summary}\n`);
      return 0;
    }
    const dataDirArg = parsed.values['data-dir'];
    const dataDir = path.resolve(typeof dataDirArg === 'string' ? dataDirArg : defaultDataDir());
    const json = parsed.values.json === true;
    const result = await cmd.run(
      { dataDir, json, progress: (m) => { if (!json || process.stderr.isTTY) process.stderr.write(m + '\n'); } },
      { values: parsed.values as never, positionals: parsed.positionals },
    );
    if (json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    else if (cmd.print) {
      const text = cmd.print(result);
      if (text) process.stdout.write(text.endsWith('\n') ? text : text + '\n');
    }
    return cmd.exitCode ? cmd.exitCode(result) : 0;
  } catch (e) {
    const err = isAppError(e) ? e : new AppError('INTERNAL', (e as Error)?.message ?? String(e));
    if (wantsJson) process.stdout.write(JSON.stringify({ error: err.toPayload() }, null, 2) + '\n');
    process.stderr.write(`vanthu: ${err.code}: ${err.message.split('\n')[0]}\n`);
    if (!isAppError(e) && process.env.VANTHU_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
    return err.code === 'VALIDATION' ? 2 : 1;
  }
}

