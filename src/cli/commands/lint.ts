/**
 * `certlens lint <path…> [--format text|json|sarif] [--now ISO] [--disable CMxxx,…]`
 * Lints cert-manager manifests; every YAML file found is one workspace, so
 * issuers resolve across files. Exit 0, 1 (an error-severity finding) or 2.
 */
import { readFile } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { walk } from '../../node/files';
import { displayPath } from '../args';
import { MANIFEST_PATH, RULES, SYNTAX_CODE, lintManifests, type ManifestResult } from '../../core/cert-manager';
import { LineIndex } from '../../core/util/line-index';
import { EXIT_FINDINGS, EXIT_OK, UsageError, resolveNow, type CliCommand } from '../cli-context';
import { toSarif, type SarifRuleMeta } from '../sarif';

const USAGE = `usage: certlens lint <path…> [--format text|json|sarif] [--now ISO-8601] [--disable CM001,CM120]
                     [--overlap-minimum 168h] [--alert 336h] [--page 72h]

Lints cert-manager Certificates, Issuers and Ingress/Gateway annotations in
YAML files and Helm/Terraform templates (.yaml, .yml, .tpl, .tftpl; folders
are walked, node_modules and .git skipped), against the CRD schemas and the
webhook's rules.
Exit codes: 0 no error-severity finding, 1 at least one, 2 usage error.`;

interface Args {
  paths: string[];
  format: 'text' | 'json' | 'sarif';
  now?: string;
  disable: string[];
  overlap?: string;
  alert?: string;
  page?: string;
}

function parseArgs(args: string[]): Args {
  const out: Args = { paths: [], format: 'text', disable: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const [flag, inline] =
      a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string => {
      const v = inline ?? args[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--format') {
      const f = value();
      if (f !== 'text' && f !== 'json' && f !== 'sarif') throw new UsageError(`--format: expected text, json or sarif, got ${f}`);
      out.format = f;
    } else if (flag === '--now') out.now = value();
    else if (flag === '--disable')
      out.disable.push(
        ...value()
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      );
    else if (flag === '--overlap-minimum') out.overlap = value();
    else if (flag === '--alert') out.alert = value();
    else if (flag === '--page') out.page = value();
    else if (flag === '--json') out.format = 'json';
    else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else out.paths.push(a);
  }
  if (out.paths.length === 0) throw new UsageError('no path given');
  return out;
}

export const lintCommand: CliCommand = {
  summary: 'Lint cert-manager manifests (renewal maths, webhook rules, issuer facts)',
  usage: USAGE,
  async run(ctx) {
    const args = parseArgs(ctx.args);
    const now = resolveNow(args.now, ctx);
    const explicit = new Set(args.paths.map((p) => resolve(ctx.cwd, p)));
    const paths: string[] = [];
    for await (const p of walk([...explicit])) if (explicit.has(p) || MANIFEST_PATH.test(p)) paths.push(p);
    const files = [];
    for (const p of paths) {
      try {
        files.push({ path: displayPath(ctx, p).split(sep).join('/'), text: await readFile(p, 'utf8') });
      } catch (err) {
        throw new UsageError(`cannot read ${p}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
      }
    }
    const results = lintManifests(files, {
      now,
      disabledRules: args.disable,
      ...(args.overlap ? { overlapMinimum: args.overlap } : {}),
      ...(args.alert ? { alertThreshold: args.alert } : {}),
      ...(args.page ? { pageThreshold: args.page } : {}),
    });
    const texts = new Map(files.map((f) => [f.path, f.text]));
    const json = toJson(results, texts);
    if (args.format === 'json') ctx.stdout(`${JSON.stringify(json, null, 2)}\n`);
    else if (args.format === 'sarif') ctx.stdout(`${JSON.stringify(sarifFor(json), null, 2)}\n`);
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
  return `${lines.join('\n')}\n`;
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
