/**
 * Edits of `certlens.endpoints` made from the UI (Add Endpoint…, Edit…,
 * Remove, Save as Endpoint…). Pure (no 'vscode'): each function takes the
 * raw setting and returns the new array, leaving entries it does not touch
 * exactly as the user wrote them (including ones that do not validate).
 */
import { parseTarget, type StartTlsProtocol } from '../../core/tls/target';
import { readEndpointSettings, type EndpointOptions } from './settings';

/** One entry of the setting, as written to settings.json. */
export interface EndpointEntry extends EndpointOptions {
  readonly name?: string;
  readonly host: string;
  readonly port?: number;
}

/** What an ad-hoc check chose, with file paths already made workspace-relative. */
export interface RequestShape {
  /** As typed or configured: `host[:port]`, `[v6]:port`, or a URL. */
  readonly target: string;
  /** Display name (saved endpoints). */
  readonly name?: string;
  /** `null` (send no SNI) cannot be saved: the setting has no way to say it. */
  readonly servername?: string | null;
  readonly starttls?: StartTlsProtocol;
  readonly alpn?: readonly string[];
  readonly client?: { readonly kind: 'pem'; readonly cert: string; readonly key: string } | { readonly kind: 'pfx'; readonly pfx: string };
  readonly anchors?: readonly string[];
}

/**
 * The setting entry for a check's options: host and port split from the
 * target (a URL keeps its scheme so STARTTLS and the default port survive).
 *
 * @example entryFromRequest({ target: 'smtp://mail.test', name: 'Mail' })
 *   // { name: 'Mail', host: 'smtp://mail.test' }
 */
export function entryFromRequest(r: RequestShape): EndpointEntry {
  const target = r.target.trim();
  const parsed = parseTarget(target, r.starttls ? { starttls: r.starttls } : {});
  const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(target);
  const host = isUrl || !parsed.ok ? target : parsed.target.host;
  const port = !isUrl && parsed.ok && /:\d+$/.test(target) ? parsed.target.port : undefined;
  return {
    ...(r.name?.trim() ? { name: r.name.trim() } : {}),
    host,
    ...(port !== undefined ? { port } : {}),
    ...(typeof r.servername === 'string' && r.servername ? { servername: r.servername } : {}),
    ...(r.starttls ? { starttls: r.starttls } : {}),
    ...(r.alpn?.length ? { alpn: [...r.alpn] } : {}),
    ...(r.client?.kind === 'pem' ? { clientCert: r.client.cert, clientKey: r.client.key } : {}),
    ...(r.client?.kind === 'pfx' ? { pfx: r.client.pfx } : {}),
    ...(r.anchors?.length ? { anchors: [...r.anchors] } : {}),
  };
}

/** Why an entry would not load, or undefined when it is valid. */
export function entryProblem(entry: EndpointEntry): string | undefined {
  const s = readEndpointSettings([entry]);
  return s.endpoints.length ? undefined : (s.problems[0]?.replace(/^certlens\.endpoints\[0\]: /, '') ?? 'invalid endpoint');
}

function asArray(raw: unknown): unknown[] {
  return Array.isArray(raw) ? [...raw] : [];
}

/** Appends `entry`, or replaces the raw entry at `index`. */
export function withEndpoint(raw: unknown, entry: EndpointEntry, index?: number): unknown[] {
  const list = asArray(raw);
  if (index !== undefined && index >= 0 && index < list.length) list[index] = entry;
  else list.push(entry);
  return list;
}

/** Removes the raw entry at `index` (out of range: unchanged). */
export function withoutEndpoint(raw: unknown, index: number): unknown[] {
  const list = asArray(raw);
  if (index >= 0 && index < list.length) list.splice(index, 1);
  return list;
}

/** The raw entry at `index` as an entry to edit, strings accepted (`"example.com"`). */
export function entryAt(raw: unknown, index: number): EndpointEntry | undefined {
  const e = asArray(raw)[index];
  if (typeof e === 'string') return { host: e };
  if (typeof e !== 'object' || e === null || Array.isArray(e)) return undefined;
  const o = e as Record<string, unknown>;
  return typeof o.host === 'string' ? (o as unknown as EndpointEntry) : undefined;
}
