/**
 * The containers of a decoded file: PKCS#7, PKCS#12 and Java keystores. Each
 * becomes an item of its own, followed by its certificates, CRLs and keys as
 * items that name it (`container`). Never throws: every failure is a problem
 * on the container's span.
 */
import type { Problem, Span } from '../types';
import { summarizeCrl } from '../x509/crl';
import { DerError } from '../der/reader';
import { decodeKeystore } from '../x509/jks';
import { decodePkcs12 } from '../x509/pkcs12';
import { decodePkcs7 } from '../x509/pkcs7';
import { summarizeOnce } from './certificate-parse';
import type { CertificateItem, DecodeSink, ItemBase, KeyItem, KeystoreEntryRef, KeystoreEntrySummary } from './decode';
import { checkDeclaredPairs } from './key-pairing';

export async function decodePkcs7Into(der: Uint8Array, base: Pick<ItemBase, 'span' | 'label' | 'der'>, sink: DecodeSink): Promise<void> {
  const { items, problems } = sink;
  const r = decodePkcs7(der);
  problems.push(...onSpan(r.problems, base.span));
  const container = items.length;
  items.push({ ...base, kind: 'pkcs7', certificateCount: r.certificates.length, crlCount: r.crls.length });
  await pushChildren(r.certificates, r.crls, base.span, container, sink);
}

export async function decodePkcs12Into(der: Uint8Array, password: string | undefined, span: Span, sink: DecodeSink): Promise<void> {
  const { items, problems } = sink;
  const r = await decodePkcs12(der, password);
  problems.push(...onSpan(r.problems, span));
  const container = items.length;
  items.push({
    span,
    label: 'PKCS12',
    der,
    kind: 'pkcs12',
    status: r.status,
    certificateCount: r.certificates.length,
    keyCount: r.keys.length,
    encryption: r.encryption,
    ...(r.macAlgorithm !== undefined && { macAlgorithm: r.macAlgorithm }),
  });
  await pushChildren(
    r.certificates.map((c) => c.der),
    r.crls,
    span,
    container,
    sink,
  );
  for (const k of r.keys) items.push({ span, label: 'PKCS12', der: new Uint8Array(0), container, kind: k.key.kind, key: k.key });
}

export async function decodeKeystoreInto(bytes: Uint8Array, password: string | undefined, span: Span, sink: DecodeSink): Promise<void> {
  const { items, problems, digest } = sink;
  const r = await decodeKeystore(bytes, password);
  problems.push(...onSpan(r.problems, span));
  if (!r.format) return;
  const container = items.length;
  const entries: KeystoreEntrySummary[] = [];
  items.push({
    span,
    label: r.format,
    der: bytes,
    kind: 'keystore',
    format: r.format,
    ...(r.version !== undefined && { version: r.version }),
    integrity: r.integrity,
    entries,
  });
  for (const e of r.entries) {
    let keyAlgorithm: string | undefined;
    let leaf: CertificateItem | undefined;
    for (const [position, der] of e.certificates.entries()) {
      const keystoreEntry: KeystoreEntryRef = { alias: e.alias, type: e.type, position, chainLength: e.certificates.length };
      try {
        const certificate = await summarizeOnce(der, digest);
        const item: CertificateItem = { span, label: 'CERTIFICATE', der, container, keystoreEntry, kind: 'certificate', certificate };
        if (position === 0 && e.type === 'PrivateKeyEntry') {
          keyAlgorithm = [certificate.keyAlgorithm, certificate.curve ?? (certificate.keySize ? `${certificate.keySize} bits` : undefined)]
            .filter(Boolean)
            .join(' ');
          leaf = item;
        }
        items.push(item);
      } catch (err) {
        problems.push(derMalformed(span, `certificate ${position + 1} of keystore entry "${e.alias}": ${reason(err)}`));
      }
    }
    let keyMatchesCertificate: boolean | undefined;
    if (e.key) {
      // The decrypted key's public half only (jks-keys.ts wiped the private bytes); it pairs across the workspace like a PKCS#12 key.
      const keystoreEntry: KeystoreEntryRef = { alias: e.alias, type: e.type, position: 0, chainLength: e.certificates.length, key: true };
      const key: KeyItem = { span, label: r.format, der: new Uint8Array(0), container, keystoreEntry, kind: 'private-key', key: e.key };
      items.push(key);
      if (leaf && e.key.spkiSha256) {
        const mismatch = checkDeclaredPairs([{ key, certificates: [leaf], why: `the key and certificate of keystore entry "${e.alias}"` }]);
        keyMatchesCertificate = mismatch.length === 0;
        problems.push(...mismatch);
      }
    }
    entries.push({
      alias: e.alias,
      type: e.type,
      ...(e.created !== undefined && { created: e.created }),
      certificateCount: e.certificates.length,
      ...(keyAlgorithm !== undefined && { keyAlgorithm }),
      ...(e.protection !== undefined && { protection: e.protection }),
      ...(e.keyState !== undefined && { keyState: e.keyState }),
      ...(keyMatchesCertificate !== undefined && { keyMatchesCertificate }),
    });
  }
}

/** Certificates and CRLs of a container become items of their own. */
async function pushChildren(
  certs: Uint8Array[],
  crls: Uint8Array[],
  span: Span,
  container: number,
  { items, problems, digest }: DecodeSink,
): Promise<void> {
  for (const der of certs) {
    try {
      items.push({ span, label: 'CERTIFICATE', der, container, kind: 'certificate', certificate: await summarizeOnce(der, digest) });
    } catch (err) {
      problems.push(derMalformed(span, `certificate inside the container: ${reason(err)}`));
    }
  }
  for (const der of crls) {
    try {
      items.push({ span, label: 'X509 CRL', der, container, kind: 'crl', crl: await summarizeCrl(der, digest) });
    } catch (err) {
      problems.push(derMalformed(span, `CRL inside the container: ${reason(err)}`));
    }
  }
}

/** Problems from DER decoders carry byte offsets; in a file they belong on the block. */
export function onSpan(ps: readonly Problem[], span: Span): Problem[] {
  return ps.map((p) => ({ ...p, span }));
}

export function derMalformed(span: Span, message: string): Problem {
  return { code: 'der-malformed', severity: 'error', message: `malformed DER: ${message}`, span };
}

export function reason(err: unknown): string {
  if (err instanceof DerError) return err.message;
  return err instanceof Error ? err.message : String(err);
}
