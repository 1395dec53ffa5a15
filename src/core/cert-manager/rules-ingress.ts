/**
 * CM020–CM025, CM118: Ingress and Gateway annotations read by the
 * ingress-shim (`pkg/controller/certificate-shim/helper.go` and `sync.go`).
 */
import { isMap } from 'yaml';
import type { Span } from '../types';
import type { RuleContext } from './context';
import { HOUR, MINUTE, formatGoDuration, parseGoDuration } from './duration';
import { DEFAULT_DURATION } from './renewal';
import type { Resource } from './resources';
import { KEY_USAGES } from './rules-fields';
import { isIP } from './rules-names';
import { MapView, scalarString } from './yaml-doc';

const P = 'cert-manager.io/';

interface Ann {
  readonly key: string;
  readonly keySpan: Span;
  readonly span: Span;
  readonly value: string | undefined;
  readonly templated: boolean;
}

function readAnnotations(res: Resource): Map<string, Ann> {
  const out = new Map<string, Ann>();
  const ann = res.view.map_('metadata')?.map_('annotations');
  for (const key of ann?.keys() ?? []) {
    const f = ann!.field(key)!;
    out.set(key, { key, keySpan: f.keySpan, span: f.span, value: scalarString(f.node), templated: f.templated });
  }
  return out;
}

export function checkIngress(ctx: RuleContext, res: Resource): void {
  const anns = readAnnotations(res);
  const issuer = anns.get(`${P}issuer`);
  const cluster = anns.get(`${P}cluster-issuer`);
  const acme = res.kind === 'Ingress' && anns.get('kubernetes.io/tls-acme')?.value === 'true';
  // Annotations rendered by Helm (`toYaml .Values.ingress.annotations`) may hold the trigger.
  const triggered = !!issuer || !!cluster || acme || res.templated;
  for (const a of anns.values()) {
    if (a.key.startsWith('certmanager.k8s.io/')) {
      ctx.report(
        res,
        'CM024',
        a.keySpan,
        `"${a.key}" is a pre-v0.11 annotation that cert-manager ignores; use cert-manager.io/${a.key.slice('certmanager.k8s.io/'.length)}.`,
      );
    } else if (!triggered && (a.key.startsWith(P) || a.key.startsWith('acme.cert-manager.io/'))) {
      ctx.report(
        res,
        'CM024',
        a.keySpan,
        `"${a.key}" is ignored: the ingress-shim only acts on resources annotated with cert-manager.io/issuer, cert-manager.io/cluster-issuer${res.kind === 'Ingress' ? ' or kubernetes.io/tls-acme: "true"' : ''}.`,
      );
    }
  }
  if (!triggered) return;
  // Annotations in mutually exclusive template branches never render together.
  const together = (a: Ann, b: Ann): boolean => !res.view.exclusive(a.keySpan, b.keySpan);
  if (issuer && cluster && together(issuer, cluster))
    ctx.report(
      res,
      'CM020',
      cluster.keySpan,
      'both "cert-manager.io/issuer" and "cert-manager.io/cluster-issuer" may not be set; keep one.',
    );
  for (const k of ['issuer-kind', 'issuer-group']) {
    const a = anns.get(P + k);
    if (cluster && a && together(cluster, a))
      ctx.report(
        res,
        'CM020',
        a.keySpan,
        `both "cert-manager.io/cluster-issuer" and "cert-manager.io/${k}" may not be set; ${k} applies to cert-manager.io/issuer only.`,
      );
  }
  checkValues(ctx, res, anns);
  checkTls(ctx, res);
}

function bad(ctx: RuleContext, res: Resource, a: Ann, why: string): void {
  ctx.report(res, 'CM021', a.span, `invalid ingress annotation "${a.key}": ${why}`);
}

function csv(v: string): string[] {
  return v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function checkValues(ctx: RuleContext, res: Resource, anns: Map<string, Ann>): void {
  const get = (k: string): Ann | undefined => {
    const a = anns.get(P + k);
    return a && !a.templated && a.value !== undefined ? a : undefined;
  };
  const cn = get('common-name');
  if (cn && new TextEncoder().encode(cn.value!).length > 64)
    bad(ctx, res, cn, 'common-name must be at most 64 bytes; put the name in the tls hosts instead.');
  for (const ip of csv(get('ip-sans')?.value ?? ''))
    if (!isIP(ip)) bad(ctx, res, get('ip-sans')!, `invalid IP address ${JSON.stringify(ip)}.`);
  for (const e of csv(get('email-sans')?.value ?? ''))
    if (!/^[^\s@<>]+@[^\s@<>]+$/.test(e)) bad(ctx, res, get('email-sans')!, `invalid email address ${JSON.stringify(e)}.`);
  const dur = durationAnn(ctx, res, get('duration'), HOUR, 'duration must be greater than or equal to 1h0m0s');
  const rb = durationAnn(ctx, res, get('renew-before'), 5 * MINUTE, 'renew-before must be greater than or equal to 5m0s');
  const pct = get('renew-before-percentage');
  if (pct && (!/^-?\d+$/.test(pct.value!) || Math.abs(Number(pct.value)) > 2 ** 31 - 1))
    bad(ctx, res, pct, `${JSON.stringify(pct.value)} is not an int32.`);
  else if (pct && (Number(pct.value) < 1 || Number(pct.value) > 99))
    bad(
      ctx,
      res,
      pct,
      `renew-before-percentage ${pct.value} must be between 1 and 99 (the shim accepts it, the webhook rejects or misreads the generated Certificate).`,
    );
  const usages = get('usages');
  for (const u of csv(usages?.value ?? '')) if (!KEY_USAGES.has(u)) bad(ctx, res, usages!, `invalid key usage name ${JSON.stringify(u)}.`);
  const rhl = get('revision-history-limit');
  if (rhl && (!/^-?\d+$/.test(rhl.value!) || Number(rhl.value) < 1))
    bad(ctx, res, rhl, 'revision-history-limit must be an integer of 1 or more.');
  const enums: Array<[string, string[]]> = [
    ['private-key-algorithm', ['RSA', 'ECDSA', 'Ed25519']],
    ['private-key-encoding', ['PKCS1', 'PKCS8']],
    ['private-key-rotation-policy', ['Never', 'Always']],
  ];
  for (const [k, allowed] of enums) {
    const a = get(k);
    if (a && !allowed.includes(a.value!))
      bad(ctx, res, a, `${JSON.stringify(a.value)} is not one of ${allowed.join(', ')} (case-sensitive).`);
  }
  checkKeySize(ctx, res, get('private-key-size'), get('private-key-algorithm')?.value);
  const st = get('secret-template');
  if (st) {
    try {
      const obj = JSON.parse(st.value!) as { annotations?: Record<string, string> };
      const bad2 = Object.keys(obj?.annotations ?? {}).find((k) => k.startsWith(P));
      if (bad2) bad(ctx, res, st, `secret-template may not set cert-manager.io/ annotations (${bad2}).`);
    } catch {
      bad(ctx, res, st, 'secret-template must be strict JSON, e.g. {"labels":{"app":"web"}}.');
    }
  }
  const rbA = get('renew-before');
  if (rbA && rb !== undefined && rb >= (dur ?? DEFAULT_DURATION)) {
    ctx.report(
      res,
      'CM022',
      rbA.span,
      `renew-before ${formatGoDuration(rb)} is not shorter than duration ${formatGoDuration(dur ?? DEFAULT_DURATION)}${dur === undefined ? ' (unset, so the webhook assumes 2160h)' : ''}: the webhook rejects the generated Certificate. Lower renew-before.`,
    );
  }
  if (rbA && !get('duration') && !anns.get(P + 'duration')) {
    ctx.report(
      res,
      'CM118',
      rbA.keySpan,
      "renew-before without a duration annotation: the webhook validates it against an assumed 2160h, while the issuer may grant less (Let's Encrypt, Vault max_ttl). Set cert-manager.io/duration too.",
    );
  }
}

function durationAnn(ctx: RuleContext, res: Resource, a: Ann | undefined, min: number, minMsg: string): number | undefined {
  if (!a) return undefined;
  const p = parseGoDuration(a.value!);
  if (!p.ok) {
    bad(ctx, res, a, `${p.error}; use h, m or s (e.g. 2160h).`);
    return undefined;
  }
  if (p.ns < min) bad(ctx, res, a, `${minMsg}.`);
  return p.ns;
}

function checkKeySize(ctx: RuleContext, res: Resource, a: Ann | undefined, alg: string | undefined): void {
  if (!a) return;
  const n = Number(a.value);
  if (!/^\d+$/.test(a.value!)) return bad(ctx, res, a, `${JSON.stringify(a.value)} is not an integer.`);
  if ((alg === undefined || alg === 'RSA') && (n < 2048 || n > 8192)) {
    if (alg === undefined && (n === 256 || n === 384 || n === 521)) {
      ctx.report(
        res,
        'CM025',
        a.span,
        `private-key-size ${n} looks like an ECDSA size, but without cert-manager.io/private-key-algorithm: ECDSA the shim assumes RSA and rejects it. Add private-key-algorithm: ECDSA.`,
      );
    } else bad(ctx, res, a, `RSA key size must be between 2048 and 8192, got ${n}.`);
  } else if (alg === 'ECDSA' && ![256, 384, 521].includes(n)) bad(ctx, res, a, `ECDSA key size must be 256, 384 or 521, got ${n}.`);
}

/** CM023: Ingress spec.tls entries (sync.go L225-277). */
function checkTls(ctx: RuleContext, res: Resource): void {
  if (res.kind !== 'Ingress') return;
  const tls = res.view.map_('spec')?.seq('tls');
  const seen = new Map<string, number>();
  tls?.items.forEach((it, i) => {
    if (it.templated || !isMap(it.node)) return;
    const e = new MapView(res.view.pd, it.node);
    const snF = e.field('secretName');
    const sn = snF ? scalarString(snF.node) : undefined;
    const hosts = e.seq('hosts');
    if (!res.templated && (!sn || !hosts || hosts.items.length === 0)) {
      ctx.report(
        res,
        'CM023',
        it.span,
        `tls[${i}] has no ${!sn ? 'secretName' : 'hosts'}: the ingress-shim skips it and no certificate is issued.`,
      );
    }
    if (sn && snF && !snF.templated) {
      const prev = seen.get(sn);
      if (prev !== undefined)
        ctx.report(
          res,
          'CM023',
          snF.span,
          `this secret name must only appear in a single TLS entry but is also used in spec.tls[${prev}]; merge the hosts into one entry.`,
        );
      else seen.set(sn, i);
    }
  });
}
