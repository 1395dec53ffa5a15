/**
 * `certlens.endpoints`: validates the raw setting into saved endpoints.
 * Pure (no 'vscode'): a bad entry becomes a problem with its position and
 * is skipped; the others still show in the "Endpoints" tree.
 */
import { parseTarget, STARTTLS_PROTOCOLS, type StartTlsProtocol } from '../../core/tls/target';

/** What a check may set besides its target: shared by a setting entry and a saved endpoint. */
export interface EndpointOptions {
  readonly servername?: string;
  readonly starttls?: StartTlsProtocol;
  readonly alpn?: readonly string[];
  /** Workspace-relative or absolute paths. */
  readonly clientCert?: string;
  readonly clientKey?: string;
  readonly pfx?: string;
  /** Extra trust anchors (PEM or DER certificate files), workspace-relative or absolute. */
  readonly anchors?: readonly string[];
}

export interface SavedEndpoint extends EndpointOptions {
  /** Stable key for the tree and the last-result cache. */
  readonly id: string;
  /** `name`, else `host:port`. */
  readonly label: string;
  readonly host: string;
  readonly port: number;
  /** `host:port` (IPv6 bracketed) for the probe. */
  readonly target: string;
  /** Position in the raw setting, for Edit… and Remove. */
  readonly index: number;
}

export interface EndpointSettings {
  readonly endpoints: SavedEndpoint[];
  /** `certlens.endpoints[2]: port must be 1-65535`. */
  readonly problems: string[];
}

const KEYS = new Set(['name', 'host', 'port', 'servername', 'starttls', 'alpn', 'clientCert', 'clientKey', 'pfx', 'anchors']);

export function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * @example readEndpointSettings([{host: 'example.com'}, {host: 'mail.example', starttls: 'smtp'}])
 *   // endpoints example.com:443 and mail.example:25
 */
export function readEndpointSettings(raw: unknown): EndpointSettings {
  const endpoints: SavedEndpoint[] = [];
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { endpoints, problems };
  if (!Array.isArray(raw)) return { endpoints, problems: ['certlens.endpoints: must be an array of {host, port?, …}'] };
  const seen = new Map<string, number>();
  raw.forEach((entry: unknown, i) => {
    const where = `certlens.endpoints[${i}]`;
    const r = readOne(entry, i);
    if ('error' in r) {
      problems.push(`${where}: ${r.error}`);
      return;
    }
    for (const k of r.unknown) problems.push(`${where}: unknown key '${k}' (ignored)`);
    const n = (seen.get(r.endpoint.id) ?? 0) + 1;
    seen.set(r.endpoint.id, n);
    endpoints.push(n === 1 ? r.endpoint : { ...r.endpoint, id: `${r.endpoint.id}#${n}` });
  });
  return { endpoints, problems };
}

function readOne(entry: unknown, index: number): { endpoint: SavedEndpoint; unknown: string[] } | { error: string } {
  if (typeof entry === 'string') entry = { host: entry };
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return { error: 'must be an object with a host' };
  const o = entry as Record<string, unknown>;
  const str = (k: string): string | undefined | { error: string } => {
    const v = o[k];
    if (v === undefined || v === null || v === '') return undefined;
    return typeof v === 'string' ? v.trim() : { error: `${k} must be a string` };
  };
  const fields: Record<string, string | undefined> = {};
  for (const k of ['name', 'host', 'servername', 'starttls', 'clientCert', 'clientKey', 'pfx']) {
    const v = str(k);
    if (typeof v === 'object') return v;
    fields[k] = v;
  }
  if (!fields.host) return { error: 'host is required' };
  const starttls = fields.starttls;
  if (starttls !== undefined && !STARTTLS_PROTOCOLS.includes(starttls as StartTlsProtocol)) {
    return { error: `starttls must be one of ${STARTTLS_PROTOCOLS.join(', ')}` };
  }
  const parsed = parseTarget(fields.host, starttls ? { starttls: starttls as StartTlsProtocol } : {});
  if (!parsed.ok) return { error: parsed.reason };
  let port = parsed.target.port;
  if (o.port !== undefined && o.port !== null) {
    const p = typeof o.port === 'string' && /^\d+$/.test(o.port) ? Number(o.port) : o.port;
    if (typeof p !== 'number' || !Number.isInteger(p) || p < 1 || p > 65535) return { error: 'port must be a whole number 1-65535' };
    port = p;
  }
  let alpn: string[] | undefined;
  if (o.alpn !== undefined && o.alpn !== null) {
    const list = typeof o.alpn === 'string' ? o.alpn.split(',') : o.alpn;
    if (!Array.isArray(list) || !list.every((a) => typeof a === 'string')) return { error: 'alpn must be a string or an array of strings' };
    alpn = list.map((a: string) => a.trim()).filter(Boolean);
  }
  let anchors: string[] | undefined;
  if (o.anchors !== undefined && o.anchors !== null) {
    const list = typeof o.anchors === 'string' ? [o.anchors] : o.anchors;
    if (!Array.isArray(list) || !list.every((a) => typeof a === 'string')) return { error: 'anchors must be an array of file paths' };
    anchors = list.map((a: string) => a.trim()).filter(Boolean);
  }
  if (Boolean(fields.clientCert) !== Boolean(fields.clientKey)) return { error: 'clientCert and clientKey go together' };
  if (fields.pfx && fields.clientCert) return { error: 'use either pfx or clientCert/clientKey' };
  const t = parsed.target;
  const target = hostPort(t.host, port);
  const effectiveStarttls = (starttls as StartTlsProtocol | undefined) ?? t.starttls;
  const endpoint: SavedEndpoint = {
    id: `${target}${fields.servername ? `/${fields.servername}` : ''}${effectiveStarttls ? `+${effectiveStarttls}` : ''}`,
    label: fields.name ?? target,
    host: t.host,
    port,
    target,
    ...(fields.servername ? { servername: fields.servername } : {}),
    ...(effectiveStarttls ? { starttls: effectiveStarttls } : {}),
    ...(alpn?.length ? { alpn } : {}),
    ...(fields.clientCert ? { clientCert: fields.clientCert, clientKey: fields.clientKey! } : {}),
    ...(fields.pfx ? { pfx: fields.pfx } : {}),
    ...(anchors?.length ? { anchors } : {}),
    index,
  };
  return { endpoint, unknown: Object.keys(o).filter((k) => !KEYS.has(k)) };
}
