import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_THRESHOLDS } from '../../core/lint/expiry';
import { buildFileReport } from '../../core/analysis/file-report';
import { reportToJson } from '../../core/format/report-json';
import { LineIndex } from '../../core/util/line-index';
import type { Problem } from '../../core/types';
import { loadFiles } from '../../node/decode-pool';
import { walk, type LoadedFile } from '../../node/files';
import { loadTrustStore } from '../../node/trust-store';
import type { ChainAnchor } from '../../core/chain/findings';
import { prepareWorkspace } from '../../core/chain/workspace';
import { storeRootFingerprints } from '../../core/lint/profile';
import { lintManifests, type YamlFile } from '../../core/cert-manager';
import { existsSync, readFileSync } from 'node:fs';
import { analyzeFleet } from '../../core/lifecycle/analyze-fleet';
import { parsePolicy, POLICY_FILE, type ParsedPolicy } from '../../core/lifecycle/policy';
import { thresholdsFor } from '../../core/lifecycle/policy-check';
import type { StreamResource } from '../../core/k8s/resource-stream';
import { ScanReportBuilder } from '../../core/report/scan-report';
import { decodeStdin } from '../../node/stdin-source';
import { JsonFilesWriter, needsReport, renderReport, scanFormat } from '../scan-output';
import { EXIT_FINDINGS, EXIT_OK, keystorePassword, resolveNow, UsageError, type CliCommand, type CliContext } from '../cli-context';
import { displayPath, number, readPaths } from '../args';

const USAGE = `usage: certlens scan <path…|-> [--format text|json|csv|markdown|html|sarif|openmetrics] [--json]
                     [--now ISO-8601] [--warn-days N] [--error-days N]
                     [--warn-percent N] [--error-percent N] [--disable code,…] [--policy FILE]
                     [--overlap-minimum DAYS] [--ca FILE]… [--no-system-trust] [--no-chain]
                     [--keystore-password PW]

Walks folders (skipping node_modules and .git), decodes every certificate,
CSR, CRL and key it finds, and reports findings with stable codes.
Chains are built across every certificate found (the pool) up to the trust
store (Node's roots and the system bundle) plus --ca anchors; a root found
in the scanned paths but not trusted is a private root (chain-private-root).
Keys are paired with certificates and CSRs by public key (key-mismatch).
Java keystores (JKS, JCEKS) are read without a password; --keystore-password
(or CERTLENS_KEYSTORE_PASSWORD) verifies their integrity and opens PKCS#12 files.
Certificates are checked against the CRLs found whose signature verifies with
the issuer (cert-revoked, crl-bad-signature, crl-unsupported).
--no-chain skips chain building, key pairing and CRL revocation (expiry and
decode findings only).
Across files, certificates of one identity (same subject and SANs, or same
key) are checked for rotation overlap and gaps, and trust bundles for CA
rotations (docs/lifecycle.md). --policy (default: ./.certlens.yaml when
present) applies an organisation's rules; a bad policy file is one finding.
'-' reads stdin: PEM, DER, a keystore, or Kubernetes YAML/JSON (kubectl get
secrets -A -o yaml), with findings named namespace/name.
--json is --format json.
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
        format: { type: 'string' },
        policy: { type: 'string' },
        'overlap-minimum': { type: 'string' },
        now: { type: 'string' },
        'warn-days': { type: 'string' },
        'error-days': { type: 'string' },
        'warn-percent': { type: 'string' },
        'error-percent': { type: 'string' },
        disable: { type: 'string' },
        ca: { type: 'string', multiple: true },
        'no-system-trust': { type: 'boolean', default: false },
        'no-chain': { type: 'boolean', default: false },
        'keystore-password': { type: 'string' },
      },
      strict: true,
    });
    const format = scanFormat(values.format, values.json);
    const stdin = positionals.includes('-');
    const paths =
      stdin && positionals.length === 1
        ? []
        : readPaths(
            positionals.filter((p) => p !== '-'),
            ctx,
          );
    const now = resolveNow(values.now, ctx);
    const overlapMinimumDays =
      values['overlap-minimum'] === undefined ? undefined : number(values['overlap-minimum'], '--overlap-minimum', 7);
    const policy = readPolicy(ctx, values.policy);
    const thresholds = {
      warnDays: number(values['warn-days'], '--warn-days', DEFAULT_THRESHOLDS.warnDays),
      errorDays: number(values['error-days'], '--error-days', DEFAULT_THRESHOLDS.errorDays),
      warnLifetimePercent: number(values['warn-percent'], '--warn-percent', DEFAULT_THRESHOLDS.warnLifetimePercent),
      errorLifetimePercent: number(values['error-percent'], '--error-percent', DEFAULT_THRESHOLDS.errorLifetimePercent),
    };
    if (thresholds.errorDays > thresholds.warnDays) throw new UsageError('--error-days must not exceed --warn-days');
    const disabled = new Set((values.disable ?? '').split(',').filter(Boolean));
    const explicit = new Set(paths);
    const password = keystorePassword(values['keystore-password'], ctx);
    const loadOptions = password === undefined ? {} : { password };
    // Collect first: chains, key pairing and cert-manager issuer resolution look across files.
    const loaded: LoadedFile[] = [];
    const manifests: YamlFile[] = [];
    // Decoding runs on every core (decode-pool.ts); results come back in walk order.
    const walked: string[] = [];
    for await (const p of walk(paths)) walked.push(p);
    const threads = Number(ctx.env?.CERTLENS_THREADS) || undefined;
    const decoded = await loadFiles(walked, explicit, { ...loadOptions, ...(threads && { threads }) });
    walked.forEach((p, i) => {
      const yaml = readManifest(p);
      if (yaml !== undefined) manifests.push({ path: p, text: yaml });
      loaded.push(decoded[i] ?? { path: p, text: yaml ?? '', decoded: { items: [], problems: [] } });
    });
    const virtual = new Set<string>();
    const resources = new Map<string, StreamResource>();
    if (stdin) {
      if (!ctx.stdin) throw new UsageError('-: no stdin to read');
      const s = await decodeStdin(await ctx.stdin(), password);
      for (const f of s.files) {
        virtual.add(f.path);
        loaded.push(f);
        const r = s.resources.get(f.path);
        if (r) resources.set(f.path, r);
        if (r && /cert-manager\.io|certmanager\.k8s\.io/.test(r.apiVersion)) manifests.push({ path: f.path, text: f.text ?? '' });
      }
    }
    if (policy) {
      virtual.add(policy.shown);
      loaded.push({ path: policy.shown, text: policy.text, decoded: { items: [], problems: policy.parsed.problems } });
      explicit.add(policy.shown);
    }
    const extra = new Map<string, Problem[]>();
    for (const r of lintManifests(manifests, { now, disabledRules: [...disabled] })) extra.set(r.path, r.problems);

    const chainsOn = !values['no-chain'];
    const anchors = chainsOn ? await trustAnchors(ctx, values.ca ?? [], !values['no-system-trust']) : [];
    // Copies of trust-store roots get no profile findings, with or without --no-chain.
    const systemTrust = !values['no-system-trust'];
    const trustedRoots = await storeRootFingerprints(chainsOn || !systemTrust ? anchors : (await loadTrustStore({ systemTrust })).anchors);
    const shownOf = (f: LoadedFile): string => (virtual.has(f.path) ? f.path : displayPath(ctx, f.path));
    // --no-chain needs no pool: preparing it costs ~20 KB per certificate (10,000 files: 200 MB).
    const workspace = !chainsOn
      ? undefined
      : prepareWorkspace(
          loaded.map((f) => ({ file: shownOf(f), items: f.decoded.items })),
          anchors,
        );
    const fleet = analyzeFleet(
      loaded.map((f) => ({ file: shownOf(f), items: f.decoded.items })),
      {
        now: now.getTime(),
        ...(overlapMinimumDays !== undefined && { overlapMinimumDays }),
        ...(policy?.parsed.policy && { policy: policy.parsed.policy }),
      },
    );
    const report = needsReport(format) ? new ScanReportBuilder(now.getTime(), fleet) : undefined;
    const json = format === 'json' ? new JsonFilesWriter(ctx.stdout) : undefined;
    let errors = 0;
    const counts = { error: 0, warning: 0, info: 0 };
    for (const file of loaded) {
      const shown = shownOf(file);
      const fileReport = await buildFileReport(
        { file: shown, ...(file.text !== undefined && { text: file.text }), decoded: file.decoded },
        {
          now,
          thresholds: thresholdsFor(policy?.parsed.policy, shown, thresholds),
          disabled,
          trustedRoots,
          ...(workspace && { workspace }),
          extra: extra.get(file.path) ?? [],
          fleet,
        },
      );
      const problems = fileReport.findings;
      if (file.decoded.items.length === 0 && problems.length === 0 && !explicit.has(file.path)) continue;
      for (const p of problems) counts[p.severity]++;
      errors += problems.filter((p) => p.severity === 'error').length;
      const resource = resources.get(file.path);
      if (report)
        report.add(
          shown,
          file.text,
          file.decoded.items,
          problems,
          resource && {
            kind: resource.kind,
            name: resource.resourceName,
            ...(resource.namespace !== undefined && { namespace: resource.namespace }),
          },
          fileReport.statuses,
        );
      else if (json) json.file(reportToJson(shown, fileReport));
      else printText(ctx, shown, file.text, file.decoded.items.length, problems);
    }
    if (report) ctx.stdout(renderReport(format, report.finish(), '0.1.0'));
    else if (json) json.end();
    else ctx.stdout(`\n${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} info\n`);
    return errors > 0 ? EXIT_FINDINGS : EXIT_OK;
  },
};

/** `--policy FILE`, else `./.certlens.yaml` when present; unreadable `--policy` is a usage error. */
function readPolicy(ctx: CliContext, flag: string | undefined): { shown: string; text: string; parsed: ParsedPolicy } | undefined {
  const path = resolve(ctx.cwd, flag ?? POLICY_FILE);
  if (flag === undefined && !existsSync(path)) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`--policy ${flag}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  return { shown: displayPath(ctx, path), text, parsed: parsePolicy(text) };
}

/** `--ca` files and the trust store as chain anchors; an unreadable `--ca` is a usage error. */
async function trustAnchors(ctx: CliContext, caFiles: readonly string[], systemTrust: boolean): Promise<ChainAnchor[]> {
  const files = caFiles.map((f) => resolve(ctx.cwd, f));
  const store = await loadTrustStore({ systemTrust, extraFiles: files });
  const bad = store.errors[0];
  if (bad) throw new UsageError(`--ca ${displayPath(ctx, bad.file)}: ${bad.message}`);
  return store.anchors.map((a) => ({
    der: a.der,
    source: a.source,
    label: a.ref.origin === 'extra' ? `--ca ${displayPath(ctx, a.ref.file ?? '')}` : 'trust store',
  }));
}

function printText(ctx: CliContext, path: string, text: string | undefined, itemCount: number, problems: readonly Problem[]): void {
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
