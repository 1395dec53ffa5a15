/**
 * Issuer facts (cert-manager-rules.md §6): resolving a Certificate's
 * issuerRef in the workspace, ACME servers, Let's Encrypt profiles with their
 * dated lifetime changes, and the CA/Browser Forum SC-081v3 maxima.
 */
import { CABF_VALIDITY_SCHEDULE } from '../lint/cabf';
import { DAY, HOUR } from './duration';
import { sameNamespace, type Resource } from './resources';
import { scalarString } from './yaml-doc';

export interface IssuerInfo {
  readonly res: Resource;
  readonly kind: 'Issuer' | 'ClusterIssuer';
  readonly name: string;
  readonly acme?: {
    readonly server: string | undefined;
    readonly profile: string;
    readonly enableDurationFeature: boolean;
    readonly letsEncrypt: boolean;
    readonly staging: boolean;
  };
  /** `spec.ca.secretName`: the CA Certificate whose secret signs leaves. */
  readonly caSecretName?: string;
  /** Issues publicly trusted certificates (ACME public CAs, Venafi Cloud). */
  readonly public: boolean;
  /** `spec.selfSigned`: what it signs is a root (trust anchor). */
  readonly selfSigned: boolean;
}

const PUBLIC_ACME = [/letsencrypt\.org/, /zerossl\.com/, /pki\.goog/, /buypass\.(com|no)/, /ssl\.com/, /digicert\.com/, /sectigo\.com/];

export function readIssuer(res: Resource): IssuerInfo | undefined {
  if (res.kind !== 'Issuer' && res.kind !== 'ClusterIssuer') return undefined;
  if (!res.name) return undefined;
  const spec = res.view.map_('spec');
  const acme = spec?.map_('acme');
  const server = acme?.str('server');
  const letsEncrypt = server !== undefined && /(^|\.)letsencrypt\.org/.test(hostOf(server));
  const info: IssuerInfo = {
    res,
    kind: res.kind,
    name: res.name,
    ...(acme
      ? {
          acme: {
            server,
            profile: acme.str('profile') ?? 'classic',
            enableDurationFeature: acme.str('enableDurationFeature') === 'true',
            letsEncrypt,
            staging: letsEncrypt && /staging/.test(server ?? ''),
          },
        }
      : {}),
    ...(spec?.map_('ca')?.str('secretName') ? { caSecretName: spec.map_('ca')!.str('secretName')! } : {}),
    public: (server !== undefined && PUBLIC_ACME.some((re) => re.test(hostOf(server)))) || spec?.map_('venafi')?.has('cloud') === true,
    selfSigned: spec?.has('selfSigned') === true,
  };
  return info;
}

function hostOf(url: string): string {
  const m = /^[a-z]+:\/\/([^/:]+)/i.exec(url);
  return (m?.[1] ?? url).toLowerCase();
}

/** Looks up issuerRef {name, kind, group} among the workspace issuers. */
export function resolveIssuer(
  issuers: readonly IssuerInfo[],
  ref: { name?: string; kind?: string; group?: string },
  namespace: string | undefined,
  fromPath?: string,
): IssuerInfo | undefined {
  if (!ref.name) return undefined;
  if (ref.group && ref.group !== 'cert-manager.io') return undefined;
  const kind = ref.kind || 'Issuer';
  const matches = issuers.filter(
    (i) => i.name === ref.name && i.kind === kind && (kind === 'ClusterIssuer' || sameNamespace(i.res.namespace, namespace)),
  );
  if (matches.length < 2 || fromPath === undefined) return matches[0];
  // A repository may define the same name several times (one overlay per
  // environment, one example per file): the nearest definition wins, as
  // kustomize or `kubectl apply -f dir/` would pair them.
  const dir = (p: string): string => p.slice(0, p.lastIndexOf('/') + 1);
  return matches.find((i) => i.res.file.path === fromPath) ?? matches.find((i) => dir(i.res.file.path) === dir(fromPath)) ?? matches[0];
}

const d = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);

/**
 * The lifetime Let's Encrypt grants for a profile at `now`
 * (letsencrypt.org profiles.md and the 2025-12-02 / 2026-10-07 posts).
 * undefined when the profile no longer exists or is unknown.
 */
export function letsEncryptLifetime(profile: string, now: Date, staging = false): number | undefined {
  const t = now.getTime();
  switch (profile) {
    case 'classic':
      if (t >= d('2028-02-16')) return 45 * DAY;
      if (t >= d(staging ? '2026-10-14' : '2027-02-10')) return 64 * DAY;
      return 90 * DAY;
    case 'tlsserver':
      return t >= d('2026-05-13') ? 45 * DAY : 90 * DAY;
    case 'shortlived':
      return 160 * HOUR;
    case 'tlsclient':
      return t >= d('2026-07-08') ? undefined : 90 * DAY;
    default:
      return undefined;
  }
}

/** Upcoming classic lifetime changes, for CM107. */
export const LE_CLASSIC_CHANGES: ReadonlyArray<{ date: string; lifetime: number }> = [
  { date: '2027-02-10', lifetime: 64 * DAY },
  { date: '2028-02-16', lifetime: 45 * DAY },
];

/**
 * CA/B Forum SC-081v3 maximum validity, by effective date, in Go-duration
 * nanoseconds: the SC-081v3 rows of the shared BR schedule (core/lint/cabf.ts).
 */
export const CABF_LIMITS: ReadonlyArray<{ date: string; max: number }> = CABF_VALIDITY_SCHEDULE.filter((l) => l.ballot === 'SC-081v3').map(
  (l) => ({
    date: l.date,
    max: l.maxDays * DAY,
  }),
);

export function dateMs(iso: string): number {
  return d(iso);
}

/** The lifetime the issuer will grant regardless of spec.duration, if known. */
export function issuerLifetime(issuer: IssuerInfo | undefined, now: Date): number | undefined {
  const acme = issuer?.acme;
  if (!acme?.letsEncrypt) return undefined;
  if (acme.enableDurationFeature) return undefined;
  return letsEncryptLifetime(acme.profile, now, acme.staging);
}

export { scalarString };
