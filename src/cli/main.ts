import 'reflect-metadata';
import { UnreadablePathError } from '../node/files';
import { useNodeSignatures } from '../node/signature-engine';
import { escapeText } from '../core/util/escape-text';
import { EXIT_USAGE, UsageError, type CliCommand, type CliContext } from './cli-context';

/** Each subcommand lives in its own module; this table only wires them. */
const COMMANDS: Record<string, () => Promise<CliCommand>> = {
  inspect: async () => (await import('./commands/inspect')).inspectCommand,
  scan: async () => (await import('./commands/scan')).scanCommand,
  lint: async () => (await import('./commands/lint')).lintCommand,
  check: async () => (await import('./commands/check')).checkCommand,
};

function help(): string {
  const lines = Object.keys(COMMANDS).map((name) => `  ${name}`);
  return `usage: certlens <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun 'certlens <command> --help' for details.\n`;
}

export async function main(argv: string[], ctx: Omit<CliContext, 'args'>): Promise<number> {
  // Same verdicts, less main-thread work per signature than WebCrypto (node/signature-engine.ts).
  useNodeSignatures();
  const [name, ...args] = argv;
  if (!name) {
    ctx.stderr(`certlens: missing command\n${help()}`);
    return EXIT_USAGE;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    ctx.stdout(help());
    return 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    ctx.stderr(`certlens: unknown command '${escapeText(name)}'\n${help()}`);
    return EXIT_USAGE;
  }
  const command = await load();
  if (args.includes('--help') || args.includes('-h')) {
    ctx.stdout(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run({ ...ctx, args });
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (
      err instanceof UsageError ||
      err instanceof UnreadablePathError ||
      (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))
    ) {
      // A usage error names every mistake, one per line; parseArgs' own errors say one thing over several lines.
      const lines = err instanceof UsageError ? err.lines : (err as Error).message.split('\n').slice(0, 1);
      for (const line of lines) ctx.stderr(`certlens ${name}: ${escapeText(line)}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
}

if (require.main === module) {
  // `certlens scan … | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  main(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    cwd: process.cwd(),
    now: () => new Date(),
    env: process.env,
    stdin: async () => (await import('../node/stdin-source')).readAll(process.stdin),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`certlens: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = EXIT_USAGE;
    },
  );
}
