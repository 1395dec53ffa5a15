/**
 * Field lists for people: one description per item, rendered as a hover
 * (Markdown), `certlens inspect` (text) and the details view (HTML) alike.
 */
import type { CertificateItem, Item, KeystoreEntrySummary, KeystoreItem } from '../analysis/decode';
import { computeExpiry, DEFAULT_THRESHOLDS, formatCountdown, formatDuration, type ExpiryThresholds } from '../lint/expiry';
import { roleName, utc } from '../lint/items';
import { EXTENSIONS, nameOf } from '../x509/oids';
import { formatDate, formatFingerprint, formatKey } from './format';

export interface Field {
  readonly label: string;
  readonly value: string;
  /** Values worth a copy button (fingerprints). */
  readonly copy?: boolean;
}

export interface Description {
  /** `leaf · api.example.com` */
  readonly title: string;
  /** Countdown or status line. */
  readonly status?: string;
  readonly fields: Field[];
}

export interface DescribeOptions {
  readonly now: Date;
  readonly thresholds?: ExpiryThresholds;
}

export function describeItem(item: Item, options: DescribeOptions): Description {
  switch (item.kind) {
    case 'certificate':
      return describeCertificate(item, options);
    case 'csr': {
      const c = item.csr;
      return {
        title: `CSR · ${c.subjectLabel}`,
        status:
          item.signatureValid === true
            ? 'signature valid'
            : item.signatureValid === false
              ? 'signature INVALID'
              : 'signature not checked (unsupported algorithm)',
        fields: [
          { label: 'Subject', value: c.subject || '(empty)' },
          ...list('SANs', c.subjectAltNames),
          { label: 'Key', value: keyText(c) },
          { label: 'Signature', value: c.signatureAlgorithm },
          { label: 'SPKI SHA-256', value: colons(c.spkiSha256), copy: true },
        ],
      };
    }
    case 'crl': {
      const c = item.crl;
      const now = options.now.getTime();
      return {
        title: `CRL · ${c.issuerLabel}`,
        status:
          c.nextUpdate === undefined
            ? 'no nextUpdate'
            : c.nextUpdate < now
              ? `stale since ${utc(c.nextUpdate)}`
              : `next update ${utc(c.nextUpdate)}`,
        fields: [
          { label: 'Issuer', value: c.issuer },
          { label: 'This update', value: when(c.thisUpdate, options) },
          ...(c.nextUpdate !== undefined ? [{ label: 'Next update', value: when(c.nextUpdate, options) }] : []),
          { label: 'Revoked', value: String(c.revokedCount) },
          ...(c.crlNumber ? [{ label: 'CRL number', value: c.crlNumber }] : []),
          { label: 'Signature', value: c.signatureAlgorithm },
          { label: 'SHA-256', value: colons(c.sha256), copy: true },
        ],
      };
    }
    case 'private-key':
    case 'public-key': {
      const k = item.key;
      const what = item.kind === 'private-key' ? 'private key' : 'public key';
      const entry = keystoreEntryLabel(item);
      return {
        title: `${entry ? `${entry} · ` : ''}${what} · ${keyText(k)}`,
        status:
          item.kind === 'private-key'
            ? k.encrypted
              ? `encrypted${k.encryption ? ` (${k.encryption})` : ''}`
              : 'not encrypted'
            : undefined,
        fields: [
          ...(entry ? [{ label: 'Keystore entry', value: entry }] : []),
          { label: 'Key', value: keyText(k) },
          ...(k.encryption ? [{ label: 'Encryption', value: k.encryption }] : []),
          ...(k.spkiSha256 ? [{ label: 'SPKI SHA-256', value: colons(k.spkiSha256), copy: true }] : []),
        ],
      };
    }
    case 'pkcs7':
      return {
        title: `PKCS#7 · ${item.certificateCount} certificate(s)${item.crlCount ? `, ${item.crlCount} CRL(s)` : ''}`,
        fields: [],
      };
    case 'pkcs12': {
      // Locked, nothing inside can be counted: say what is known. The unlock hint is the caller's (one button or lens).
      const status: Record<string, string> = {
        ok: 'unlocked',
        'needs-password': 'locked: certificates are encrypted',
        'wrong-password': 'locked: wrong password',
        unsupported: 'unsupported encryption',
        malformed: 'malformed',
      };
      const open = item.status === 'ok';
      return {
        title: open
          ? `PKCS#12 · ${count(item.certificateCount, 'certificate')}, ${count(item.keyCount, 'key')}`
          : `PKCS#12 · ${status[item.status] ?? item.status}`,
        status: status[item.status] ?? item.status,
        fields: [...list('Encryption', item.encryption), ...(item.macAlgorithm ? [{ label: 'MAC', value: item.macAlgorithm }] : [])],
      };
    }
    case 'keystore':
      return describeKeystore(item, options);
    case 'unknown':
      return { title: `${item.label} block`, status: 'not decoded', fields: [] };
  }
}

/** The command palette title of `certlens.unlockPkcs12`, for status lines that point to it. */
export const UNLOCK_TITLE = 'CertLens: Unlock Keystore / PKCS#12…';

const INTEGRITY: Readonly<Record<KeystoreItem['integrity'], string>> = {
  verified: 'integrity verified (SHA-1 digest matches the password)',
  unverified: 'integrity not verified without the keystore password',
  failed: 'integrity check FAILED: wrong password, or the file was modified',
  unknown: 'malformed: integrity not checked',
};

function describeKeystore(item: KeystoreItem, options: DescribeOptions): Description {
  const count = (t: KeystoreEntrySummary['type']) => item.entries.filter((e) => e.type === t).length;
  const parts = [
    [count('PrivateKeyEntry'), 'key'],
    [count('trustedCertEntry'), 'trusted certificate'],
    [count('SecretKeyEntry'), 'secret key'],
  ]
    .filter(([n]) => n)
    .map(([n, what]) => `${n} ${what}${n === 1 ? '' : 's'}`);
  return {
    title: `${item.format} keystore · ${item.entries.length} entr${item.entries.length === 1 ? 'y' : 'ies'}${parts.length ? ` (${parts.join(', ')})` : ''}`,
    status: INTEGRITY[item.integrity],
    fields: [
      ...(item.version !== undefined ? [{ label: 'Format', value: `${item.format} version ${item.version}` }] : []),
      ...item.entries.map((e) => ({ label: e.alias, value: entryText(e, options) })),
    ],
  };
}

const KEY_STATE: Readonly<Record<NonNullable<KeystoreEntrySummary['keyState']> | 'locked', string>> = {
  locked: 'not decrypted',
  decrypted: 'opened with the keystore password to read its public key',
  'key-password': 'has its own key password (the keystore password does not open it): not checked',
  unsupported: 'not decrypted (unsupported protection)',
  malformed: 'not decrypted (malformed)',
};

function entryText(e: KeystoreEntrySummary, options: DescribeOptions): string {
  const created = e.created === undefined ? 'creation date out of range' : `created ${when(e.created, options)}`;
  switch (e.type) {
    case 'PrivateKeyEntry':
      return [
        'PrivateKeyEntry',
        `${e.keyAlgorithm ? `${e.keyAlgorithm} ` : ''}private key, encrypted${e.protection ? ` (${e.protection})` : ''}, ${KEY_STATE[e.keyState ?? 'locked']}`,
        ...(e.keyMatchesCertificate === undefined
          ? []
          : [e.keyMatchesCertificate ? 'key matches its certificate' : 'key does NOT match its certificate']),
        `chain of ${e.certificateCount}`,
        created,
      ].join(' · ');
    case 'trustedCertEntry':
      return `trustedCertEntry · ${created}`;
    case 'SecretKeyEntry':
      return `SecretKeyEntry · secret key, never read · ${created}`;
  }
}

/** `"server" PrivateKeyEntry` or `"server" PrivateKeyEntry, chain 2/3`. */
export function keystoreEntryLabel(item: Item): string | undefined {
  const k = item.keystoreEntry;
  if (!k) return undefined;
  if (k.key) return `"${k.alias}" ${k.type}, key`;
  return `"${k.alias}" ${k.type}${k.chainLength > 1 ? `, chain ${k.position + 1}/${k.chainLength}` : ''}`;
}

/** A certificate's title and countdown, without its fields. */
function certificateHeadline(item: CertificateItem, options: DescribeOptions): Omit<Description, 'fields'> {
  const c = item.certificate;
  const now = options.now.getTime();
  const e = computeExpiry(c.notBefore, c.notAfter, now, options.thresholds ?? DEFAULT_THRESHOLDS);
  const entry = keystoreEntryLabel(item);
  return { title: `${entry ? `${entry} · ` : ''}${roleName(item)} · ${c.subjectLabel}`, status: formatCountdown(e, c.notBefore, now) };
}

/**
 * An item's title and status line only, as `describeItem` gives them: for
 * lists of thousands (the outline, CodeLens), which would spend most of their
 * time formatting fingerprints and dates no one reads there.
 */
export function describeHeadline(item: Item, options: DescribeOptions): Omit<Description, 'fields'> {
  if (item.kind === 'certificate') return certificateHeadline(item, options);
  const { title, status } = describeItem(item, options);
  return status === undefined ? { title } : { title, status };
}

function describeCertificate(item: CertificateItem, options: DescribeOptions): Description {
  const c = item.certificate;
  const bc = c.isCA ? `CA${c.pathLen !== undefined ? `, pathLen ${c.pathLen}` : ''}` : 'not a CA';
  const entry = keystoreEntryLabel(item);
  const fields: Field[] = [
    ...(entry ? [{ label: 'Keystore entry', value: entry }] : []),
    { label: 'Subject', value: c.subject || '(empty)' },
    { label: 'Issuer', value: c.issuer || '(empty)' },
    { label: 'Serial', value: c.serialNumber },
    { label: 'Not before', value: when(c.notBefore, options) },
    { label: 'Not after', value: when(c.notAfter, options) },
    ...list('SANs', c.subjectAltNames),
    ...(c.spiffe
      ? [
          { label: 'SPIFFE ID', value: c.spiffe.id },
          { label: 'SVID TTL', value: formatDuration(c.spiffe.ttlSeconds * 1000) },
        ]
      : []),
    { label: 'Key', value: keyText(c) },
    { label: 'Signature', value: c.signatureAlgorithm },
    { label: 'SHA-256', value: colons(c.sha256), copy: true },
    { label: 'SHA-1', value: colons(c.sha1), copy: true },
    { label: 'SPKI SHA-256', value: colons(c.spkiSha256), copy: true },
    ...(c.subjectKeyId ? [{ label: 'Subject key ID', value: colons(c.subjectKeyId) }] : []),
    ...(c.authorityKeyId ? [{ label: 'Authority key ID', value: colons(c.authorityKeyId) }] : []),
    { label: 'Basic constraints', value: bc },
    ...(c.keyUsage ? [{ label: 'Key usage', value: c.keyUsage.join(', ') }] : []),
    ...(c.extendedKeyUsage ? [{ label: 'Extended key usage', value: c.extendedKeyUsage.join(', ') }] : []),
    ...list('OCSP', c.ocspUrls),
    ...list('CA issuers', c.caIssuerUrls),
    ...list('CRL', c.crlUrls),
    { label: 'SCTs', value: String(c.sctCount) },
    ...(c.mustStaple ? [{ label: 'Must-staple', value: 'yes' }] : []),
    {
      label: 'Extensions',
      value: c.extensions.map((x) => `${nameOf(EXTENSIONS, x.oid)}${x.critical ? ' (critical)' : ''}`).join(', ') || 'none',
    },
  ];
  return { ...certificateHeadline(item, options), fields };
}

const keyText = formatKey;

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

function list(label: string, values: readonly string[]): Field[] {
  return values.length ? [{ label, value: values.join(', ') }] : [];
}

/** `2026-03-01 12:00 UTC (in 3 days)`. */
function when(ms: number, options: DescribeOptions): string {
  return formatDate(ms, options.now.getTime());
}

const colons = formatFingerprint;

/**
 * One line per item for CodeLens and lists:
 * `leaf · api.example.com · expires in 23 days · 74% of lifetime used`.
 */
export function summaryLine(item: Item, options: DescribeOptions): string {
  const d = describeHeadline(item, options);
  return d.status ? `${d.title} · ${d.status}` : d.title;
}

/** The item that expires first among certificates, with its expiry. */
export function soonestExpiry(items: readonly Item[]): CertificateItem | undefined {
  let best: CertificateItem | undefined;
  for (const i of items) {
    if (i.kind === 'certificate' && (!best || i.certificate.notAfter < best.certificate.notAfter)) best = i;
  }
  return best;
}
