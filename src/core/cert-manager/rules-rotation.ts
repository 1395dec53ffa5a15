/**
 * CM101–CM122 on Certificates: rotation, overlap and issuer facts
 * (cert-manager-rules.md §4, §6, §7). Lifetimes come from the model, which
 * already applied renewaltime.go and the issuer's own lifetime.
 */
import { isScalar } from 'yaml';
import type { CertModel, Fix, RuleContext } from './context';
import { DAY, HOUR, formatGoDuration, humanDuration } from './duration';
import { CABF_LIMITS, LE_CLASSIC_CHANGES, dateMs, type IssuerInfo } from './issuers';
import { DEFAULT_DURATION } from './renewal';
import type { Span } from '../types';
import { checkCanonical } from './rules-lifetime';
import { indentAt, scalarString } from './yaml-doc';

/** Where a finding about the effective renewBefore goes. */
function rbSpan(m: CertModel): Span {
  return m.renewBefore?.field.span ?? m.pct?.field.span ?? m.duration?.field.span ?? m.res.view.field('spec')?.keySpan ?? m.res.anchor;
}

function issuerLabel(i: IssuerInfo): string {
  return i.acme?.letsEncrypt ? `Let's Encrypt (${i.kind} ${i.name}, profile ${i.acme.profile})` : `${i.kind} ${i.name}`;
}

export function checkRotation(ctx: RuleContext, m: CertModel): void {
  const { res, schedule: s, issuer } = m;
  const life = s.lifetime;
  const rb = s.renewBefore;
  const specRb = m.renewBefore?.ns;
  const effDur = m.duration?.ns ?? DEFAULT_DURATION;
  if (specRb !== undefined && specRb >= life && specRb < effDur && s.lifetimeSource === 'issuer' && issuer) {
    ctx.report(
      res,
      'CM101',
      m.renewBefore!.field.span,
      `renewBefore ${humanDuration(specRb)} is not shorter than the ${humanDuration(life)} lifetime ${issuerLabel(issuer)} grants: cert-manager silently falls back to a third (${humanDuration(rb)} before expiry). Use renewBeforePercentage or remove renewBefore.`,
    );
  }
  if (s.source !== 'default' && life - rb < Math.max(HOUR, life * 0.05)) {
    ctx.report(
      res,
      'CM102',
      rbSpan(m),
      `Only ${humanDuration(life - rb)} pass between issuance and renewal (renewBefore ${humanDuration(rb)} of a ${humanDuration(life)} lifetime): cert-manager will renew continuously and hit the issuer's rate limits. Keep renewBefore below ${humanDuration(life - Math.max(HOUR, life * 0.05))}.`,
    );
  }
  const acme = issuer?.acme;
  if (acme && !acme.enableDurationFeature && m.duration?.ns !== undefined) {
    const granted = s.lifetimeSource === 'issuer' ? `; the certificate will live ${humanDuration(life)}` : '';
    ctx.report(
      res,
      'CM103',
      m.duration.field.span,
      `The ACME issuer ${issuer.name} ignores spec.duration (acme.enableDurationFeature is not set)${granted}. Remove duration or reason about the CA's lifetime.`,
    );
  }
  if ((acme || issuer?.public) && rb < 63 * HOUR) {
    ctx.report(
      res,
      'CM105',
      rbSpan(m),
      `Renewal starts ${humanDuration(rb)} before expiry: a failing renewal retries after 1h, 2h, 4h, 8h, 16h and 32h (63h for six attempts), so fewer than 6 retries fit. Raise renewBefore to at least 63h if the lifetime allows.`,
    );
  }
  if (life >= 21 * DAY ? rb < ctx.overlapMinimum : rb < Math.trunc(life / 3)) {
    const want =
      life >= 21 * DAY ? `the overlap minimum of ${humanDuration(ctx.overlapMinimum)}` : `a third of the ${humanDuration(life)} lifetime`;
    ctx.report(
      res,
      'CM106',
      rbSpan(m),
      `After renewal the old certificate stays valid for only ${humanDuration(rb)}, less than ${want}: clients that cache or pin it have little time to pick up the new one. Raise renewBefore or renewBeforePercentage.`,
    );
  }
  if (acme?.letsEncrypt && acme.profile === 'classic' && specRb !== undefined && specRb < life) {
    const change = LE_CLASSIC_CHANGES.find((c) => dateMs(c.date) > ctx.now.getTime() && specRb >= c.lifetime);
    if (change)
      ctx.report(
        res,
        'CM107',
        m.renewBefore!.field.span,
        `renewBefore ${humanDuration(specRb)} will not be shorter than Let's Encrypt's classic lifetime from ${change.date} (${humanDuration(change.lifetime)}); renewals then fall back silently. Use renewBeforePercentage: 33 or remove renewBefore.`,
      );
  }
  checkPublicLifetime(ctx, m);
  checkLetsEncryptKey(ctx, m);
  if (m.pct && !m.duration && !m.renewBefore && !m.pct.field.templated) {
    const v = m.pct.value;
    const ignored =
      v === undefined || v <= 0 || v >= 100 ? ` ${String(v)} is outside 1..99, so cert-manager ignores it and renews at a third.` : '';
    ctx.report(
      res,
      'CM117',
      m.pct.field.span,
      `Without duration or renewBefore the webhook never validates renewBeforePercentage.${ignored} Set duration explicitly so the value is checked.`,
    );
  }
  for (const [name, t] of [
    ['alert', ctx.alertThreshold],
    ['page', ctx.pageThreshold],
  ] as const) {
    if (t >= rb) {
      ctx.report(
        res,
        'CM119',
        rbSpan(m),
        `The ${name} threshold (${humanDuration(t)} before expiry) is not shorter than the ${humanDuration(rb)} renewBefore: it fires before cert-manager even tries to renew. Use thresholds relative to the lifetime (e.g. ${humanDuration(Math.round(rb / 2 / HOUR) * HOUR)}).`,
      );
      break;
    }
  }
  checkCanonical(ctx, res, m.duration, 'spec.duration');
  checkCanonical(ctx, res, m.renewBefore, 'spec.renewBefore');
  checkIssuerKind(ctx, m);
  const cn = m.spec?.field('commonName');
  if (cn && acme?.letsEncrypt && (acme.profile === 'tlsserver' || acme.profile === 'shortlived')) {
    ctx.report(
      res,
      'CM122',
      cn.keySpan,
      `Let's Encrypt's ${acme.profile} profile issues certificates without a CN: commonName is dropped. Rely on dnsNames.`,
    );
  }
}

/** CM108: CA/B Forum SC-081v3 maxima for public non-ACME issuers. */
function checkPublicLifetime(ctx: RuleContext, m: CertModel): void {
  const i = m.issuer;
  if (!i?.public || (i.acme && !i.acme.enableDurationFeature)) return;
  const dur = m.duration?.ns ?? DEFAULT_DURATION;
  const now = ctx.now.getTime();
  const inForce = [...CABF_LIMITS].reverse().find((l) => dateMs(l.date) <= now);
  const upcoming = CABF_LIMITS.find((l) => dateMs(l.date) > now && dur > l.max);
  const span = m.duration?.field.span ?? rbSpan(m);
  if (inForce && dur > inForce.max) {
    ctx.report(
      m.res,
      'CM108',
      span,
      `Duration ${humanDuration(dur)} exceeds the ${humanDuration(inForce.max)} maximum for publicly trusted certificates in force since ${inForce.date} (CA/B Forum SC-081v3); the CA will shorten or refuse it.`,
    );
  } else if (upcoming) {
    ctx.report(
      m.res,
      'CM108',
      span,
      `Duration ${humanDuration(dur)} will exceed the ${humanDuration(upcoming.max)} maximum for publicly trusted certificates from ${upcoming.date} (CA/B Forum SC-081v3).`,
    );
  }
}

/** CM109, CM110: what Let's Encrypt will not issue. */
function checkLetsEncryptKey(ctx: RuleContext, m: CertModel): void {
  if (!m.issuer?.acme?.letsEncrypt) return;
  const pk = m.spec?.map_('privateKey');
  const alg = pk?.str('algorithm') ?? 'RSA';
  const sizeF = pk?.field('size');
  const size = sizeF && isScalar(sizeF.node) && typeof sizeF.node.value === 'number' ? sizeF.node.value : undefined;
  const at = sizeF?.span ?? pk?.field('algorithm')?.span;
  if (alg === 'Ed25519')
    ctx.report(
      m.res,
      'CM109',
      pk!.field('algorithm')!.span,
      "Let's Encrypt does not issue for Ed25519 keys; use ECDSA (256 or 384) or RSA.",
    );
  else if (alg === 'ECDSA' && size === 521 && at)
    ctx.report(m.res, 'CM109', at, "Let's Encrypt rejects P-521 keys (ECDSA curve P-521 not allowed); use size 256 or 384.");
  else if (alg === 'RSA' && size !== undefined && ![2048, 3072, 4096].includes(size) && at)
    ctx.report(m.res, 'CM109', at, `Let's Encrypt accepts RSA 2048, 3072 and 4096 only, not ${size}.`);
  if (m.isCA)
    ctx.report(
      m.res,
      'CM109',
      m.spec!.field('isCA')!.span,
      "Let's Encrypt never issues CA certificates; use a CA or self-signed issuer for isCA: true.",
    );
  for (const it of m.spec?.seq('usages')?.items ?? []) {
    if (scalarString(it.node) === 'client auth')
      ctx.report(
        m.res,
        'CM110',
        it.span,
        "Let's Encrypt no longer includes the client-auth EKU (since 2025-05-14 on classic, tlsclient retired 2026-07-08); use a private CA for client certificates.",
      );
  }
}

/** CM121 with its fix: add `kind: ClusterIssuer` under issuerRef. */
function checkIssuerKind(ctx: RuleContext, m: CertModel): void {
  const ref = m.issuerRef;
  if (ref.view?.has('kind') || (ref.view?.has('group') && ref.group !== 'cert-manager.io') || !ref.name || m.issuer) return;
  const cluster = ctx.issuers.find((i) => i.kind === 'ClusterIssuer' && i.name === ref.name);
  if (!cluster || !ref.view) return;
  const nameF = ref.view.field('name')!;
  const text = m.res.file.text;
  const fixes: Fix[] = [];
  if (text[ref.view.span.start] !== '{') {
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    fixes.push({
      span: { start: nameF.span.end, end: nameF.span.end },
      newText: `${eol}${indentAt(text, nameF.keySpan.start)}kind: ClusterIssuer`,
      title: 'Add kind: ClusterIssuer',
    });
  }
  ctx.report(
    m.res,
    'CM121',
    nameF.span,
    `issuerRef.kind defaults to Issuer, but only a ClusterIssuer named "${ref.name}" exists in the workspace: add kind: ClusterIssuer.`,
    fixes,
  );
}

/**
 * Meshes whose docs say which rotationPolicy their intermediate CA needs.
 * Linkerd's identity issuer must rotate its key (linkerd.io "Automatically
 * rotating control plane TLS credentials"); Istio reloads a rotated plug-in
 * intermediate (`cacerts`, AUTO_RELOAD_PLUGIN_CERTS). CM113 fires on an
 * intermediate only when its mesh documents Never.
 */
export const MESH_INTERMEDIATES: ReadonlyArray<{
  readonly mesh: string;
  readonly matches: (secretName: string | undefined, commonName: string | undefined) => boolean;
  readonly policy: 'Always' | 'Never';
}> = [
  {
    mesh: 'Linkerd',
    matches: (s, cn) => s === 'linkerd-identity-issuer' || cn === 'identity.linkerd.cluster.local',
    policy: 'Always',
  },
  { mesh: 'Istio', matches: (s) => s === 'cacerts', policy: 'Always' },
];

/** root: signed by a SelfSigned issuer (or one named so); intermediate: by any other; undefined when unknown. */
export function caRole(m: CertModel): 'root' | 'intermediate' | undefined {
  if (!m.isCA) return undefined;
  if (m.issuer) return m.issuer.selfSigned ? 'root' : 'intermediate';
  // Unresolved (another repository, or a templated name): the name as written
  // still tells a self-signed issuer (`{{ include "x.fullname" . }}-selfsigned`).
  const f = m.issuerRef.view?.field('name');
  const written = f ? m.res.file.text.slice(f.span.start, f.span.end) : '';
  return /self-?sign/i.test(written) ? 'root' : undefined;
}

/** CM113: a new CA key on every renewal, for roots (trust anchors) and meshes that document Never. */
function checkCAKeyRotation(ctx: RuleContext, m: CertModel, rp: string | undefined): void {
  const role = caRole(m);
  if (!role || (rp !== 'Always' && rp !== undefined)) return;
  const mesh = MESH_INTERMEDIATES.find((x) => x.matches(m.secretName, m.spec?.str('commonName')));
  if (role === 'intermediate' && mesh?.policy !== 'Never') return;
  if (rp === undefined && ctx.supplied(m.res, 'spec.privateKey.rotationPolicy')) return;
  const pk = m.spec?.map_('privateKey');
  const what = role === 'root' ? 'Root CA (trust anchor)' : `${mesh?.mesh ?? 'Mesh'} intermediate CA`;
  const at = pk?.field('rotationPolicy')?.span ?? m.spec?.field('isCA')?.span ?? m.res.anchor;
  ctx.report(
    m.res,
    'CM113',
    at,
    `${what} with rotationPolicy ${rp ?? 'unset (Always since v1.18)'}: every renewal creates a new CA key, so every trust store must be updated before the old one expires. Set privateKey.rotationPolicy: Never, or distribute old and new CA together (trust-manager Bundle).`,
  );
}

/** CM111–CM114: CA certificates and the leaves their Issuer signs. */
export function checkCA(ctx: RuleContext, m: CertModel): void {
  const pk = m.spec?.map_('privateKey');
  const rp = pk?.str('rotationPolicy');
  if (m.isCA) checkCAKeyRotation(ctx, m, rp);
  else if (!m.isCA && rp === undefined && m.spec && !m.res.templated) {
    ctx.report(
      m.res,
      'CM114',
      pk ? m.spec.field('privateKey')!.keySpan : (m.spec.field('issuerRef')?.keySpan ?? m.res.anchor),
      'privateKey.rotationPolicy is unset: its default changed from Never to Always in cert-manager v1.18. Set it explicitly.',
    );
  }
  if (!m.isCA || !m.secretName) return;
  const caIssuers = ctx.issuers.filter(
    (i) =>
      i.caSecretName === m.secretName &&
      (i.kind === 'ClusterIssuer' || i.res.namespace === m.res.namespace || !i.res.namespace || !m.res.namespace),
  );
  const leaves = ctx.certs.filter((c) => c !== m && c.issuer && caIssuers.includes(c.issuer));
  if (leaves.length === 0) return;
  const longest = leaves.reduce((a, b) => (b.schedule.lifetime > a.schedule.lifetime ? b : a));
  if (m.schedule.renewBefore < longest.schedule.lifetime) {
    const advice = caOverlapAdvice(m, longest);
    ctx.report(
      m.res,
      'CM111',
      rbSpan(m),
      `This CA renews ${humanDuration(m.schedule.renewBefore)} before expiry, but leaves it signs live up to ${humanDuration(longest.schedule.lifetime)} (${longest.res.name ?? 'leaf'}): leaves issued just before rotation outlive the old CA. ${advice.text} Keep old and new CA in a trust-manager Bundle.`,
      advice.fix ? [advice.fix] : [],
    );
  }
  for (const leaf of leaves) {
    if (leaf.schedule.lifetime > m.schedule.lifetime) {
      ctx.report(
        leaf.res,
        'CM112',
        leaf.duration?.field.span ?? leaf.issuerRef.view?.span ?? leaf.res.anchor,
        `This leaf lives ${humanDuration(leaf.schedule.lifetime)}, longer than its CA ${m.res.name ?? ''} (${humanDuration(m.schedule.lifetime)}); cert-manager does not cap it at the CA's expiry. Shorten the leaf duration.`,
      );
    }
  }
}

/**
 * CM111's advice: the smallest renewBefore that covers the longest leaf,
 * kept below the CA's own lifetime with room to renew (CM102's margin), so
 * the webhook accepts it (renewBefore < duration) and no renewal loop
 * follows; when no such value exists, shorten the leaf instead.
 */
export function caOverlapAdvice(ca: CertModel, leaf: CertModel): { text: string; fix?: Fix; renewBefore?: number; leafDuration?: number } {
  const caLife = ca.schedule.lifetime;
  const maxRb = caLife - Math.max(HOUR, caLife * 0.05);
  const leafLife = leaf.schedule.lifetime;
  const comfortable = leafLife + leaf.schedule.renewBefore;
  const rb = comfortable <= maxRb ? comfortable : leafLife <= maxRb ? leafLife : undefined;
  if (rb !== undefined) {
    const value = formatGoDuration(Math.ceil(rb / HOUR) * HOUR);
    const f = ca.renewBefore?.field;
    const plain = f && !f.templated && ca.res.file.text.slice(f.span.start, f.span.end) === ca.renewBefore?.text;
    const fix: Fix | undefined = plain ? { span: f.span, newText: value, title: `Set renewBefore to ${value}` } : undefined;
    return {
      text: `Set renewBefore to ${value} (${rb === comfortable ? 'leaf lifetime + leaf renewBefore' : 'the leaf lifetime'}; it must stay below the CA's ${humanDuration(caLife)} duration).`,
      renewBefore: rb,
      ...(fix ? { fix } : {}),
    };
  }
  // Even the leaf lifetime does not fit inside the CA's lifetime: shorten the leaf
  // to a third of the CA, so the CA can renew at two thirds and cover it.
  const leafMax = Math.floor(caLife / 3 / HOUR) * HOUR;
  return {
    text: `No renewBefore below the CA's ${humanDuration(caLife)} duration covers a ${humanDuration(leafLife)} leaf: shorten the leaf duration to at most ${formatGoDuration(leafMax)} and set the CA renewBefore to ${formatGoDuration(leafMax)}, or lengthen the CA.`,
    leafDuration: leafMax,
  };
}
