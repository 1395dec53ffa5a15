/**
 * The cert-manager manifest linter: all workspace manifests in, per-file
 * Certificate items (with renewal timeline) and problems out. Pure and total:
 * bad YAML becomes one `yaml-syntax` problem, never an exception. Resources
 * are checked against their CRD schema (rules-schema.ts), the webhook's rules
 * and the renewal maths; templates (templates.ts) and kustomize patches
 * (kustomize.ts) decide which "missing field" findings stay silent.
 *
 * @example
 * const [r] = lintManifests([{ path: 'cert.yaml', text }], { now: new Date() });
 * r.problems.map((p) => p.code); // ['CM002']
 */
import type { Problem, Span } from '../types';
import { RULES, SYNTAX_CODE, ruleInfo } from './catalogue';
import { buildCertModel, type CertModel, type Fix, type RuleContext } from './context';
import { parseGoDuration } from './duration';
import { readIssuer, type IssuerInfo } from './issuers';
import { DEFAULT_ALERT, DEFAULT_OVERLAP_MINIMUM, DEFAULT_PAGE, buildTimeline, type Timeline } from './renewal';
import { collectResources, isCertManager, isIngressLike, type Resource } from './resources';
import { checkKey, checkMisc, checkRefs } from './rules-fields';
import { checkNames } from './rules-names';
import { checkIngress } from './rules-ingress';
import { checkApiVersion, checkLifetime } from './rules-lifetime';
import { checkRenewalPolicy } from './rules-renewal';
import { checkCA, checkRotation } from './rules-rotation';
import { inertYamlFile, parseYamlFile, type ParsedFile, type YamlFile } from './yaml-doc';
import { lintCannotConcern, mayNamePatches } from './prescreen';
import { isCleanYaml } from '../k8s/yaml-roots';
import { indexPatches } from './kustomize';
import { SCHEMA_CODES, checkSchema, nearestMap, suppliedByText } from './rules-schema';
import { checkAcmeServer, checkVenafiCustomFields } from './rules-acme-venafi';
import { closeFix } from './fix-comments';
import { releaseLastYaml } from '../util/yaml-limits';

export interface LintOptions {
  readonly now: Date;
  /** Rule ids to skip, e.g. ['CM114', 'CM120']. */
  readonly disabledRules?: readonly string[];
  /** Overlap minimum for CM106 in ns, or a Go duration string (default 168h). */
  readonly overlapMinimum?: number | string;
  /** CM119 thresholds (default 336h and 72h). */
  readonly alertThreshold?: number | string;
  readonly pageThreshold?: number | string;
  /** Only report for these paths (the rest is context for issuer lookup). */
  readonly only?: readonly string[];
}

export interface CertificateItem {
  readonly kind: 'Certificate';
  readonly name?: string;
  readonly namespace?: string;
  /** The resource mapping; `anchor` is the `kind` value (CodeLens line). */
  readonly span: Span;
  readonly anchor: Span;
  readonly issuer?: { readonly kind: string; readonly name: string; readonly resolved: boolean };
  readonly timeline: Timeline;
}

export interface ManifestResult {
  readonly path: string;
  readonly items: CertificateItem[];
  readonly problems: Problem[];
}

export interface FixData {
  readonly fix?: Fix;
  readonly fixes?: Fix[];
}

function toNs(v: number | string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v === 'number') return v;
  const p = parseGoDuration(v);
  return p.ok && p.ns > 0 ? p.ns : dflt;
}

/** Lints every file; issuers and CA relations resolve across all of them. */
export function lintManifests(files: readonly YamlFile[], options: LintOptions): ManifestResult[] {
  // A file of Secrets or ConfigMaps is not parsed when it is clean YAML: it gives no finding and no context.
  const patchable = files.some(mayNamePatches);
  const parsed = files.map((f) => (!patchable && lintCannotConcern(f) && isCleanYaml(f.text) ? inertYamlFile(f) : parseYamlFile(f)));
  const resources = parsed.flatMap(collectResources);
  const issuers = resources.map(readIssuer).filter((i): i is IssuerInfo => i !== undefined && CM_ISSUER(i.res));
  const certs = resources.filter((r) => isCertManager(r) && r.kind === 'Certificate').map((r) => buildCertModel(r, issuers, options.now));
  const disabled = new Set(options.disabledRules ?? []);
  const byPath = new Map<string, ManifestResult>(parsed.map((p) => [p.path, { path: p.path, items: [], problems: [] }]));
  const only = options.only ? new Set(options.only) : undefined;
  const patches = indexPatches(parsed);
  const shadows = new Map<string, Problem[]>(parsed.map((p) => [p.path, []]));
  const ctx: RuleContext = {
    now: options.now,
    overlapMinimum: toNs(options.overlapMinimum, DEFAULT_OVERLAP_MINIMUM),
    alertThreshold: toNs(options.alertThreshold, DEFAULT_ALERT),
    pageThreshold: toNs(options.pageThreshold, DEFAULT_PAGE),
    issuers,
    certs,
    report(res, code, span, message, fixes) {
      // A disabled webhook rule still hides the schema finding on the same node.
      if (disabled.has(code))
        return void shadows.get(res.file.path)?.push({ code, severity: ruleInfo(code)?.severity ?? 'warning', message, span });
      const severity = ruleInfo(code)?.severity ?? 'warning';
      const closed = fixes?.map((f) => closeFix(res.file.text, f));
      const data = closed && closed.length > 0 ? { fix: closed[0], fixes: closed } : undefined;
      byPath.get(res.file.path)?.problems.push({ code, severity, message, span, ...(data ? { data } : {}) });
    },
    supplied(res, path, keySpan, span) {
      if (patches.patchFiles.has(res.file.path) || patches.supplied(res.kind, res.name, path)) return true;
      const near = span ? { keySpan, span } : nearestMap(res, path);
      return suppliedByText(res, near.keySpan, near.span);
    },
  };
  const inScope = (f: ParsedFile): boolean => !only || only.has(f.path);
  for (const f of parsed) if (f.syntaxError && inScope(f) && !disabled.has(SYNTAX_CODE)) addSyntax(byPath.get(f.path)!, f);
  for (const f of parsed) if (f.limits && inScope(f)) byPath.get(f.path)?.problems.push(...f.limits);
  // Every schema code disabled: nothing the CRD check finds could be reported or hide another finding.
  const schema = SCHEMA_CODES.some((c) => !disabled.has(c));
  for (const res of resources) {
    if (!inScope(res.file)) continue;
    if (schema) checkSchema(ctx, res);
    if (isCertManager(res)) checkApiVersion(ctx, res);
    if (isCertManager(res) && res.kind !== 'Issuer' && res.kind !== 'ClusterIssuer') checkVenafiCustomFields(ctx, res);
    if (isIngressLike(res)) checkIngress(ctx, res);
    if (isCertManager(res) && (res.kind === 'Issuer' || res.kind === 'ClusterIssuer')) checkIssuer(ctx, res, issuers);
  }
  for (const m of certs) {
    if (!inScope(m.res.file)) continue;
    lintCertificate(ctx, m);
    byPath.get(m.res.file.path)!.items.push(certItem(m, ctx));
  }
  for (const r of byPath.values()) {
    dropSchemaDuplicates(r, shadows.get(r.path) ?? []);
    r.problems.sort((a, b) => a.span.start - b.span.start || a.code.localeCompare(b.code));
  }
  // The linter is the last reader of a text's parse (the decoders read it first): kept, the
  // documents (ten to twenty times the text) would be marked by every major GC of the next parse.
  for (const p of parsed) releaseLastYaml(p.tpl.text);
  return parsed.filter(inScope).map((p) => byPath.get(p.path)!);
}

/** Lints one text on its own (no cross-file issuer lookup). */
export function lintManifest(file: YamlFile, options: LintOptions): ManifestResult {
  return lintManifests([file], options)[0]!;
}

const CM_ISSUER = (r: Resource): boolean => isCertManager(r);

function lintCertificate(ctx: RuleContext, m: CertModel): void {
  checkRefs(ctx, m);
  checkNames(ctx, m);
  checkLifetime(ctx, m);
  checkKey(ctx, m);
  checkMisc(ctx, m);
  checkRenewalPolicy(ctx, m);
  checkRotation(ctx, m);
  checkCA(ctx, m);
}

/** CM104 lives on the Issuer: Let's Encrypt rejects the notAfter field. */
function checkIssuer(ctx: RuleContext, res: Resource, issuers: readonly IssuerInfo[]): void {
  checkAcmeServer(ctx, res);
  const info = issuers.find((i) => i.res === res);
  if (!info?.acme?.letsEncrypt || !info.acme.enableDurationFeature) return;
  const f = res.view.map_('spec')?.map_('acme')?.field('enableDurationFeature');
  if (f)
    ctx.report(
      res,
      'CM104',
      f.span,
      "Let's Encrypt does not support requesting a lifetime: with enableDurationFeature: true every Order that carries a duration fails. Remove enableDurationFeature.",
    );
}

function certItem(m: CertModel, ctx: RuleContext): CertificateItem {
  const ref = m.issuerRef;
  return {
    kind: 'Certificate',
    ...(m.res.name !== undefined ? { name: m.res.name } : {}),
    ...(m.res.namespace !== undefined ? { namespace: m.res.namespace } : {}),
    span: m.res.view.span,
    anchor: m.res.anchor,
    ...(ref.name ? { issuer: { kind: ref.kind ?? 'Issuer', name: ref.name, resolved: m.issuer !== undefined } } : {}),
    timeline: buildTimeline(
      m.schedule,
      { alert: ctx.alertThreshold, page: ctx.pageThreshold },
      {
        disabled: m.spec?.map_('renewal')?.str('policy') === 'Disabled',
        ...(m.windowedRenewalAt !== undefined ? { windowedRenewalAt: m.windowedRenewalAt } : {}),
      },
    ),
  };
}

const SCHEMA = new Set<string>(SCHEMA_CODES);

/**
 * A schema finding on a node where a webhook rule (CM001–CM029) already
 * reports an error says the same thing less precisely: keep the rule's.
 */
function dropSchemaDuplicates(r: ManifestResult, shadows: readonly Problem[]): void {
  const rules = [...r.problems, ...shadows].filter((p) => !SCHEMA.has(p.code) && p.severity === 'error' && /^CM0[0-2]\d$/.test(p.code));
  // The rule's node lies within the schema finding's node: it says the same, at least as precisely.
  const covers = (schema: Span, rule: Span): boolean => rule.start >= schema.start && rule.end <= schema.end;
  const keep = r.problems.filter((p) => !SCHEMA.has(p.code) || !rules.some((q) => covers(p.span, q.span)));
  r.problems.splice(0, r.problems.length, ...keep);
}

function addSyntax(r: ManifestResult, f: ParsedFile): void {
  r.problems.push({
    code: SYNTAX_CODE,
    severity: 'error',
    message: `Invalid YAML: ${f.syntaxError!.message}`,
    span: f.syntaxError!.span,
  });
}

export { RULES };
