/**
 * Reading certificate-bearing files from disk for the CLI (the extension
 * reads through `vscode.workspace.fs` with the same core).
 */
import { basename, extname } from 'node:path';
import { nodeDigest } from './digest';
import { decodeBinary, decodeText, isStructuredPath, looksLikeText, mayHoldMaterial, type DecodedFile } from '../core/analysis/decode';
import { keystoreFormat } from '../core/x509/jks';
import { sourceLanguageOf } from '../core/source';
import type { Problem } from '../core/types';
import { readRegularFile, type ReadFs } from './file-read';
import { lintCannotConcern } from '../core/cert-manager/prescreen';
import { isCleanYaml } from '../core/k8s/yaml-roots';

export { MAX_FILE_BYTES } from './file-read';
export { UnreadablePathError, walk, walkEntries, type WalkEntry } from './walk';

/** Extensions read even when they hold no PEM marker (binary formats are sniffed). */
export const CERTIFICATE_EXTENSIONS = new Set([
  '.pem',
  '.crt',
  '.cer',
  '.cert',
  '.der',
  '.key',
  '.csr',
  '.req',
  '.crl',
  '.p7b',
  '.p7c',
  '.p12',
  '.pfx',
  '.jks',
  '.jceks',
  '.keystore',
  '.truststore',
]);
/** Java's trust store has no extension (`$JAVA_HOME/lib/security/cacerts`). */
const CERTIFICATE_NAMES = new Set(['cacerts']);

export interface LoadOptions {
  /** PKCS#12 / keystore password (`--keystore-password`); kept in memory only. */
  readonly password?: string;
}
/** What the walk already knows of one file. */
export interface FileHint {
  /** The folder listing said regular file (readRegularFile skips its stat). */
  readonly regular?: boolean;
}
export interface LoadedFile {
  readonly path: string;
  /** Undefined for binary files. */
  readonly text?: string;
  readonly decoded: DecodedFile;
  /**
   * The decoder read the text as YAML without a syntax error and within the
   * YAML limits (k8s/yaml-roots.ts `isCleanYaml`), and the cert-manager
   * linter cannot concern it (cert-manager/prescreen.ts): the lint skips the
   * file (scan.ts) instead of reading it again.
   */
  readonly lintInert?: true;
}

/**
 * Reads and decodes one file. Returns undefined for a file with nothing
 * certificate-like in it (only when `explicit` is false: a file the user
 * named is always reported).
 */
export async function loadFile(
  path: string,
  explicit: boolean,
  options: LoadOptions = {},
  fs?: ReadFs,
  hint: FileHint = {},
): Promise<LoadedFile | undefined> {
  const certExt = hasCertificateExtension(path);
  // Synchronous reads: for many small files they cost a third of the
  // thread-pool round trips of fs/promises (bench/scan.bench.ts).
  const read = readRegularFile(path, fs, undefined, hint.regular);
  if (!read.ok) {
    // A file that fails to read may hold anything: always reported. A special, huge or
    // dangling one only when named or named like a certificate file.
    const report = certExt || explicit || read.problem.severity === 'error';
    return report ? problemFile(path, read.problem) : undefined;
  }
  return decodeBytes(path, read.bytes, certExt || explicit, options);
}

function hasCertificateExtension(path: string): boolean {
  return CERTIFICATE_EXTENSIONS.has(extname(path).toLowerCase()) || CERTIFICATE_NAMES.has(basename(path).toLowerCase());
}

/** A file with nothing decoded and one finding about the file itself. */
export function problemFile(path: string, problem: Problem): LoadedFile {
  return { path, decoded: { items: [], problems: [problem] } };
}

const utf8 = new TextDecoder('utf-8');

export async function decodeBytes(
  path: string,
  bytes: Uint8Array,
  certificateFile: boolean,
  options: LoadOptions = {},
): Promise<LoadedFile | undefined> {
  if (looksLikeText(bytes)) {
    const text = utf8.decode(bytes);
    const structured = isStructuredPath(path);
    if (!certificateFile && !mayHoldMaterial(text, structured)) return undefined;
    const language = sourceLanguageOf(path);
    const decoded = await decodeText(text, { structured, digest: nodeDigest, ...(language && { language }) });
    const nothing = decoded.items.length === 0 && decoded.problems.length === 0;
    if (!certificateFile && nothing) return undefined;
    // A `.der`/`.crt`/… with no PEM marker can only be binary: a 1-byte or empty one is malformed DER, not "nothing".
    if (nothing && hasCertificateExtension(path) && !text.includes('-----BEGIN ')) {
      return { path, decoded: await decodeBinaryWith(bytes, options.password) };
    }
    // Right after the decode, which read the text: known without reading it again.
    const lintInert = structured && lintCannotConcern({ path, text }) && isCleanYaml(text);
    return { path, text, decoded, ...(lintInert && { lintInert: true as const }) };
  }
  // Java keystores go by many names (`server.ks`, `java.jks.old`): any binary file with the magic is read.
  if (!certificateFile && !keystoreFormat(bytes)) return undefined;
  return { path, decoded: await decodeBinaryWith(bytes, options.password) };
}

/**
 * One password for every file of a run: a PKCS#12 it does not open is tried
 * again with the empty password, so `--keystore-password` never hides a file
 * that opened without it.
 */
async function decodeBinaryWith(bytes: Uint8Array, password: string | undefined): Promise<DecodedFile> {
  if (password === undefined) return decodeBinary(bytes, { digest: nodeDigest });
  const decoded = await decodeBinary(bytes, { password, digest: nodeDigest });
  if (!decoded.items.some((i) => i.kind === 'pkcs12' && i.status === 'wrong-password')) return decoded;
  const empty = await decodeBinary(bytes, { digest: nodeDigest });
  return empty.items.some((i) => i.kind === 'pkcs12' && i.status === 'ok') ? empty : decoded;
}
