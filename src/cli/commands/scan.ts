import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_THRESHOLDS } from '../../core/lint/expiry';
import { buildFileReport } from '../../core/analysis/file-report';
import { reportToJson, type JsonFile } from '../../core/format/report-json';
import { LineIndex } from '../../core/util/line-index';
import type { Problem } from '../../core/types';
import { mapOrdered } from '../../node/concurrency';
import { loadFile, walk, type LoadedFile } from '../../node/files';
import { loadTrustStore } from '../../node/trust-store';
import type { ChainAnchor } from '../../core/chain/findings';
import { prepareWorkspace } from '../../core/chain/workspace';
import { storeRootFingerprints } from '../../core/lint/profile';
import { lintManifests, type YamlFile } from '../../core/cert-manager';
import { readFileSync } from 'node:fs';
import { EXIT_FINDINGS, EXIT_OK, keystorePassword, resolveNow, UsageError, type CliCommand, type CliContext } from '../cli-context';
import { displayPath, number, readPaths } from '../args';

const USAGE = `usage: certlens scan <path…> [--json] [--now ISO-8601] [--warn-days N] [--error-days N]
                     [--warn-percent N] [--error-percent N] [--disable code,…]
                     [--ca FILE]… [--no-system-trust] [--no-chain] [--keystore-password PW]

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
        ca: { type: 'string', multiple: true },
        'no-system-trust': { type: 'boolean', default: false },
        'no-chain': { type: 'boolean', default: false },
        'keystore-password': { type: 'string' },
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
    const password = keystorePassword(values['keystore-password'], ctx);
    const loadOptions = password === undefined ? {} : { password };
    // Collect first: chains, key pairing and cert-manager issuer resolution look across files.
    const loaded: LoadedFile[] = [];
    const manifests: YamlFile[] = [];
    for await (const f of mapOrdered(walk(paths), 16, async (p) => ({
      p,
      file: await loadFile(p, explicit.has(p), loadOptions),
      yaml: readManifest(p),
    }))) {
      if (f.yaml !== undefined) manifests.push({ path: f.p, text: f.yaml });
      loaded.push(f.file ?? { path: f.p, text: f.yaml ?? '', decoded: { items: [], problems: [] } });
    }
    const extra = new Map<string, Problem[]>();
    for (const r of lintManifests(manifests, { now, disabledRules: [...disabled] })) extra.set(r.path, r.problems);

    const chainsOn = !values['no-chain'];
    const anchors = chainsOn ? await trustAnchors(ctx, values.ca ?? [], !values['no-system-trust']) : [];
    // Copies of trust-store roots get no profile findings, with or without --no-chain.
    const systemTrust = !values['no-system-trust'];
    const trustedRoots = await storeRootFingerprints(chainsOn || !systemTrust ? anchors : (await loadTrustStore({ systemTrust })).anchors);
    const shownOf = (f: LoadedFile): string => displayPath(ctx, f.path);
    const workspace = prepareWorkspace(
      loaded.map((f) => ({ file: shownOf(f), items: f.decoded.items })),
      anchors,
    );
    const files: JsonFile[] = [];
    let errors = 0;
    const counts = { error: 0, warning: 0, info: 0 };
    for (const file of loaded) {
      const shown = shownOf(file);
      const report = await buildFileReport(
        { file: shown, ...(file.text !== undefined && { text: file.text }), decoded: file.decoded },
        { now, thresholds, disabled, trustedRoots, ...(chainsOn && { workspace }), extra: extra.get(file.path) ?? [] },
      );
      const problems = report.findings;
      if (file.decoded.items.length === 0 && problems.length === 0 && !explicit.has(file.path)) continue;
      for (const p of problems) counts[p.severity]++;
      errors += problems.filter((p) => p.severity === 'error').length;
      if (values.json) files.push(reportToJson(shown, report));
      else printText(ctx, shown, file.text, file.decoded.items.length, problems);
    }
    if (values.json) ctx.stdout(`${JSON.stringify({ version: 1, files }, null, 2)}\n`);
    else ctx.stdout(`\n${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} info\n`);
    return errors > 0 ? EXIT_FINDINGS : EXIT_OK;
  },
};

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
