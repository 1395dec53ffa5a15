/**
 * `certlens lint <path…> [--format text|json|sarif] [--now ISO] [--disable CMxxx,…]`
 * Lints cert-manager manifests; every YAML file found is one workspace, so
 * issuers resolve across files. Exit 0, 1 (an error-severity finding) or 2.
 */
import { resolve, sep } from 'node:path';
import { walkEntries } from '../../node/files';
import { readRegularFile } from '../../node/file-read';
import { displayPath } from '../args';
import { MANIFEST_PATH, RULES, SYNTAX_CODE, lintManifests, type ManifestResult, type YamlFile } from '../../core/cert-manager';
import { LineIndex } from '../../core/util/line-index';
import { escapeText } from '../../core/util/escape-text';
import { EXIT_FINDINGS, EXIT_OK, UsageError, type CliCommand } from '../cli-context';
import { COMMON_FLAGS, parseFlags, type FlagTable } from '../flags';
import { toSarif, type SarifRuleMeta } from '../sarif';

const USAGE = `usage: certlens lint <path…> [--format text|json|sarif] [--now ISO-8601] [--disable CM001,CM120]
                     [--overlap-minimum 168h] [--alert 336h] [--page 72h]

Lints cert-manager Certificates, Issuers and Ingress/Gateway annotations in
YAML files and Helm/Terraform templates (.yaml, .yml, .tpl, .tftpl; folders
are walked, node_modules and .git skipped), against the CRD schemas and the
webhook's rules.
A file that cannot be read is a finding on it (file-unreadable, an error);
FIFOs, sockets and devices are not read (file-not-regular).
Exit codes: 0 no error-severity finding, 1 at least one, 2 usage error.`;

export const LINT_FLAGS = {
  format: { kind: 'enum', values: ['text', 'json', 'sarif'] },
  json: { kind: 'boolean' },
  now: COMMON_FLAGS.now,
  disable: { kind: 'list' },
  'overlap-minimum': { kind: 'duration' },
  alert: { kind: 'duration' },
  page: { kind: 'duration' },
} as const satisfies FlagTable;

export const lintCommand: CliCommand = {
  summary: 'Lint cert-manager manifests (renewal maths, webhook rules, issuer facts)',
  usage: USAGE,
  async run(ctx) {
    const { values, positionals } = parseFlags(ctx.args, LINT_FLAGS);
    if (positionals.length === 0) throw new UsageError('no path given');
    const format = values.json ? 'json' : (values.format ?? 'text');
    const now = values.now ?? ctx.now();
    const explicit = new Set(positionals.map((p) => resolve(ctx.cwd, p)));
    // Unreadable, special and oversized files are findings on the file; the other files are still linted.
    const order: string[] = [];
    const files: YamlFile[] = [];
    const failed = new Map<string, ManifestResult>();
    for await (const e of walkEntries([...explicit])) {
      if (!e.explicit && !e.problem && !MANIFEST_PATH.test(e.path)) continue;
      if (e.problem && !e.explicit && !MANIFEST_PATH.test(e.path) && e.problem.severity !== 'error') continue;
      const path = displayPath(ctx, e.path).split(sep).join('/');
      order.push(path);
      const read = e.problem ? { ok: false as const, problem: e.problem } : readRegularFile(e.path);
      if (read.ok) files.push({ path, text: new TextDecoder().decode(read.bytes) });
      else failed.set(path, { path, items: [], problems: [read.problem] });
    }
    const linted = new Map(
      lintManifests(files, {
        now,
        disabledRules: values.disable,
        ...(values['overlap-minimum'] !== undefined ? { overlapMinimum: values['overlap-minimum'] } : {}),
        ...(values.alert !== undefined ? { alertThreshold: values.alert } : {}),
        ...(values.page !== undefined ? { pageThreshold: values.page } : {}),
      }).map((r) => [r.path, r]),
    );
    const results = order.flatMap((p) => linted.get(p) ?? failed.get(p) ?? []);
    const texts = new Map(files.map((f) => [f.path, f.text]));
    const json = toJson(results, texts);
    if (format === 'json') ctx.stdout(`${JSON.stringify(json, null, 2)}\n`);
    else if (format === 'sarif') ctx.stdout(`${JSON.stringify(sarifFor(json), null, 2)}\n`);
    else ctx.stdout(toText(json));
    return json.files.some((f) => f.problems.some((p) => p.severity === 'error')) ? EXIT_FINDINGS : EXIT_OK;
  },
};

type Json = ReturnType<typeof toJson>;

/** The foundation's `--json` shape (issue 2), items being Certificates. */
export function toJson(results: readonly ManifestResult[], texts: ReadonlyMap<string, string>) {
  return {
    version: 1 as const,
    files: results.map((r) => {
      const idx = new LineIndex(texts.get(r.path) ?? '');
      return {
        path: r.path,
        items: r.items.map((i) => ({
          kind: 'cert-manager-certificate',
          ...(i.name !== undefined ? { name: i.name } : {}),
          ...(i.namespace !== undefined ? { namespace: i.namespace } : {}),
          range: idx.range(i.span),
          ...(i.issuer ? { issuerRef: i.issuer } : {}),
          renewal: i.timeline.renewal,
          timeline: i.timeline.text,
        })),
        problems: r.problems.map((p) => ({ code: p.code, severity: p.severity, message: p.message, range: idx.range(p.span) })),
      };
    }),
  };
}

function toText(json: Json): string {
  const lines: string[] = [];
  let counts = { error: 0, warning: 0, info: 0 };
  for (const f of json.files) {
    for (const p of f.problems) {
      counts = { ...counts, [p.severity]: counts[p.severity] + 1 };
      lines.push(`${f.path}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.severity} ${p.code} ${p.message}`);
    }
    for (const i of f.items) lines.push(`${f.path}:${i.range.start.line + 1}: Certificate ${i.name ?? '(unnamed)'}: ${i.timeline}`);
  }
  lines.push(`${json.files.length} file(s): ${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} info`);
  return `${lines.map(escapeText).join('\n')}\n`;
}

const SYNTAX_RULE: SarifRuleMeta = {
  id: SYNTAX_CODE,
  title: 'Invalid YAML',
  help: 'The file is not valid YAML; fix the syntax error so it can be applied.',
  severity: 'error',
};

function sarifFor(json: Json): Record<string, unknown> {
  return toSarif({
    toolName: 'certlens',
    toolVersion: '0.1.0',
    rules: [...RULES.map((r) => ({ id: r.id, title: r.title, help: r.help, severity: r.severity })), SYNTAX_RULE],
    files: json.files.map((f) => ({ uri: f.path, problems: f.problems })),
  });
}
