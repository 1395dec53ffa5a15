/**
 * CM008–CM019: the webhook's field checks
 * (`internal/apis/certmanager/validation/certificate.go`) and the CRD enums
 * (`deploy/crds/cert-manager.io_certificates.yaml`).
 */
import { isMap, isScalar } from 'yaml';
import type { CertModel, Fix, RuleContext } from './context';
import { keepQuotes } from './rules-lifetime';
import { isIP } from './rules-names';
import { scalarString, type MapView } from './yaml-doc';

export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com')";

/** The 23 `KeyUsage` values of the CRD enum. */
export const KEY_USAGES = new Set([
  'signing',
  'digital signature',
  'content commitment',
  'key encipherment',
  'key agreement',
  'data encipherment',
  'cert sign',
  'crl sign',
  'encipher only',
  'decipher only',
  'any',
  'server auth',
  'client auth',
  'code signing',
  'email protection',
  's/mime',
  'ipsec end system',
  'ipsec tunnel',
  'ipsec user',
  'timestamping',
  'ocsp signing',
  'microsoft sgc',
  'netscape sgc',
]);

const SIG_BY_KEY: Readonly<Record<string, string[]>> = {
  RSA: ['SHA256WithRSA', 'SHA384WithRSA', 'SHA512WithRSA'],
  ECDSA: ['ECDSAWithSHA256', 'ECDSAWithSHA384', 'ECDSAWithSHA512'],
  Ed25519: ['PureEd25519'],
};

/** CM008: secretName and issuerRef (V L66-72, L244-281). */
export function checkRefs(ctx: RuleContext, m: CertModel): void {
  const { res, spec } = m;
  const anchor = res.view.field('spec')?.keySpan ?? res.anchor;
  const sn = spec?.field('secretName');
  // A Helm template, a kustomize patch or an elided snippet may add the field.
  const absent = !res.templated;
  if (!sn) {
    if (absent && !ctx.supplied(res, 'spec.secretName'))
      ctx.report(res, 'CM008', anchor, 'spec.secretName must be specified: name the Secret that will hold the key pair.');
  } else if (!sn.templated) {
    const v = scalarString(sn.node) ?? '';
    if (v.length > 253 || !DNS1123_SUBDOMAIN.test(v))
      ctx.report(res, 'CM008', sn.span, `spec.secretName "${v}": ${v.length > 253 ? 'must be no more than 253 characters' : DNS1123_MSG}.`);
  }
  const ref = m.issuerRef.view;
  if (!ref) {
    if (absent && !ctx.supplied(res, 'spec.issuerRef'))
      ctx.report(res, 'CM008', anchor, 'spec.issuerRef must be specified: name the Issuer or ClusterIssuer that signs this certificate.');
    return;
  }
  const nameF = ref.field('name');
  if (
    absent &&
    (!nameF || (!nameF.templated && !scalarString(nameF.node))) &&
    !(nameF === undefined && ctx.supplied(res, 'spec.issuerRef.name'))
  ) {
    ctx.report(res, 'CM008', nameF?.span ?? ref.span, 'spec.issuerRef.name must be specified.');
  }
  const kindF = ref.field('kind');
  const group = m.issuerRef.group ?? '';
  const kind = m.issuerRef.kind ?? '';
  if (
    kindF &&
    !kindF.templated &&
    (group === '' || group === 'cert-manager.io') &&
    kind !== '' &&
    kind !== 'Issuer' &&
    kind !== 'ClusterIssuer'
  ) {
    const hint = group === '' ? ' (did you forget to set spec.issuerRef.group?)' : '';
    const fixes: Fix[] = ['issuer', 'clusterissuer'].includes(kind.toLowerCase())
      ? [{ span: kindF.span, newText: kind.toLowerCase() === 'issuer' ? 'Issuer' : 'ClusterIssuer', title: "Fix the kind's spelling" }]
      : [];
    ctx.report(res, 'CM008', kindF.span, `spec.issuerRef.kind "${kind}": must be one of Issuer or ClusterIssuer${hint}.`, fixes);
  }
}

/** CM011: privateKey and signatureAlgorithm (CRD enums; V L167-194). */
export function checkKey(ctx: RuleContext, m: CertModel): void {
  const { res, spec } = m;
  const pk = spec?.map_('privateKey');
  const algF = pk?.field('algorithm');
  const written = pk?.str('algorithm') ?? '';
  // After CM011 on the spelling, check sizes against what the author meant.
  const alg = ['RSA', 'ECDSA', 'Ed25519'].find((a) => a.toLowerCase() === written.toLowerCase()) ?? written;
  const enumCheck = (view: MapView | undefined, key: string, allowed: string[]): void => {
    const f = view?.field(key);
    const v = f && !f.templated ? scalarString(f.node) : undefined;
    if (!f || v === undefined || allowed.includes(v)) return;
    const exact = allowed.find((a) => a.toLowerCase() === v.toLowerCase());
    const fixes = exact ? [{ span: f.span, newText: keepQuotes(res.file.text, f.span, exact), title: `Use ${exact}` }] : [];
    ctx.report(
      res,
      'CM011',
      f.span,
      `spec.privateKey.${key} "${v}" is not accepted by the CRD; use one of ${allowed.join(', ')} (case-sensitive).`,
      fixes,
    );
  };
  enumCheck(pk, 'algorithm', ['RSA', 'ECDSA', 'Ed25519']);
  enumCheck(pk, 'encoding', ['PKCS1', 'PKCS8']);
  enumCheck(pk, 'rotationPolicy', ['Never', 'Always']);
  const sizeF = pk?.field('size');
  const size = sizeF && isScalar(sizeF.node) && typeof sizeF.node.value === 'number' ? sizeF.node.value : undefined;
  if (sizeF && size !== undefined && size > 0 && !algF?.templated) {
    if ((alg === '' || alg === 'RSA') && (size < 2048 || size > 8192)) {
      ctx.report(
        res,
        'CM011',
        sizeF.span,
        `spec.privateKey.size ${size}: must be between 2048 and 8192 for rsa keyAlgorithm${alg === '' ? ' (no algorithm set, so RSA is assumed; set algorithm: ECDSA for an EC key)' : ''}.`,
      );
    } else if (alg === 'ECDSA' && ![256, 384, 521].includes(size)) {
      ctx.report(res, 'CM011', sizeF.span, `spec.privateKey.size ${size}: supported values for ECDSA are 256, 384, 521.`);
    }
  }
  const sigF = spec?.field('signatureAlgorithm');
  const sig = sigF && !sigF.templated ? scalarString(sigF.node) : undefined;
  if (sigF && sig !== undefined) {
    const keyAlg = alg === '' ? 'RSA' : alg;
    const allowed = SIG_BY_KEY[keyAlg];
    const all = Object.values(SIG_BY_KEY).flat();
    if (!all.includes(sig))
      ctx.report(res, 'CM011', sigF.span, `spec.signatureAlgorithm "${sig}" is not accepted by the CRD; use one of ${all.join(', ')}.`);
    else if (allowed && !allowed.includes(sig))
      ctx.report(res, 'CM011', sigF.span, `for key algorithm ${keyAlg} the allowed signature algorithms are [${allowed.join(' ')}].`);
  }
}

/** CM012, CM013, CM014, CM015, CM017. */
export function checkMisc(ctx: RuleContext, m: CertModel): void {
  const { res, spec } = m;
  if (!spec) return;
  for (const it of spec.seq('usages')?.items ?? []) {
    const v = scalarString(it.node);
    if (!it.templated && v !== undefined && !KEY_USAGES.has(v)) {
      const lower = v.toLowerCase().replace(/[-_]/g, ' ');
      const fixes = KEY_USAGES.has(lower)
        ? [{ span: it.span, newText: keepQuotes(res.file.text, it.span, lower), title: `Use "${lower}"` }]
        : [];
      ctx.report(
        res,
        'CM012',
        it.span,
        `spec.usages "${v}": unknown keyusage; use a cert-manager KeyUsage such as "digital signature", "key encipherment", "server auth" or "client auth".`,
        fixes,
      );
    }
  }
  const rhl = spec.field('revisionHistoryLimit');
  if (rhl && isScalar(rhl.node) && typeof rhl.node.value === 'number' && rhl.node.value < 1) {
    ctx.report(res, 'CM013', rhl.span, `spec.revisionHistoryLimit ${rhl.node.value}: must not be less than 1.`);
  }
  const ann = spec.map_('secretTemplate')?.map_('annotations');
  for (const k of ann?.keys() ?? []) {
    if (k.startsWith('cert-manager.io/') && k !== 'cert-manager.io/allow-direct-injection') {
      ctx.report(
        res,
        'CM014',
        ann!.field(k)!.keySpan,
        `secretTemplate annotation "${k}": cert-manager.io/* annotations are not allowed; cert-manager owns them.`,
      );
    }
  }
  const ks = spec.map_('keystores');
  for (const kind of ['jks', 'pkcs12']) {
    const k = ks?.map_(kind);
    if (!k) continue;
    const pw = k.field('password');
    const ref = k.map_('passwordSecretRef')?.str('name');
    const anchor = ks!.field(kind)!.keySpan;
    if (pw && ref)
      ctx.report(
        res,
        'CM015',
        pw.keySpan,
        `exactly one of passwordSecretRef and password must be provided for ${kind} keystores; cannot set both.`,
      );
    else if (!pw && !ref && !res.templated)
      ctx.report(res, 'CM015', anchor, `must set exactly one of passwordSecretRef and password must for ${kind} keystores.`);
    else if (pw && !pw.templated && (scalarString(pw.node) ?? '') === '')
      ctx.report(res, 'CM015', pw.span, `literal password cannot be empty if set on ${kind} keystores.`);
  }
  const nc = spec.field('nameConstraints');
  if (nc && isMap(nc.node)) {
    const ncv = spec.map_('nameConstraints')!;
    if (!m.isCA)
      ctx.report(
        res,
        'CM017',
        nc.keySpan,
        'isCA should be true when nameConstraints is set; name constraints only apply to CA certificates.',
      );
    if (!res.templated && !ncv.has('permitted') && !ncv.has('excluded'))
      ctx.report(res, 'CM017', nc.keySpan, 'spec.nameConstraints: either permitted or excluded must be set.');
    for (const side of ['permitted', 'excluded']) {
      for (const it of ncv.map_(side)?.seq('ipRanges')?.items ?? []) {
        const v = scalarString(it.node) ?? '';
        const [ip, bits] = v.split('/');
        const max = ip?.includes(':') ? 128 : 32;
        if (!ip || !isIP(ip) || !/^\d+$/.test(bits ?? '') || Number(bits) > max)
          ctx.report(res, 'CM017', it.span, `spec.nameConstraints.${side}.ipRanges "${v}": invalid CIDR address.`);
      }
    }
  }
}
