/**
 * Trust anchors for chain validation: Node's bundled Mozilla roots
 * (`tls.rootCertificates`), the system bundle where present, and extra PEM
 * files (the `certlens.trust.extraAnchors` setting / CLI `--ca`).
 */
import { readRegularFile } from './file-read';
import { rootCertificates } from 'node:tls';
import type { AnchorInput } from '../core/chain/index.js';

export const SYSTEM_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

/** Where an anchor was loaded from, for messages and hovers. */
export interface AnchorRef {
  readonly origin: 'node' | 'system' | 'extra';
  /** File path for system/extra anchors. */
  readonly file?: string;
  /** Index of the certificate within its origin. */
  readonly index: number;
}

export interface TrustStoreOptions {
  /** Include Node's bundled roots and the system bundle (default true; `--no-system-trust` sets false). */
  readonly systemTrust?: boolean;
  readonly extraFiles?: readonly string[];
  /** Override for tests. */
  readonly systemBundle?: string;
  /** Narrow file access, injectable for tests. */
  readonly readText?: (path: string) => Promise<string>;
}

export interface TrustStore {
  readonly anchors: AnchorInput<AnchorRef>[];
  /** Files that could not be read, with the reason; a missing system bundle is not an error. */
  readonly errors: { readonly file: string; readonly message: string }[];
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;

/** Every CERTIFICATE block of a PEM text as DER. */
export function pemCertificates(text: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const m of text.matchAll(PEM_CERT)) out.push(new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64')));
  return out;
}

/** A regular file's text within the size cap: a FIFO given as `--ca` must not block the run. */
async function readRegularText(path: string): Promise<string> {
  const r = readRegularFile(path);
  if (!r.ok) throw new Error(r.problem.message);
  return new TextDecoder().decode(r.bytes);
}

/** Loads anchors; duplicates (same DER) across sources are kept once, first source wins. */
export async function loadTrustStore(opts: TrustStoreOptions = {}): Promise<TrustStore> {
  const read = opts.readText ?? readRegularText;
  const anchors: AnchorInput<AnchorRef>[] = [];
  const errors: { file: string; message: string }[] = [];
  const seen = new Set<string>();
  const add = (ders: Uint8Array[], origin: AnchorRef['origin'], file?: string): void =>
    ders.forEach((der, index) => {
      const key = Buffer.from(der).toString('base64');
      if (seen.has(key)) return;
      seen.add(key);
      anchors.push({ der, source: origin === 'extra' ? 'extra' : 'store', ref: file ? { origin, file, index } : { origin, index } });
    });
  if (opts.systemTrust !== false) {
    add(rootCertificates.flatMap(pemCertificates), 'node');
    const bundle = opts.systemBundle ?? SYSTEM_BUNDLE;
    try {
      add(pemCertificates(await read(bundle)), 'system', bundle);
    } catch {
      // No system bundle on this platform (macOS, Windows): Node's roots suffice.
    }
  }
  for (const file of opts.extraFiles ?? []) {
    try {
      const ders = pemCertificates(await read(file));
      if (ders.length === 0) errors.push({ file, message: 'no CERTIFICATE blocks found' });
      add(ders, 'extra', file);
    } catch (e) {
      errors.push({ file, message: (e as Error).message });
    }
  }
  return { anchors, errors };
}
