import { resolve } from 'node:path';
import { DEFAULT_THRESHOLDS } from '../../core/lint/expiry';
import { buildFileReport } from '../../core/analysis/file-report';
import { reportToJson } from '../../core/format/report-json';
import { LineIndex } from '../../core/util/line-index';
import type { Problem } from '../../core/types';
import { loadFiles } from '../../node/decode-pool';
import { loadFile, problemFile, walkEntries, type LoadedFile } from '../../node/files';
import { existsSync, readFileSync } from 'node:fs';
import { analyzeFleet } from '../../core/lifecycle/analyze-fleet';
import { parsePolicy, POLICY_FILE, type ParsedPolicy } from '../../core/lifecycle/policy';
import { thresholdsFor } from '../../core/lifecycle/policy-check';
import type { StreamResource } from '../../core/k8s/resource-stream';
import { ScanReportBuilder } from '../../core/report/scan-report';
import { decodeStdin } from '../../node/stdin-source';
import { JsonFilesWriter, needsReport, renderReport, scanFormat, SCAN_FORMATS } from '../scan-output';
import { readRegularFile } from '../../node/file-read';
import { gitStateFor } from '../../node/git-state';
import { committedKeyProblems } from '../../core/lint/committed-keys';
import { loadTrustStore } from '../../node/trust-store';
import type { ChainAnchor } from '../../core/chain/findings';
import { prepareWorkspace } from '../../core/chain/workspace';
import { isOid, type PolicyInputs } from '../../core/chain/policy';
import { storeRootFingerprints } from '../../core/lint/profile';
import { MANIFEST_PATH, lintManifests, mayNamePatches, type YamlFile } from '../../core/cert-manager';
import { releaseLastYaml } from '../../core/util/yaml-limits';
import { EXIT_FINDINGS, EXIT_OK, keystorePassword, UsageError, type CliCommand, type CliContext } from '../cli-context';
import { displayPath, printLine, readPaths } from '../args';
import { BufferedOutput } from '../buffered-output';
import { COMMON_FLAGS, parseFlags, type FlagTable } from '../flags';
import { cpuClockMs } from '../../node/cpu-clock';

const USAGE = `usage: certlens scan <path…|-> [--format text|json|csv|markdown|html|sarif|openmetrics] [--json]
                     [--policy-file FILE] [--overlap-minimum DAYS] [--now ISO-8601] [--warn-days N] [--error-days N]
                     [--warn-percent N] [--error-percent N] [--disable code,…]
                     [--ca FILE]… [--no-system-trust] [--no-chain] [--no-git] [--keystore-password PW]
                     [--crl FILE]… [--require-revocation] [--policy OID]… [--explicit-policy]
                     [--inhibit-policy-mapping] [--inhibit-any-policy]

Across files, certificates of one identity (same subject and SANs, or same
key) are checked for rotation overlap and gaps, and trust bundles for CA
rotations (docs/lifecycle.md). --policy-file (default: ./.certlens.yaml when
present) applies an organisation's rules; a bad policy file is one finding.
'-' reads stdin: PEM, DER, a keystore, or Kubernetes YAML/JSON (kubectl get
secrets -A -o yaml), with findings named namespace/name. --json is --format json.
Walks folders (skipping node_modules and .git), decodes every certificate,
CSR, CRL and key it finds, and reports findings with stable codes.
Chains are built across every certificate found (the pool) up to the trust
store (Node's roots and the system bundle) plus --ca anchors; a root found
in the scanned paths but not trusted is a private root (chain-private-root).
Keys are paired with certificates and CSRs by public key (key-mismatch).
Java keystores (JKS, JCEKS) are read without a password; --keystore-password
(or CERTLENS_KEYSTORE_PASSWORD) verifies their integrity and opens PKCS#12 files.
Every certificate on a path is checked against the CRLs found or given with
--crl (RFC 5280 §6.3: CRL signer validated, scope, reasons, delta CRLs):
cert-revoked, crl-bad-signature, crl-unsupported, revocation-unknown (info;
with --require-revocation an error, also for certificates without a CRL).
--policy OID (repeatable) is the acceptable policy set and implies
--explicit-policy; --explicit-policy alone requires any policy;
--inhibit-policy-mapping and --inhibit-any-policy are the other RFC 5280
§6.1.1 inputs. A path without an acceptable policy when one is required is
chain-policy; --json gives each leaf's policy set as chain.policies.
A private key in a file git tracks and does not ignore is private-key-committed
(warning; info when the key is encrypted); --no-git skips asking git.
FIFOs, sockets and devices are not read (file-not-regular); a file that
cannot be read is file-unreadable (an error), and the scan goes on.
--no-chain skips chain building, key pairing and CRL revocation (expiry and
decode findings only).
Exit 0: no error-severity finding; 1: at least one; 2: usage error or a named path that does not exist.`;

/** Days and percentages of a lifetime: a day count up to a century. */
const DAYS = { kind: 'number', min: 0, max: 36_500 } as const;
const PERCENT = { kind: 'number', min: 0, max: 100 } as const;

export const SCAN_FLAGS = {
  ...COMMON_FLAGS,
  'warn-days': DAYS,
  'error-days': DAYS,
  'warn-percent': PERCENT,
  'error-percent': PERCENT,
  disable: { kind: 'list' },
  ca: { kind: 'string', multiple: true },
  'no-system-trust': { kind: 'boolean' },
  'no-chain': { kind: 'boolean' },
  'no-git': { kind: 'boolean' },
  crl: { kind: 'string', multiple: true },
  'require-revocation': { kind: 'boolean' },
  policy: { kind: 'string', multiple: true },
  'explicit-policy': { kind: 'boolean' },
  'inhibit-policy-mapping': { kind: 'boolean' },
  'inhibit-any-policy': { kind: 'boolean' },
  format: { kind: 'enum', values: SCAN_FORMATS },
  'policy-file': { kind: 'string' },
  'overlap-minimum': DAYS,
} as const satisfies FlagTable;

export const scanCommand: CliCommand = {
  summary: 'find certificate problems in files and folders',
  usage: USAGE,
  async run(ctx: CliContext): Promise<number> {
    const { values, positionals } = parseFlags(ctx.args, SCAN_FLAGS);
    const format = scanFormat(values.format, values.json);
    const stdin = positionals.includes('-');
    const paths =
      stdin && positionals.length === 1
        ? []
        : readPaths(
            positionals.filter((p) => p !== '-'),
            ctx,
          );
    const now = values.now ?? ctx.now();
    const overlapMinimumDays = values['overlap-minimum'];
    const policy = readPolicy(ctx, values['policy-file']);
    const thresholds = {
      warnDays: values['warn-days'] ?? DEFAULT_THRESHOLDS.warnDays,
      errorDays: values['error-days'] ?? DEFAULT_THRESHOLDS.errorDays,
      warnLifetimePercent: values['warn-percent'] ?? DEFAULT_THRESHOLDS.warnLifetimePercent,
      errorLifetimePercent: values['error-percent'] ?? DEFAULT_THRESHOLDS.errorLifetimePercent,
    };
    if (thresholds.errorDays > thresholds.warnDays) throw new UsageError('--error-days must not exceed --warn-days');
    const disabled = new Set(values.disable);
    const password = keystorePassword(values['keystore-password'], ctx);
    const loadOptions = password === undefined ? {} : { password };
    // Collect first: chains, key pairing and cert-manager issuer resolution look across files.
    const loaded: LoadedFile[] = [];
    const manifests: YamlFile[] = [];
    // Decoding runs on every core (decode-pool.ts); results come back in walk order.
    const entries = [];
    for await (const e of walkEntries(paths)) entries.push(e);
    const readable = entries.filter((e) => !e.problem);
    const threads = Number(ctx.env?.CERTLENS_THREADS) || undefined;
    const decodedFiles = await loadFiles(
      readable.map((e) => e.path),
      new Set(readable.filter((e) => e.explicit).map((e) => e.path)),
      { ...loadOptions, ...(threads && { threads }) },
      new Set(readable.filter((e) => e.regular).map((e) => e.path)),
    );
    const byPath = new Map(readable.map((e, i) => [e.path, decodedFiles[i]]));
    for (const e of entries) {
      const file = e.problem ? problemFile(e.path, e.problem) : byPath.get(e.path);
      const yaml = e.problem ? undefined : readManifest(e.path, file?.text);
      if (yaml !== undefined) manifests.push({ path: e.path, text: yaml });
      loaded.push(file ?? { path: e.path, text: yaml ?? '', decoded: { items: [], problems: [] } });
    }
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
    }
    // Git state for private-key-committed: one git call per repository, bounded in time.
    const anyKey = loaded.some((f) => f.decoded.items.some((i) => i.kind === 'private-key'));
    const git = values['no-git'] || !anyKey ? () => undefined : await gitStateFor(paths);
    const extra = new Map<string, Problem[]>();
    for (const r of lintManifests(toLint(manifests, loaded), { now, disabledRules: [...disabled] })) extra.set(r.path, r.problems);
    // Every reader of the YAML is done: its parsed documents need not stay alive through chains and reports.
    releaseLastYaml();

    const chainsOn = !values['no-chain'];
    const anchors = chainsOn ? await trustAnchors(ctx, values.ca, !values['no-system-trust']) : [];
    // Copies of trust-store roots get no profile findings, with or without --no-chain.
    const systemTrust = !values['no-system-trust'];
    const trustedRoots = await storeRootFingerprints(chainsOn || !systemTrust ? anchors : (await loadTrustStore({ systemTrust })).anchors);
    const shownPaths = new Map<string, string>();
    const shownOf = (f: LoadedFile): string => {
      let s = shownPaths.get(f.path);
      if (s === undefined) shownPaths.set(f.path, (s = virtual.has(f.path) ? f.path : displayPath(ctx, f.path)));
      return s;
    };
    // --crl files join the set (their CRLs and any certificates) without being reported themselves.
    const crlFiles = await loadCrlFiles(ctx, values.crl ?? [], loadOptions);
    // --no-chain needs no pool: preparing it costs ~20 KB per certificate (10,000 files: 200 MB).
    const workspace = !chainsOn
      ? undefined
      : prepareWorkspace(
          [...loaded, ...crlFiles].map((f) => ({ file: shownOf(f), items: f.decoded.items })),
          anchors,
          {
            policy: policyInputs(values),
            ...(values['require-revocation'] && { requireRevocation: true }),
            clock: cpuClockMs,
            // Leaves are validated from their own file's items, as in the editor: the pool keeps
            // only certificates that issue or are named as issuers (10,000-leaf fleet: 310 → 290 MB,
            // scan --json identical on every fixture folder, PKITS and the adversarial sets).
            issuersOnly: true,
          },
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
    const out = new BufferedOutput(ctx.stdout);
    const octx = { ...ctx, stdout: out.write };
    const json = format === 'json' ? new JsonFilesWriter(out.write) : undefined;
    let errors = 0;
    const counts = { error: 0, warning: 0, info: 0 };
    try {
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
            fleet,
            extra: [...(extra.get(file.path) ?? []), ...committedKeyProblems(file.decoded.items, git(file.path))],
          },
        );
        const problems = fileReport.findings;
        if (file.decoded.items.length === 0 && problems.length === 0 && !paths.includes(file.path) && file.path !== policy?.shown) continue;
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
        else printText(octx, shown, file.text, file.decoded.items.length, problems);
      }
      if (report) out.write(renderReport(format, report.finish(), '0.1.0'));
      else if (json) json.end();
      else out.write(`\n${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} info\n`);
    } finally {
      out.flush();
    }
    return errors > 0 ? EXIT_FINDINGS : EXIT_OK;
  },
};

/** `--policy-file FILE`, else `./.certlens.yaml` when present; an unreadable `--policy-file` is a usage error. */
function readPolicy(ctx: CliContext, flag: string | undefined): { shown: string; text: string; parsed: ParsedPolicy } | undefined {
  const path = resolve(ctx.cwd, flag ?? POLICY_FILE);
  if (flag === undefined && !existsSync(path)) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`--policy-file ${flag}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
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
    printLine(ctx, `${path}: ${itemCount} item(s), no problems`);
    return;
  }
  const index = text === undefined ? undefined : new LineIndex(text);
  for (const p of problems) {
    const pos = index ? index.position(p.span.start) : { line: 0, character: 0 };
    printLine(ctx, `${path}:${pos.line + 1}:${pos.character + 1}: ${p.severity} [${p.code}] ${p.message}`);
  }
}

/** `--crl` files, decoded; one that cannot be read is a usage error. */
async function loadCrlFiles(ctx: CliContext, paths: readonly string[], options: { password?: string }): Promise<LoadedFile[]> {
  const out: LoadedFile[] = [];
  for (const p of paths) {
    const abs = resolve(ctx.cwd, p);
    const f = await loadFile(abs, true, options).catch((e: Error) => {
      throw new UsageError(`--crl ${p}: ${e.message}`);
    });
    // loadFile reports a file it cannot read (missing, FIFO, device) as a finding: for --crl that is a usage error.
    const unread = f?.decoded.problems.find((q) => q.code.startsWith('file-'));
    if (unread) throw new UsageError(`--crl ${p}: ${unread.message}`);
    if (!f || !f.decoded.items.some((i) => i.kind === 'crl')) throw new UsageError(`--crl ${p}: no CRL found in the file`);
    out.push(f);
  }
  return out;
}

/** RFC 5280 §6.1.1 (c), (e), (f), (g) from the flags; a malformed OID is a usage error. */
function policyInputs(v: {
  policy?: string[];
  'explicit-policy'?: boolean;
  'inhibit-policy-mapping'?: boolean;
  'inhibit-any-policy'?: boolean;
}): PolicyInputs {
  for (const oid of v.policy ?? []) if (!isOid(oid)) throw new UsageError(`--policy: not a dotted OID: ${JSON.stringify(oid)}`);
  return {
    ...(v.policy && v.policy.length > 0 && { initialPolicySet: v.policy }),
    // A required policy is enforced: --policy implies initial-explicit-policy.
    ...((v['explicit-policy'] || (v.policy ?? []).length > 0) && { explicitPolicy: true }),
    ...(v['inhibit-policy-mapping'] && { inhibitPolicyMapping: true }),
    ...(v['inhibit-any-policy'] && { inhibitAnyPolicy: true }),
  };
}

/**
 * The manifests to lint: all but the files the decoder read whole as clean
 * YAML and the linter cannot concern (`LoadedFile.lintInert`), so that
 * their text is not read again; all when a kustomization may name one as a
 * patch.
 */
function toLint(manifests: readonly YamlFile[], loaded: readonly LoadedFile[]): YamlFile[] {
  const inert = new Set(loaded.filter((f) => f.lintInert).map((f) => f.path));
  if (inert.size === 0 || manifests.some((m) => !inert.has(m.path) && mayNamePatches(m))) return [...manifests];
  return manifests.filter((m) => !inert.has(m.path));
}

/** Every manifest `certlens lint` reads is linted here too: one verdict per file (yaml-syntax included). */
function readManifest(path: string, decoded: string | undefined): string | undefined {
  if (!MANIFEST_PATH.test(path)) return undefined;
  // The text the decoder read (same UTF-8 decoding): not read twice, and the YAML parse cached for it is reused as is.
  if (decoded !== undefined) return decoded;
  // Only regular files, within the size cap; a failure is reported by loadFile.
  const read = readRegularFile(path);
  return read.ok ? new TextDecoder().decode(read.bytes) : undefined;
}
