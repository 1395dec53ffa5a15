/**
 * Messages between the extension host and the decode worker
 * (src/node/editor-decode-worker.ts). Everything here is structured-cloned: plain
 * data only (items carry their DER as Uint8Array, which clones as is).
 */
import type { DecodedFile } from '../core/analysis/decode';

export type DecodeRequest =
  | { readonly id: number; readonly kind: 'text'; readonly text: string; readonly structured: boolean }
  | { readonly id: number; readonly kind: 'binary'; readonly bytes: Uint8Array; readonly password?: string };

export type DecodeResponse =
  | { readonly id: number; readonly ok: true; readonly decoded: DecodedFile }
  | { readonly id: number; readonly ok: false; readonly error: string };
