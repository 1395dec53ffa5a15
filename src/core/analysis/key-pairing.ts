/**
 * Key pairing (issue 4): every private or public key (PKCS#12 and Java
 * keystore keys too, once unlocked) matched to certificates and CSRs by SubjectPublicKeyInfo SHA-256,
 * and `key-mismatch` where a key and a certificate are clearly meant as a
 * pair: same base name (`server.key` / `server.crt`), one combined PEM file,
 * or a declared pair: `tls.key` / `tls.crt` of one Kubernetes Secret, a
 * kubeconfig user's client key and certificate (decode's `embedded.pairKey`),
 * or any pair a caller hands to `checkDeclaredPairs`.
 */
import type { CertificateItem, CsrItem, Item, KeyItem } from './decode';
import type { Problem, Span } from '../types';

export interface PairingFile {
  /** Path or URI string; the base name is what pairs `server.key` with `server.crt`. */
  readonly file: string;
  readonly items: readonly Item[];
}

export interface KeyMatch {
  readonly file: string;
  readonly index: number;
  readonly kind: 'certificate' | 'csr';
  readonly subject: string;
}

/** The pairing lens of one key block. */
export interface KeyLens {
  readonly file: string;
  readonly index: number;
  readonly span: Span;
  /** `matches server.crt (CN=api.example.com)` or `no certificate in the workspace uses this key`. */
  readonly text: string;
  readonly matches: readonly KeyMatch[];
}

export interface KeyPairing {
  readonly lenses: KeyLens[];
  /** `key-mismatch` problems by file. */
  readonly problems: ReadonlyMap<string, Problem[]>;
}

/** A key and the certificate(s) it is declared to go with. */
export interface DeclaredPair {
  readonly key: KeyItem;
  readonly certificates: readonly CertificateItem[];
  /** Why they belong together, for the message: `tls.key and tls.crt of Secret web-tls`. */
  readonly why: string;
}

const CERT_EXT = /\.(crt|cer|cert|pem)$/i;
const KEY_EXT = /\.(key|pem)$/i;

/**
 * @example
 * const { lenses, problems } = pairKeys([{ file: 'tls/server.key', items }, { file: 'tls/server.crt', items: crtItems }]);
 * lenses[0].text; // 'matches server.crt (CN=api.example.com)'
 */
export function pairKeys(files: readonly PairingFile[]): KeyPairing {
  const bySpki = new Map<string, KeyMatch[]>();
  for (const f of files)
    f.items.forEach((item, index) => {
      const spki = item.kind === 'certificate' ? item.certificate.spkiSha256 : item.kind === 'csr' ? item.csr.spkiSha256 : undefined;
      if (!spki) return;
      const subject = item.kind === 'certificate' ? item.certificate.subjectLabel : (item as CsrItem).csr.subjectLabel;
      push(bySpki, spki, { file: f.file, index, kind: item.kind as 'certificate' | 'csr', subject });
    });
  const lenses: KeyLens[] = [];
  const problems = new Map<string, Problem[]>();
  const facts = new FileFacts(files);
  for (const f of files) {
    f.items.forEach((item, index) => {
      if (item.kind !== 'private-key' && item.kind !== 'public-key') return;
      const spki = item.key.spkiSha256;
      const matches = spki ? (bySpki.get(spki) ?? []) : [];
      lenses.push({ file: f.file, index, span: item.span, text: lensText(item, matches, f.file), matches });
      if (item.kind !== 'private-key' || !spki) return;
      // A keystore key was checked against its own entry's certificate when decoded (decode.ts); other entries are not its pair.
      if (item.keystoreEntry) return;
      if (item.embedded) {
        // Embedded material pairs by its field (tls.key with tls.crt of the same Secret), never by file.
        const pairKey = item.embedded.pairKey;
        const certificates = pairKey === undefined ? [] : (facts.of(f).byPairKey.get(pairKey) ?? []);
        const why = item.embedded.path.endsWith('tls.key')
          ? 'tls.key and tls.crt of one Secret'
          : 'the client key and certificate of one kubeconfig user';
        for (const p of checkDeclaredPairs([{ key: item, certificates, why }])) push(problems, f.file, p);
        return;
      }
      for (const partner of facts.partners(f)) {
        const { certs, spkis } = facts.of(partner);
        if (certs.length === 0 || spkis.has(spki)) continue;
        const why = partner === f ? 'they share one file' : `${baseName(f.file)} and ${baseName(partner.file)} share a base name`;
        push(problems, f.file, mismatch(item.span, certs[0]!, why, partner === f ? undefined : partner.file));
      }
    });
  }
  return { lenses, problems };
}

/**
 * `key-mismatch` for pairs the caller knows belong together (a Secret's
 * `tls.key`/`tls.crt`, a kubeconfig user's client key and certificate).
 * The problem sits on the key.
 */
export function checkDeclaredPairs(pairs: readonly DeclaredPair[]): Problem[] {
  const out: Problem[] = [];
  for (const p of pairs) {
    const spki = p.key.key.spkiSha256;
    if (!spki || p.certificates.length === 0) continue;
    if (!p.certificates.some((c) => c.certificate.spkiSha256 === spki)) out.push(mismatch(p.key.span, p.certificates[0]!, p.why));
  }
  return out;
}

function mismatch(span: Span, cert: CertificateItem, why: string, file?: string): Problem {
  return {
    code: 'key-mismatch',
    severity: 'error',
    message: `this key does not belong to the certificate "${cert.certificate.subjectLabel}"${file ? ` in ${baseName(file)}` : ''} (${why}): their public keys differ`,
    span,
    data: { certificateSpkiSha256: cert.certificate.spkiSha256 },
  };
}

/** What pairing asks of a file, gathered once per file (a 20 MB bundle of key and certificate pairs asked it per key). */
interface Facts {
  /** Its certificates that are not embedded in YAML or JSON, in file order. */
  readonly certs: CertificateItem[];
  readonly spkis: ReadonlySet<string | undefined>;
  readonly hasPrivateKey: boolean;
  /** Embedded certificates by `embedded.pairKey`, in file order. */
  readonly byPairKey: ReadonlyMap<string, CertificateItem[]>;
}

class FileFacts {
  private readonly facts = new Map<PairingFile, Facts>();
  /** Certificate files by folder and stem (`certStem`), in `files` order; built on the first key file that needs it. */
  private stems: Map<string, PairingFile[]> | undefined;

  constructor(private readonly files: readonly PairingFile[]) {}

  of(f: PairingFile): Facts {
    let x = this.facts.get(f);
    if (!x) {
      const certs: CertificateItem[] = [];
      const byPairKey = new Map<string, CertificateItem[]>();
      for (const i of f.items) {
        if (i.kind !== 'certificate') continue;
        if (!i.embedded) certs.push(i);
        else if (i.embedded.pairKey !== undefined) push(byPairKey, i.embedded.pairKey, i);
      }
      const spkis = new Set(certs.map((c) => c.certificate.spkiSha256));
      x = { certs, spkis, hasPrivateKey: f.items.some((i) => i.kind === 'private-key'), byPairKey };
      this.facts.set(f, x);
    }
    return x;
  }

  /** Files clearly meant to go with a key file: itself (combined PEM), or a certificate file of the same stem. */
  partners(keyFile: PairingFile): PairingFile[] {
    const out: PairingFile[] = [];
    if (this.of(keyFile).certs.length > 0) out.push(keyFile);
    if (!KEY_EXT.test(keyFile.file)) return out;
    if (!this.stems) {
      this.stems = new Map();
      for (const f of this.files) if (CERT_EXT.test(f.file)) push(this.stems, JSON.stringify([dirName(f.file), certStem(f.file)]), f);
    }
    for (const f of this.stems.get(JSON.stringify([dirName(keyFile.file), keyStem(keyFile.file)])) ?? []) {
      if (f === keyFile) continue;
      if (this.of(f).hasPrivateKey) continue; // a combined file pairs with itself
      out.push(f);
    }
    return out;
  }
}

function lensText(item: KeyItem, matches: readonly KeyMatch[], file: string): string {
  if (!item.key.spkiSha256)
    return item.key.encrypted ? 'encrypted key: unlock it to pair it with a certificate' : 'key without a public part: cannot pair';
  if (matches.length === 0) return 'no certificate in the workspace uses this key';
  const certs = matches.filter((m) => m.kind === 'certificate');
  const first = certs[0] ?? matches[0]!;
  const where = first.file === file ? 'this file' : baseName(first.file);
  const what = first.kind === 'csr' ? `CSR ${where}` : where;
  const more = matches.length > 1 ? ` and ${matches.length - 1} more` : '';
  return `matches ${what} (${cnOf(first.subject)})${more}`;
}

function cnOf(label: string): string {
  return /=/.test(label) ? label : `CN=${label}`;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

export function baseName(file: string): string {
  return file.replace(/^.*[\\/]/, '');
}

function dirName(file: string): string {
  const i = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return i < 0 ? '' : file.slice(0, i);
}

/** `server.key`, `server-key.pem`, `server_key.pem`, `server.key.pem` → `server`. */
function keyStem(file: string): string {
  return baseName(file)
    .replace(KEY_EXT, '')
    .replace(/([-_.](priv|private)?key)$/i, '')
    .toLowerCase();
}

/** `server.crt`, `server-cert.pem`, `server.crt.pem`, `server.pem` → `server`. */
function certStem(file: string): string {
  return baseName(file)
    .replace(CERT_EXT, '')
    .replace(/([-_.](cert|crt|certificate))$/i, '')
    .toLowerCase();
}
