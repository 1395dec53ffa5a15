/**
 * One file's (or one served chain's) chain findings in the making: its
 * targets, each target's best path and verdict, and every problem on the
 * block at fault, reported once. `analyzeChains` (findings.ts) drives it.
 */
import { FilePositions } from './file-positions';
import { lintCabf } from '../lint/cabf-lint';
import { EKU_OIDS, type PathFailure, type ValidPath } from './index.js';
import { chainSeverity, type ChainCode, type ChainMode } from './codes';
import { describeFailure, ekuNames, LINTED } from './failure';
import { poolKey, nodeSummary, shortName, type ChainNode, type ChainPoolCert, type PreparedChains, validationOptions } from './pool';
import { lintProfile, restatedProfileCode } from '../lint/profile';
import type { CertificateSummary } from '../x509/certificate';
import type { ChainFindingsOptions, ChainProblem, ChainStep, ChainVerdict } from './verdict';

/** One run of analyzeChains over one file. */
export class FileRun {
  readonly problems: ChainProblem[] = [];
  readonly verdicts: ChainVerdict[] = [];
  private readonly mode: ChainMode;
  /** Where the file holds each pool node. */
  private readonly pos = new FilePositions();
  /**
   * Per block, the `chain-misordered` problem already on it (its index in
   * `problems`) and how many more leaves of the file it stands for: a bundle
   * that lists its CA before 30,000 leaves gets one warning, not 30,000.
   */
  private readonly misorderedAt = new Map<ChainPoolCert['ref'], { index: number; more: number }>();
  private readonly pathNodes = new Set<number>();
  /** Per block (ref object): the code + message pairs already reported, so a repeat is dropped in O(1). */
  private readonly reported = new Map<ChainPoolCert['ref'], Set<string>>();
  private summaries: CertificateSummary[] | undefined;
  /**
   * Each node's verdict step, made once per run and shared by every verdict
   * whose path holds it (steps are read-only data): a bundle of 30,000 leaves
   * of one CA made 60,000 equal steps of the CA and its root.
   */
  private readonly steps = new Map<number, ChainStep>();

  constructor(
    private readonly p: PreparedChains,
    private readonly file: readonly ChainPoolCert[],
    private readonly options: ChainFindingsOptions,
  ) {
    this.mode = p.mode;
    file.forEach((c, i) => this.pos.add(p.byKey.get(poolKey(c))!, i));
  }

  targets(): number[] {
    // The issuer names of the file's certificates that are not self-issued: a certificate one of them names issues
    // another (a self-issued one never names another certificate's subject, so leaving it out keeps `o !== s` implied).
    const named = new Set<string>();
    if (this.mode !== 'endpoint') for (const c of this.file) if (!c.item.certificate.selfIssued) named.add(c.item.certificate.issuerDerHex);
    const chosen =
      this.mode === 'endpoint'
        ? this.file.slice(0, 1)
        : this.file.filter((c) => {
            const s = c.item.certificate;
            if (s.selfSigned && s.isCA) return false;
            return !named.has(s.subjectDerHex);
          });
    return [...new Set(chosen.map((c) => this.p.byKey.get(poolKey(c))!))];
  }

  prefetch(t: number | undefined): void {
    const node = t === undefined ? undefined : this.p.nodes[t];
    if (node) this.p.validator.prefetch({ der: node.der, ref: t as number });
  }

  async analyzeTarget(t: number): Promise<void> {
    const node = this.p.nodes[t]!;
    const leaf = this.fileCert(t)!;
    const s = leaf.item.certificate;
    if (s.selfSigned && !s.isCA) {
      this.add(
        'chain-self-signed',
        t,
        t,
        `"${s.subjectLabel}" is self-signed and not a CA: only clients that trust this very certificate accept it`,
      );
      const trusted = node.anchor !== undefined;
      if (this.mode === 'endpoint' && !trusted)
        this.add(
          'chain-untrusted-root',
          t,
          t,
          `the server's certificate "${s.subjectLabel}" is self-signed and no trust anchor matches it`,
        );
      await this.verdict(
        t,
        trusted,
        trusted ? 'chain-ok' : this.mode === 'endpoint' ? 'chain-untrusted-root' : 'chain-self-signed',
        `self-signed: ${shortName(s.subject)}`,
        [t],
      );
      return;
    }
    const eku = s.extendedKeyUsage ?? [];
    const requiredEkus =
      this.mode === 'endpoint'
        ? [EKU_OIDS.serverAuth]
        : eku.includes('serverAuth')
          ? [EKU_OIDS.serverAuth]
          : eku.includes('clientAuth')
            ? [EKU_OIDS.clientAuth]
            : [];
    const opts = { now: this.options.now, requiredEkus, kind: 'server' as const, ...validationOptions(this.p.validation) };
    const r = await this.p.validator.validate({ der: node.der, ref: t }, opts);
    const first = r.failures[0];
    const leafFail =
      !r.ok &&
      first &&
      first.path.length === 1 &&
      first.culprit === t &&
      !['missing-issuer', 'untrusted-root', 'budget-exceeded'].includes(first.code)
        ? first
        : undefined;
    if (leafFail && !LINTED.has(leafFail.code) && !this.restated(t, leafFail)) {
      this.add(leafFail.code === 'eku' ? 'chain-eku' : 'chain-invalid', t, t, `"${s.subjectLabel}": ${ekuNames(leafFail.message)}`);
    }
    const paths = r.ok ? r.validPaths : r.chainPaths;
    if (paths.length > 0) await this.sound(t, paths, leafFail);
    else await this.broken(t, leafFail ? r.failures.slice(1) : r.failures);
  }

  /** At least one path whose issuers all validate. */
  private async sound(t: number, paths: readonly ValidPath<number>[], leafFail: PathFailure<number> | undefined): Promise<void> {
    const trusted = paths.filter((p) => !this.p.nodes[p.anchor.ref]!.private);
    const usable = trusted.length > 0 ? trusted : paths;
    const best = usable[0]!;
    const refs = best.certs.map((c) => c.ref);
    refs.forEach((n) => this.pathNodes.add(n));
    const top = this.p.nodes[best.anchor.ref]!;
    const topName = await this.label(best.anchor.ref);
    const leafLabel = await this.label(t);
    // A private root is reported once, on the root's own block (privateRoots); the leaf's verdict names it.
    if (!top.private && !leafFail) {
      this.add('chain-ok', t, t, `"${leafLabel}" chains to ${topName} (${top.anchor!.label})`);
    }
    this.misordered(refs);
    if (usable.length > 1) {
      const issuersEnd = (p: ValidPath<number>): string => p.certs.slice(1).reduce((m, c) => (c.notAfter < m ? c.notAfter : m), '9999');
      const ranked = [...usable].sort((a, b) => (issuersEnd(a) < issuersEnd(b) ? 1 : -1));
      const describe = async (p: ValidPath<number>): Promise<string> =>
        `${(await Promise.all(p.certs.slice(1).map(async (c) => `${await this.label(c.ref)} (to ${c.notAfter.slice(0, 10)})`))).join(' → ')}`;
      const lines = await Promise.all(ranked.map(describe));
      this.add(
        'chain-cross-signed',
        t,
        t,
        `${usable.length} valid paths: ${lines.join('; ')}; the first one expires last (${issuersEnd(ranked[0]!).slice(0, 10)})`,
        { paths: usable.length },
      );
    }
    for (const r of best.revocation ?? [])
      if (r.state === 'unknown')
        this.add('revocation-unknown', r.ref, t, `"${await this.label(r.ref)}": revocation status unknown: ${r.detail}`);
    const leafEnd = this.p.nodes[t]!.item!.certificate.notAfter;
    if (best.expiresFirst !== t && Date.parse(best.expires) < leafEnd) {
      const culprit = await this.label(best.expiresFirst);
      this.add(
        'chain-expires-early',
        best.expiresFirst,
        t,
        `the chain of "${leafLabel}" expires ${best.expires.slice(0, 10)}, before the certificate itself (${new Date(leafEnd).toISOString().slice(0, 10)}), because "${culprit}" expires first`,
        { expires: best.expires },
      );
    }
    const ok = !leafFail || LINTED.has(leafFail.code);
    const text = top.private
      ? `chain OK → ${topName} (private root)`
      : ok
        ? `chain OK → ${topName}`
        : `chain rejects the certificate: ${leafFail!.message}`;
    await this.verdict(
      t,
      ok,
      top.private ? 'chain-private-root' : ok ? 'chain-ok' : leafFail!.code === 'eku' ? 'chain-eku' : 'chain-invalid',
      text,
      refs,
      best,
    );
  }

  /** No valid path: report the failure that got furthest. */
  private async broken(t: number, failures: readonly PathFailure<number>[]): Promise<void> {
    // A budget that ran out makes every other failure inconclusive.
    let f: PathFailure<number> | undefined = failures.find((x) => x.code === 'budget-exceeded');
    if (!f) for (const x of failures) if (!f || x.path.length > f.path.length) f = x;
    if (!f) {
      await this.verdict(t, false, 'chain-invalid', 'chain: not validated', [t]);
      return;
    }
    const culprit = f.code === 'bad-signature' ? (f.path[f.path.length - 2] ?? t) : f.culprit;
    const who = await this.label(culprit);
    const c = this.p.nodes[culprit]!;
    const issuer = f.code === 'bad-signature' ? await this.label(f.path[f.path.length - 1]!) : undefined;
    const { code, message, text, data } = describeFailure(f, this.mode, who, await nodeSummary(c), issuer);
    // A weak signature or key on a block of this file is already linted there.
    const linted = ((LINTED.has(f.code) && code === 'chain-invalid') || this.restated(culprit, f)) && this.pos.has(culprit);
    if (!linted) this.add(code, culprit, t, message, data);
    const trail = f.code === 'bad-signature' ? f.path.slice(0, -1) : f.path;
    trail.forEach((n) => this.pathNodes.add(n));
    this.misordered(trail);
    await this.verdict(t, false, code, text, trail);
  }

  /** The issuing order against the file's or server's order (leaf first). */
  private misordered(path: readonly number[]): void {
    const target = this.fileCert(path[0]!);
    if (!target || target.item.container !== undefined) return;
    if (this.mode === 'file' && target.item.certificate.isCA) return; // a CA bundle has no order to keep
    // Certificates embedded in YAML are ordered within one field value (a
    // Secret's tls.crt), never across fields: a kubeconfig lists
    // certificate-authority-data before client-certificate-data by design.
    // (Every block of one embedded value shares the value's span.)
    const sameValue = (c: ChainPoolCert): boolean =>
      target.item.source
        ? c.item.source?.literal.start === target.item.source.literal.start // source code: one literal run is one bundle
        : !target.item.embedded || (!!c.item.embedded && c.item.span.start === target.item.span.start);
    // Concatenated fullchain files repeat the intermediate after every leaf: each issuer is read at its copy that follows.
    const positions = this.pos.along(path, (x) => sameValue(this.file[x]!));
    if (this.mode === 'endpoint' && positions[0] !== 0) return;
    const bad = positions.findIndex((p, i) => i > 0 && p < positions[i - 1]!);
    if (bad < 0) return;
    const where = this.mode === 'file' ? 'the file lists' : 'the server sends';
    const order = positions.map((p) => `#${p + 1}`).join(', ');
    const at = this.file[positions[bad]!]!;
    const earlier = this.misorderedAt.get(at.ref);
    if (earlier && this.mode === 'file') {
      earlier.more++;
      return;
    }
    this.misorderedAt.set(at.ref, { index: this.problems.length, more: 0 });
    this.addAt('chain-misordered', at, `${where} the chain out of issuing order: leaf first, then each issuer, would be blocks ${order}`, {
      issuingOrder: positions,
    });
  }

  /** Each `chain-misordered` that stands for more leaves says how many. */
  countMisordered(): void {
    for (const { index, more } of this.misorderedAt.values()) {
      const p = this.problems[index];
      if (!p || more === 0) continue;
      const leaves = more === 1 ? '1 more leaf' : `${more.toLocaleString('en-US')} more leaves`;
      this.problems[index] = {
        ...p,
        message: `${p.message}; so would ${leaves} of the file after it`,
        data: { ...p.data, moreLeaves: more },
      };
    }
  }

  /** `chain-root-included`, once per self-signed CA of the file that a path uses (or any served one). */
  async rootsIncluded(): Promise<void> {
    if (this.verdicts.length === 0) return;
    const seen = new Set<number>();
    const targets = new Set(this.verdicts.map((v) => v.ref));
    for (const at of this.file) {
      const n = this.p.byKey.get(poolKey(at))!;
      const c = at.item.certificate;
      if (!c.selfSigned || !c.isCA || seen.has(n)) continue;
      // A Java truststore's trustedCertEntry roots are its purpose, not extra bytes;
      // so is a root in a field meant for one (ca.crt, caBundle, certificate-authority-data, status.ca).
      if (at.item.keystoreEntry?.type === 'trustedCertEntry' || at.item.embedded?.role === 'ca') continue;
      // So is a root in source code: firmware and SDKs compile in the client's own copy.
      if (at.item.source) continue;
      if (this.mode === 'file' && !this.pathNodes.has(n)) continue;
      if (targets.has(at.ref)) continue;
      seen.add(n);
      const what = this.mode === 'file' ? 'the bundle carries' : 'the server sends';
      this.addAt('chain-root-included', at, `${what} its root "${c.subjectLabel}"; clients use their own copy, so it only adds bytes`);
    }
  }

  /**
   * A rejection the profile lint already reports, at warning or worse, on the
   * same block of this file (`cert-serial-invalid` for a bad serial, …): not
   * repeated as `chain-invalid`. Endpoint mode has no profile lint.
   */
  private restated(n: number, f: PathFailure<number>): boolean {
    const at = this.fileCert(n);
    if (this.mode !== 'file' || !at || (f.code !== 'profile' && f.code !== 'malformed')) return false;
    const code = restatedProfileCode(f.rule);
    this.summaries ??= this.file.map((c) => c.item.certificate);
    return !!code && lintProfile(at.item, this.summaries).some((p) => p.code === code && p.severity !== 'info');
  }

  private stepOf(n: number, anchor: boolean): ChainStep | undefined {
    return this.steps.get(stepKey(n, anchor));
  }

  private async newStep(n: number, asAnchor: boolean): Promise<ChainStep> {
    const node = this.p.nodes[n]!;
    const s = await nodeSummary(node);
    const anchor = asAnchor ? anchorLabel(node) : undefined;
    const step: ChainStep = {
      subject: s?.subject ?? '',
      sha256: s?.sha256 ?? '',
      notAfter: s ? new Date(s.notAfter).toISOString() : '',
      ...(node.where && { where: node.where }),
      ...(anchor && { anchor }),
    };
    this.steps.set(stepKey(n, asAnchor), step);
    return step;
  }

  private fileCert(n: number): ChainPoolCert | undefined {
    const i = this.pos.get(n);
    return i === undefined ? undefined : this.file[i];
  }

  private async label(n: number): Promise<string> {
    const s = await nodeSummary(this.p.nodes[n]!);
    return s?.subjectLabel ?? '(unreadable certificate)';
  }

  /**
   * `chain-private-root` on each self-signed workspace CA that no anchor
   * matches, on its plainest copy only (`root-ca.crt` rather than a bundle or
   * a kubeconfig), so a private PKI gets one finding, not one per leaf.
   */
  privateRoots(): void {
    if (this.mode !== 'file') return;
    for (const c of this.file) {
      const n = this.p.nodes[this.p.byKey.get(poolKey(c))!]!;
      if (!n.private || (n.where && (n.where.file !== c.ref.file || n.where.index !== c.ref.index))) continue;
      this.addAt(
        'chain-private-root',
        c,
        `"${c.item.certificate.subjectLabel}" is a private root: it is not in the trust store, so only clients that install it trust the certificates it issues`,
        { sha256: c.item.certificate.sha256 },
      );
    }
  }

  /** A problem on the culprit's block when it is in this file, else on the target's. */
  private add(code: ChainCode, culprit: number, target: number, message: string, data?: Record<string, unknown>): void {
    const at = this.fileCert(culprit) ?? this.fileCert(target)!;
    const elsewhere = this.fileCert(culprit) ? undefined : this.p.nodes[culprit]!;
    // A served chain has no other file: naming where a culprit lives is for workspace files only.
    const where =
      this.mode === 'endpoint'
        ? ''
        : elsewhere?.where
          ? ` (in ${elsewhere.where.file})`
          : elsewhere?.anchor
            ? ` (${elsewhere.anchor.label})`
            : '';
    this.addAt(code, at, `${message}${where}`, data);
  }

  private addAt(code: ChainCode, at: ChainPoolCert, message: string, data?: Record<string, unknown>): void {
    let seen = this.reported.get(at.ref);
    if (!seen) this.reported.set(at.ref, (seen = new Set()));
    const key = `${code}\n${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    const severity = chainSeverity(code, this.mode, this.p.validation);
    this.problems.push({ code, severity, message, span: at.item.span, ref: at.ref, ...(data && { data }) });
  }

  private async verdict(
    t: number,
    ok: boolean,
    code: ChainCode,
    text: string,
    path: readonly number[],
    best?: ValidPath<number>,
  ): Promise<void> {
    const at = this.fileCert(t)!;
    const steps: ChainStep[] = [];
    for (const n of path)
      steps.push(this.stepOf(n, !!best && n === best.anchor.ref) ?? (await this.newStep(n, !!best && n === best.anchor.ref)));
    const top = best ? this.p.nodes[best.anchor.ref]! : undefined;
    const anchor = top && {
      subject: steps[steps.length - 1]?.subject ?? '',
      source: top.private ? ('workspace' as const) : top.anchor!.source,
      label: anchorLabel(top),
    };
    const extra = { ...(anchor && { anchor }), ...(best && { policies: best.policies }) };
    this.verdicts.push({ ref: at.ref, span: at.item.span, ok, text, code, path: steps, ...extra });
    // The BRs bind publicly trusted CAs only: never for a private PKI, a --ca / extraAnchors root or a workspace root.
    if (anchor?.source === 'store') for (const p of lintCabf(at.item)) this.problems.push({ ...p, ref: at.ref });
  }
}

/** The key of a node's step: its index, or its one's complement when it ends the path as its anchor. */
const stepKey = (n: number, anchor: boolean): number => (anchor ? ~n : n);

function anchorLabel(n: ChainNode): string {
  return n.anchor ? n.anchor.label : 'workspace root (not trusted)';
}
