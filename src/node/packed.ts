/**
 * Big results cross between the editor's threads as serialised slices, so the
 * extension host's main thread never spends a whole turn on them (issue 16:
 * a 20 MB bundle's 25,000 decoded items took 0.8–2 s to structured-clone in
 * one turn). The sender serialises each top-level array of more than `SLICE`
 * elements in slices (`v8.serialize`) into SharedArrayBuffers, which a post
 * shares instead of copying; the receiver deserialises one slice per
 * event-loop turn (`unpackSliced`), letting input, timers and other messages
 * run in between. The receiver keeps the slices of the arrays it may post on
 * (`packedOf`: a file's items, from the decode worker to a report worker),
 * so they are never serialised again on the main thread.
 *
 * Typed arrays (an item's DER) are copied out of the shared slices into
 * buffers of their own, as a structured clone gives them: WebCrypto refuses
 * views on a SharedArrayBuffer, and a view would keep its whole slice alive.
 */
import { deserialize, serialize } from 'node:v8';

/** Elements per slice: a slice of decoded certificates deserialises in a few milliseconds. */
export const SLICE = 256;

/** One array as serialised slices. */
export interface PackedArray {
  readonly slices: readonly SharedArrayBuffer[];
  readonly length: number;
}

/** An object whose big top-level arrays travel as slices; `head` holds the rest. */
export interface Packed {
  readonly packed: 1;
  readonly head: Record<string, unknown>;
  readonly arrays: Readonly<Record<string, PackedArray>>;
}

export function isPacked(v: unknown): v is Packed {
  return typeof v === 'object' && v !== null && (v as { packed?: unknown }).packed === 1 && 'arrays' in v;
}

export function isPackedArray(v: unknown): v is PackedArray {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Array.isArray((v as { slices?: unknown }).slices);
}

/** The slices each array rebuilt here came from (only those kept: see `unpackSliced`). */
const origins = new WeakMap<readonly unknown[], PackedArray>();

/** The slices `array` was rebuilt from, if they were kept: it can be posted on as they are. */
export function packedOf(array: readonly unknown[]): PackedArray | undefined {
  return origins.get(array);
}

/** Serialises `array` in slices of `slice` elements (a worker's side: it blocks for the whole array). */
export function packArray(array: readonly unknown[], slice = SLICE): PackedArray {
  const known = origins.get(array);
  if (known) return known;
  const slices: SharedArrayBuffer[] = [];
  for (let i = 0; i < array.length; i += slice) {
    const bytes = serialize(array.slice(i, i + slice));
    const shared = new SharedArrayBuffer(bytes.byteLength);
    new Uint8Array(shared).set(bytes);
    slices.push(shared);
  }
  return { slices, length: array.length };
}

/**
 * `value` with every top-level array of more than `slice` elements packed, or
 * `value` itself when it has none (small results are cloned as they are).
 */
export function pack<T>(value: T, slice = SLICE): T | Packed {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const head: Record<string, unknown> = {};
  const arrays: Record<string, PackedArray> = {};
  for (const [k, v] of Object.entries(value)) {
    if (Array.isArray(v) && (v.length > slice || origins.has(v))) arrays[k] = packArray(v, slice);
    else head[k] = v;
  }
  return Object.keys(arrays).length === 0 ? value : { packed: 1, head, arrays };
}

/** Replaces, in place, every typed array viewing a SharedArrayBuffer by a copy of its own. */
function unshare(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (ArrayBuffer.isView(v)) {
    if (!(v.buffer instanceof SharedArrayBuffer)) return v;
    const copy = new Uint8Array(v.byteLength);
    copy.set(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    if (v instanceof DataView) return new DataView(copy.buffer);
    // The same type (Uint8Array, Buffer, …) over the copy.
    const per = (v as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
    return new (v.constructor as new (b: ArrayBuffer, o: number, n: number) => ArrayBufferView)(copy.buffer, 0, v.byteLength / per);
  }
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    const x = o[k];
    if (typeof x === 'object' && x !== null) o[k] = unshare(x);
  }
  return o;
}

function sliceOf(buffer: SharedArrayBuffer): unknown[] {
  const out = deserialize(new Uint8Array(buffer)) as unknown;
  return Array.isArray(out) ? (unshare(out) as unknown[]) : [];
}

/** Rebuilds an array at once (a worker's side); its slices are kept for posting on. */
export function unpackArray(p: PackedArray): unknown[] {
  const out: unknown[] = [];
  for (const s of p.slices) for (const x of sliceOf(s)) out.push(x);
  origins.set(out, p);
  return out;
}

/** Progress of the slices being rebuilt on this thread (tests: the reply spans several turns). */
export interface UnpackProgress {
  done: number;
  readonly total: number;
}

/**
 * Rebuilds a packed value one slice per event-loop turn (the main thread's
 * side): `setImmediate` between slices lets pending I/O (keystrokes, VS Code's
 * messages) and timers run. `progress` is updated as slices land. The slices
 * of the arrays named in `keep` stay with them (`packedOf`), for posting on;
 * the others' are dropped once read. Rejects as soon as `stopped()` says so
 * (the request was cancelled meanwhile).
 */
export async function unpackSliced<T>(
  v: T | Packed,
  progress?: (p: UnpackProgress) => void,
  keep: readonly string[] = ['items'],
  stopped: () => boolean = () => false,
): Promise<T> {
  if (!isPacked(v)) return v;
  const arrays = Object.entries(v.arrays);
  const state: UnpackProgress = { done: 0, total: arrays.reduce((n, [, a]) => n + a.slices.length, 0) };
  progress?.(state);
  const out: Record<string, unknown> = { ...v.head };
  for (const [k, a] of arrays) {
    const items: unknown[] = [];
    for (const s of a.slices) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (stopped()) throw new Error('unpacking stopped');
      for (const x of sliceOf(s)) items.push(x);
      state.done++;
      progress?.(state);
    }
    if (keep.includes(k)) origins.set(items, a);
    out[k] = items;
  }
  return out as T;
}
