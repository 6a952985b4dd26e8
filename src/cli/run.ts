import { ConfigError, formatIssue } from '../config/config_error.js';
import { type CliIo, HELP } from './args.js';
import { evalCommand } from './eval.js';
import { exitCodeOf, UsageError } from './errors.js';
import { scoreCommand } from './score.js';
import { trainCommand } from './train.js';

const COMMANDS: Readonly<Record<string, (args: readonly string[], io: CliIo) => Promise<number>>> = {
  train: trainCommand,
  eval: evalCommand,
  score: scoreCommand,
};

function oneLine(e: unknown): string {
  if (e instanceof ConfigError) return `${e.config}: ${e.issues.map(formatIssue).join('; ')}`;
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n').map((l) => l.trim()).filter(Boolean).join('; ');
}

/**
 * Runs the `ocr-gan` command line with `argv` (without `node` and the script), writing to
 * `io`; resolves with the exit code: 0 ok, 1 runtime failure, 2 usage error, 3 unreadable
 * input. Errors become one line on stderr (with the stack under `--verbose`).
 *
 * @example
 * ```ts
 * import { runCli } from './run.js';
 * const code = await runCli(['--help'], { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), isTty: false });
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  const verbose = rest.includes('--verbose');
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      io.stdout(HELP.main as string);
      return command === undefined ? 2 : 0;
    }
    const run = COMMANDS[command];
    if (!run) throw new UsageError(`unknown command '${command}' (commands: ${Object.keys(COMMANDS).join(', ')}; see 'ocr-gan --help')`);
    return await run(rest, io);
  } catch (e) {
    const code = exitCodeOf(e);
    io.stderr(`ocr-gan${command && COMMANDS[command] ? ` ${command}` : ''}: error: ${oneLine(e)}\n`);
    if (verbose && e instanceof Error && e.stack) io.stderr(`${e.stack}\n`);
    return code;
  }
}
