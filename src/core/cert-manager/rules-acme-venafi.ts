/**
 * CM026: ACME directory URLs checked against the public ACME CAs, with
 * "did you mean" for near misses. An unknown host is a private ACME server
 * (step-ca, Pebble, Boulder) and is fine; a host that is one typo away from a
 * known CA's, or a known host with the wrong path, is not.
 *
 * CM027: the `venafi.cert-manager.io/custom-fields` annotation, decoded the
 * way the Venafi signer does it: Go's `json.Unmarshal` into
 * `[]api.CustomField{Type, Name, Value string}`
 * (pkg/controller/certificaterequests/venafi/venafi.go). A syntax error or a
 * wrong type fails every CertificateRequest of the Certificate.
 */
import type { Fix, RuleContext } from './context';
import { editDistance, suggest } from './did-you-mean';
import type { Resource } from './resources';
import { scalarString } from './yaml-doc';

/** Public ACME directory URLs (each CA's documentation). */
export const KNOWN_ACME_DIRECTORIES: ReadonlyArray<{ readonly url: string; readonly ca: string }> = [
  { url: 'https://acme-v02.api.letsencrypt.org/directory', ca: "Let's Encrypt" },
  { url: 'https://acme-staging-v02.api.letsencrypt.org/directory', ca: "Let's Encrypt staging" },
  { url: 'https://acme.zerossl.com/v2/DV90', ca: 'ZeroSSL' },
  { url: 'https://dv.acme-v02.api.pki.goog/directory', ca: 'Google Trust Services' },
  { url: 'https://dv.acme-v02.test-api.pki.goog/directory', ca: 'Google Trust Services staging' },
  { url: 'https://api.buypass.com/acme/directory', ca: 'Buypass' },
  { url: 'https://api.test4.buypass.no/acme/directory', ca: 'Buypass test' },
  { url: 'https://acme.ssl.com/sslcom-dv-rsa', ca: 'SSL.com (RSA)' },
  { url: 'https://acme.ssl.com/sslcom-dv-ecc', ca: 'SSL.com (ECC)' },
];

const KNOWN_DOMAINS = ['letsencrypt.org', 'zerossl.com', 'pki.goog', 'buypass.com', 'buypass.no', 'ssl.com'];

function parseUrl(s: string): { scheme: string; host: string; rest: string } | undefined {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#:]+)(:\d+)?([^]*)$/.exec(s.trim());
  return m ? { scheme: (m[1] ?? '').toLowerCase(), host: (m[2] ?? '').toLowerCase(), rest: `${m[3] ?? ''}${m[4] ?? ''}` } : undefined;
}

/**
 * The known directory a server URL most likely meant, or undefined when it
 * is a known directory itself or an unrelated (private) ACME server.
 *
 * @example
 * nearAcmeDirectory('https://acme-v02-staging.api.letsencrypt.org/directory');
 * // { url: 'https://acme-staging-v02.api.letsencrypt.org/directory', ca: "Let's Encrypt staging" }
 */
export function nearAcmeDirectory(server: string): { url: string; ca: string } | undefined {
  const u = parseUrl(server);
  if (!u) return undefined;
  const normal = `${u.scheme}://${u.host}${u.rest}`;
  if (KNOWN_ACME_DIRECTORIES.some((k) => k.url === normal)) return undefined;
  const hosts = KNOWN_ACME_DIRECTORIES.map(hostOfKnown);
  const sameHost = KNOWN_ACME_DIRECTORIES.filter((k) => hostOfKnown(k) === u.host);
  if (sameHost.length > 0) {
    // Right host, wrong scheme or path: pick the closest directory on that host.
    return sameHost.reduce((a, b) => (editDistance(normal, b.url) < editDistance(normal, a.url) ? b : a));
  }
  const inKnownDomain = KNOWN_DOMAINS.some((d) => u.host === d || u.host.endsWith(`.${d}`));
  const hostHint = suggest(u.host, hosts);
  const swapped = hosts.find((h) => sortedLabels(h) === sortedLabels(u.host));
  const target = swapped ?? hostHint ?? (inKnownDomain ? closestHost(u.host, hosts) : undefined);
  if (!target) return undefined;
  const options = KNOWN_ACME_DIRECTORIES.filter((k) => hostOfKnown(k) === target);
  const pathLike = `https://${target}${u.rest}`;
  return options.reduce((a, b) => (editDistance(pathLike, b.url) < editDistance(pathLike, a.url) ? b : a));
}

const hostOfKnown = (k: { url: string }): string => parseUrl(k.url)?.host ?? '';

/** `acme-v02-staging.api…` and `acme-staging-v02.api…` share their dash-separated parts. */
function sortedLabels(h: string): string {
  return h.split(/[.-]/).sort().join('.');
}

function closestHost(host: string, hosts: string[]): string {
  return hosts.reduce((a, b) => (editDistance(host, b) < editDistance(host, a) ? b : a));
}

/** CM026 on an Issuer or ClusterIssuer. */
export function checkAcmeServer(ctx: RuleContext, res: Resource): void {
  const f = res.view.map_('spec')?.map_('acme')?.field('server');
  if (!f || f.templated) return;
  const server = scalarString(f.node);
  if (server === undefined) return;
  const near = nearAcmeDirectory(server);
  if (!near) return;
  const plain = res.file.text.slice(f.span.start, f.span.end) === server;
  const fixes: Fix[] = plain ? [{ span: f.span, newText: near.url, title: `Use ${near.url}` }] : [];
  ctx.report(
    res,
    'CM026',
    f.span,
    `"${server}" is not a known ACME directory, but close to ${near.ca}'s. Did you mean "${near.url}"? cert-manager would fail to register the account.`,
    fixes,
  );
}

export const VENAFI_CUSTOM_FIELDS = 'venafi.cert-manager.io/custom-fields';

/**
 * Go's json.Unmarshal of the annotation into []CustomField: undefined when it
 * succeeds, else Go's error text. JSON.parse accepts exactly RFC 8259 like
 * Go's decoder (no trailing commas, comments or single quotes); the type
 * checks follow encoding/json: null is allowed anywhere, keys match
 * case-insensitively, unknown keys are ignored.
 */
export function goUnmarshalCustomFields(text: string): string | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    const trailing = /,(\s*)([\]}])/.exec(text);
    if (trailing) {
      const what = trailing[2] === ']' ? 'beginning of value' : 'beginning of object key string';
      return `invalid character '${trailing[2]}' looking for ${what} (a trailing comma at offset ${trailing.index})`;
    }
    return 'invalid JSON (RFC 8259, as Go parses it)';
  }
  const kind = (x: unknown): string => (Array.isArray(x) ? 'array' : x === null ? 'null' : typeof x === 'object' ? 'object' : typeof x);
  if (v === null) return undefined;
  if (!Array.isArray(v)) return `json: cannot unmarshal ${kind(v)} into Go value of type []api.CustomField`;
  for (const el of v) {
    if (el === null) continue;
    if (kind(el) !== 'object') return `json: cannot unmarshal ${kind(el)} into Go value of type api.CustomField`;
    for (const [k, val] of Object.entries(el as Record<string, unknown>)) {
      const field = ['type', 'name', 'value'].find((f) => f === k.toLowerCase());
      if (field && val !== null && typeof val !== 'string')
        return `json: cannot unmarshal ${kind(val)} into Go struct field CustomField.${field} of type string`;
    }
  }
  return undefined;
}

/** CM027 on Certificates and CertificateRequests. */
export function checkVenafiCustomFields(ctx: RuleContext, res: Resource): void {
  const f = res.view.map_('metadata')?.map_('annotations')?.field(VENAFI_CUSTOM_FIELDS);
  if (!f || f.templated) return;
  const value = scalarString(f.node);
  if (value === undefined || value === '') return;
  const err = goUnmarshalCustomFields(value);
  if (err)
    ctx.report(
      res,
      'CM027',
      f.span,
      `${VENAFI_CUSTOM_FIELDS} is not valid for the Venafi issuer: ${err}. Every CertificateRequest fails with "Failed to parse" until it is fixed; the value must be a JSON array such as [{"name": "Cost Center", "value": "42"}].`,
    );
}
