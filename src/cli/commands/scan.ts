import { parseArgs } from 'node:util';
import { DEFAULT_THRESHOLDS } from '../../core/expiry';
import { lintItems } from '../../core/lint';
import { toJsonFile, type JsonFile } from '../../core/report-json';
import { LineIndex } from '../../core/line-index';
import type { Problem } from '../../core/types';
import { mapOrdered } from '../../node/concurrency';
import { loadFile, walk } from '../../node/files';
import { EXIT_FINDINGS, EXIT_OK, resolveNow, UsageError, type CliCommand, type CliContext } from '../cli-context';
import { displayPath, number, readPaths } from '../args';

const USAGE = `usage: certlens scan <path…> [--json] [--now ISO-8601] [--warn-days N] [--error-days N]
                     [--warn-percent N] [--error-percent N] [--disable code,…]

Walks folders (skipping node_modules and .git), decodes every certificate,
CSR, CRL and key it finds, and reports findings with stable codes.
Exit 0: no error-severity finding; 1: at least one; 2: usage error or unreadable path.`;

export const scanCommand: CliCommand = {
  summary: 'find certificate problems in files and folders',
  usage: USAGE,
  async run(ctx: CliContext): Promise<number> {
    const { values, positionals } = parseArgs({
      args: ctx.args,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        now: { type: 'string' },
        'warn-days': { type: 'string' },
        'error-days': { type: 'string' },
        'warn-percent': { type: 'string' },
        'error-percent': { type: 'string' },
        disable: { type: 'string' },
      },
      strict: true,
    });
    const paths = readPaths(positionals, ctx);
    const now = resolveNow(values.now, ctx);
    const thresholds = {
      warnDays: number(values['warn-days'], '--warn-days', DEFAULT_THRESHOLDS.warnDays),
      errorDays: number(values['error-days'], '--error-days', DEFAULT_THRESHOLDS.errorDays),
      warnLifetimePercent: number(values['warn-percent'], '--warn-percent', DEFAULT_THRESHOLDS.warnLifetimePercent),
      errorLifetimePercent: number(values['error-percent'], '--error-percent', DEFAULT_THRESHOLDS.errorLifetimePercent),
    };
    if (thresholds.errorDays > thresholds.warnDays) throw new UsageError('--error-days must not exceed --warn-days');
    const disabled = new Set((values.disable ?? '').split(',').filter(Boolean));
    const explicit = new Set(paths);
    const files: JsonFile[] = [];
    let errors = 0;
    const counts = { error: 0, warning: 0, info: 0 };
    for await (const loaded of mapOrdered(walk(paths), 16, (p) => loadFile(p, explicit.has(p)))) {
      if (!loaded) continue;
      const path = loaded.path;
      const problems: Problem[] = [
        ...loaded.decoded.problems.filter((p) => !disabled.has(p.code)),
        ...lintItems(loaded.decoded.items, { now, thresholds, disabled }),
      ].sort((a, b) => a.span.start - b.span.start);
      for (const p of problems) counts[p.severity]++;
      errors += problems.filter((p) => p.severity === 'error').length;
      const shown = displayPath(ctx, path);
      if (values.json) files.push(toJsonFile(shown, loaded.text, loaded.decoded.items, problems));
      else printText(ctx, shown, loaded.text, loaded.decoded.items.length, problems);
    }
    if (values.json) ctx.stdout(`${JSON.stringify({ version: 1, files }, null, 2)}\n`);
    else ctx.stdout(`\n${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} info\n`);
    return errors > 0 ? EXIT_FINDINGS : EXIT_OK;
  },
};

function printText(ctx: CliContext, path: string, text: string | undefined, itemCount: number, problems: Problem[]): void {
  if (problems.length === 0) {
    ctx.stdout(`${path}: ${itemCount} item(s), no problems\n`);
    return;
  }
  const index = text === undefined ? undefined : new LineIndex(text);
  for (const p of problems) {
    const pos = index ? index.position(p.span.start) : { line: 0, character: 0 };
    ctx.stdout(`${path}:${pos.line + 1}:${pos.character + 1}: ${p.severity} [${p.code}] ${p.message}\n`);
  }
}
