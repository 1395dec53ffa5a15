import { parseArgs } from 'node:util';
import { DEFAULT_THRESHOLDS } from '../../core/expiry';
import { lintItems } from '../../core/lint';
import { toJsonFile, type JsonFile } from '../../core/report-json';
import { LineIndex } from '../../core/line-index';
import type { Problem } from '../../core/types';
import { mapOrdered } from '../../node/concurrency';
import { loadFile, walk, type LoadedFile } from '../../node/files';
import { lintManifests, type YamlFile } from '../../core/cert-manager';
import { readFileSync } from 'node:fs';
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
    // Collect first: findings such as cert-manager issuer resolution look across files.
    const loaded: LoadedFile[] = [];
    const manifests: YamlFile[] = [];
    for await (const f of mapOrdered(walk(paths), 16, async (p) => ({ p, file: await loadFile(p, explicit.has(p)), yaml: readManifest(p) }))) {
      if (f.yaml !== undefined) manifests.push({ path: f.p, text: f.yaml });
      loaded.push(f.file ?? { path: f.p, text: f.yaml ?? '', decoded: { items: [], problems: [] } });
    }
    const extra = new Map<string, Problem[]>();
    for (const r of lintManifests(manifests, { now, disabledRules: [...disabled] })) extra.set(r.path, r.problems);

    const files: JsonFile[] = [];
    let errors = 0;
    const counts = { error: 0, warning: 0, info: 0 };
    for (const file of loaded) {
      const problems: Problem[] = [
        ...file.decoded.problems.filter((p) => !disabled.has(p.code)),
        ...lintItems(file.decoded.items, { now, thresholds, disabled }),
        ...(extra.get(file.path) ?? []),
      ].sort((a, b) => a.span.start - b.span.start);
      if (file.decoded.items.length === 0 && problems.length === 0 && !explicit.has(file.path)) continue;
      for (const p of problems) counts[p.severity]++;
      errors += problems.filter((p) => p.severity === 'error').length;
      const shown = displayPath(ctx, file.path);
      if (values.json) files.push(toJsonFile(shown, file.text, file.decoded.items, problems));
      else printText(ctx, shown, file.text, file.decoded.items.length, problems);
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

/** YAML files are read for the cert-manager linter whether or not they hold certificates. */
function readManifest(path: string): string | undefined {
  if (!/\.ya?ml$/i.test(path)) return undefined;
  try {
    const text = readFileSync(path, 'utf8');
    return /cert-manager\.io|certmanager\.k8s\.io/.test(text) ? text : undefined;
  } catch {
    return undefined;
  }
}
