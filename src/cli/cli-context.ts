import { readDate } from './flag-values';

/** What every CLI command receives: its arguments and where to write. */
export interface CliContext {
  readonly args: string[];
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  readonly cwd: string;
  /** Wall clock, injectable for tests; `--now` overrides it per command. */
  readonly now: () => Date;
  /** Environment variables (`CERTLENS_KEYSTORE_PASSWORD`); none when absent. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Reads all of stdin (`certlens scan -`); absent when there is none to read. */
  readonly stdin?: () => Promise<Uint8Array>;
}

/** `--keystore-password`, else `CERTLENS_KEYSTORE_PASSWORD`, else none (the empty password is tried). */
export function keystorePassword(flag: string | undefined, ctx: CliContext): string | undefined {
  return flag ?? ctx.env?.CERTLENS_KEYSTORE_PASSWORD;
}

/** Exit codes shared by every command (documented in the README). */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** A usage error or an unreadable path: exit 2 with a one-line reason. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  /** One line per mistake; each is printed escaped (a path may hold a newline). */
  readonly lines: readonly string[];
  constructor(message: string | readonly string[]) {
    const lines = typeof message === 'string' ? [message] : message;
    super(lines.join('\n'));
    this.lines = lines;
  }
}

export interface CliCommand {
  readonly summary: string;
  readonly usage: string;
  run(ctx: CliContext): Promise<number>;
}

/** Parses `--now` (a strict ISO-8601 date that exists) or returns the context clock. */
export function resolveNow(value: string | undefined, ctx: CliContext): Date {
  if (value === undefined) return ctx.now();
  const d = readDate(value);
  if (!d.ok) throw new UsageError(`--now: ${d.error}`);
  return d.value;
}
