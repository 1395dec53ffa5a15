/**
 * `certlens scan -`: one stream on stdin, as files. A Kubernetes YAML/JSON
 * stream becomes one file per resource (named `namespace/name`); PEM text
 * and binary input (DER, PKCS#12, Java keystores) become one file named
 * `<stdin>`. A stream that holds nothing readable gives `stdin-unreadable`
 * on `<stdin>`, never an exception.
 */
import { decodeBinary, decodeText, looksLikeText } from '../core/analysis/decode';
import { splitResourceStream, type StreamResource } from '../core/k8s/resource-stream';
import { nodeDigest } from './digest';
import type { LoadedFile } from './files';

export const STDIN_NAME = '<stdin>';

export interface StdinFiles {
  readonly files: LoadedFile[];
  /** By file name: the resource each came from. */
  readonly resources: ReadonlyMap<string, StreamResource>;
}

export async function readAll(stream: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return new Uint8Array(Buffer.concat(chunks));
}

export async function decodeStdin(bytes: Uint8Array, password?: string): Promise<StdinFiles> {
  if (!looksLikeText(bytes)) {
    const decoded = await decodeBinary(bytes, { digest: nodeDigest, ...(password !== undefined && { password }) });
    return { files: [{ path: STDIN_NAME, decoded }], resources: new Map() };
  }
  const text = new TextDecoder('utf-8').decode(bytes);
  const resources = splitResourceStream(text);
  if (resources) {
    const files: LoadedFile[] = [];
    for (const r of resources)
      files.push({ path: r.name, text: r.text, decoded: await decodeText(r.text, { structured: true, digest: nodeDigest }) });
    return { files, resources: new Map(resources.map((r) => [r.name, r])) };
  }
  const decoded = await decodeText(text, { structured: true, digest: nodeDigest });
  if (decoded.items.length === 0 && decoded.problems.length === 0) {
    const problem = {
      code: 'stdin-unreadable',
      severity: 'error' as const,
      message: `the stream (${bytes.length} bytes) holds no PEM block, DER object, keystore or Kubernetes YAML/JSON resource`,
      span: { start: 0, end: Math.min(text.length, 1) },
    };
    return { files: [{ path: STDIN_NAME, text, decoded: { items: [], problems: [problem] } }], resources: new Map() };
  }
  return { files: [{ path: STDIN_NAME, text, decoded }], resources: new Map() };
}
