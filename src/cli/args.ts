import { UsageError, type CliContext } from './cli-context';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { escapeText } from '../core/util/escape-text';

export function readPaths(positionals: string[], ctx: CliContext): string[] {
  if (positionals.length === 0) throw new UsageError('expected at least one path');
  return positionals.map((p) => resolve(ctx.cwd, p));
}

/** Paths are printed relative to the working directory when inside it. */
export function displayPath(ctx: CliContext, abs: string): string {
  // A path under the working directory (the usual case, once per file of a scan) without path.relative's normalising.
  if (abs.length > ctx.cwd.length + 1 && abs.startsWith(ctx.cwd) && abs[ctx.cwd.length] === sep && !ctx.cwd.endsWith(sep)) {
    const rel = abs.slice(ctx.cwd.length + 1);
    if (!rel.startsWith('..') && rel.split(sep).every((p) => p !== '' && p !== '.' && p !== '..')) return rel;
  }
  const rel = relative(ctx.cwd, abs);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
}

/**
 * Writes one line of text output. The line is escaped (`escapeText`): file
 * names, subjects and messages come from input, and a newline or an escape
 * sequence in them must not forge a line or drive the terminal.
 */
export function printLine(ctx: CliContext, line: string): void {
  ctx.stdout(`${escapeText(line)}\n`);
}
