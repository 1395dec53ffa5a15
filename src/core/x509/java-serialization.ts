/**
 * Finds where one Java-serialized object ends, without building it.
 *
 * Why: a JCEKS SecretKeyEntry is written with `ObjectOutputStream.writeObject`
 * (a `SealedObjectForKeyProtector`) and has no length prefix
 * (`com.sun.crypto.provider.JceKeyStore.engineStore`), so the only way to
 * reach the entries after it is to walk the stream grammar of the Java Object
 * Serialization Specification §6.4. Only the subset that a sealed key uses is
 * accepted: objects, class descriptors, strings, primitive and object arrays,
 * back references, block data. Anything else (proxies, enums, exceptions,
 * resets) yields a reason instead of a guess. Bounded: every length is checked
 * against the remaining bytes, recursion depth and step count are capped, and
 * nothing is allocated in proportion to a declared size.
 */
import { JavaDataInput } from './java-data-input';

/** Stream constants, Object Serialization Specification §6.4.2. */
const TC = {
  NULL: 0x70,
  REFERENCE: 0x71,
  CLASSDESC: 0x72,
  OBJECT: 0x73,
  STRING: 0x74,
  ARRAY: 0x75,
  BLOCKDATA: 0x77,
  ENDBLOCKDATA: 0x78,
  BLOCKDATALONG: 0x7a,
  LONGSTRING: 0x7c,
} as const;
const SC_WRITE_METHOD = 0x01;
const SC_SERIALIZABLE = 0x02;
const SC_EXTERNALIZABLE = 0x04;
const SC_BLOCK_DATA = 0x08;
const BASE_HANDLE = 0x7e0000;
const MAX_DEPTH = 16;
const MAX_STEPS = 10_000;
const PRIMITIVE_SIZE: Readonly<Record<string, number>> = { B: 1, C: 2, D: 8, F: 4, I: 4, J: 8, S: 2, Z: 1 };

interface ClassDesc {
  readonly name: string;
  readonly flags: number;
  /** Type codes with, for objects, nothing more: values are skipped, not typed. */
  readonly fields: readonly string[];
  readonly parent: ClassDesc | undefined;
}

export type SkipResult = { ok: true; end: number; className?: string } | { ok: false; offset: number; reason: string };

class Stop extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

class Reader extends JavaDataInput {
  steps = 0;
  /** Handle table (§6.4.1): class descriptors are kept, other objects are placeholders. */
  readonly handles: (ClassDesc | null)[] = [];

  protected truncated(what: string, n: number, left: number): Error {
    return new Stop(this.p, `truncated: ${what} needs ${n} byte(s), ${left} left`);
  }
  /** A `writeUTF` string (u16 length, modified UTF-8), decoded as Latin-1: names are ASCII. */
  utf(what: string): string {
    const n = this.u16(what);
    this.need(n, what);
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(this.buf[this.p + i]!);
    this.p += n;
    return s;
  }
  tick(depth: number): void {
    if (++this.steps > MAX_STEPS) throw new Stop(this.p, 'too many elements');
    if (depth > MAX_DEPTH) throw new Stop(this.p, 'nested too deep');
  }
  handle(h: number): ClassDesc | null {
    const i = h - BASE_HANDLE;
    if (i < 0 || i >= this.handles.length) throw new Stop(this.p - 4, `back reference to unknown handle 0x${h.toString(16)}`);
    return this.handles[i]!;
  }
}

/**
 * Skips one serialization stream (`AC ED 00 05` header and one top-level
 * object) starting at `start`.
 *
 * @example
 * const r = skipSerializedObject(bytes, entryStart);
 * if (r.ok) next = r.end; // else report r.reason at r.offset
 */
export function skipSerializedObject(buf: Uint8Array, start: number, limit = buf.length): SkipResult {
  const r = new Reader(buf, start, limit);
  try {
    if (r.u16('stream magic') !== 0xaced) throw new Stop(start, 'not a Java serialization stream (no AC ED magic)');
    const version = r.u16('stream version');
    if (version !== 5) throw new Stop(start + 2, `serialization stream version ${version} (expected 5)`);
    const first = buf[r.p];
    const desc = first === TC.OBJECT ? peekObjectClass(r) : undefined;
    content(r, 0);
    return { ok: true, end: r.p, ...(desc !== undefined && { className: desc }) };
  } catch (e) {
    if (e instanceof Stop) return { ok: false, offset: e.offset, reason: e.reason };
    return { ok: false, offset: r.p, reason: String(e) };
  }
}

/** The class name of a TC_OBJECT with an inline descriptor, read without consuming. */
function peekObjectClass(r: Reader): string | undefined {
  const { buf, p } = r;
  if (buf[p + 1] !== TC.CLASSDESC || p + 4 > r.limit) return undefined;
  const n = (buf[p + 2]! << 8) | buf[p + 3]!;
  if (p + 4 + n > r.limit) return undefined;
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(buf[p + 4 + i]!);
  return s;
}

/** One `content` element (§6.4.2 grammar: object or block data). */
function content(r: Reader, depth: number): void {
  r.tick(depth);
  const at = r.p;
  const tc = r.u8('type code');
  switch (tc) {
    case TC.NULL:
      return;
    case TC.REFERENCE:
      r.handle(r.u32('handle'));
      return;
    case TC.CLASSDESC:
      r.p = at;
      classDesc(r, depth);
      return;
    case TC.OBJECT: {
      const desc = classDesc(r, depth);
      r.handles.push(null);
      if (!desc) throw new Stop(at, 'object without a class descriptor');
      classData(r, desc, depth);
      return;
    }
    case TC.STRING:
      r.skip(r.u16('string length'), 'string');
      r.handles.push(null);
      return;
    case TC.LONGSTRING: {
      const hi = r.u32('long string length');
      const lo = r.u32('long string length');
      if (hi !== 0) throw new Stop(at, 'long string larger than 4 GiB');
      r.skip(lo, 'long string');
      r.handles.push(null);
      return;
    }
    case TC.ARRAY: {
      const desc = classDesc(r, depth);
      r.handles.push(null);
      if (!desc || !desc.name.startsWith('[')) throw new Stop(at, 'array without an array class descriptor');
      const size = r.u32('array size');
      const code = desc.name[1] ?? '';
      const width = PRIMITIVE_SIZE[code];
      if (width !== undefined) {
        if (size > (r.limit - r.p) / width)
          throw new Stop(r.p - 4, `array of ${size} element(s) is longer than the ${r.limit - r.p} byte(s) left`);
        r.skip(size * width, 'array');
      } else if (code === 'L' || code === '[') {
        if (size > r.limit - r.p) throw new Stop(r.p - 4, `array of ${size} object(s) is longer than the ${r.limit - r.p} byte(s) left`);
        for (let i = 0; i < size; i++) content(r, depth + 1);
      } else {
        throw new Stop(at, `array class ${desc.name} is not understood`);
      }
      return;
    }
    case TC.BLOCKDATA:
      r.skip(r.u8('block length'), 'block data');
      return;
    case TC.BLOCKDATALONG:
      r.skip(r.u32('block length'), 'block data');
      return;
    default:
      throw new Stop(at, `type code 0x${tc.toString(16).padStart(2, '0')} is not supported`);
  }
}

/** `classDesc`: a new descriptor, a back reference to one, or null. */
function classDesc(r: Reader, depth: number): ClassDesc | undefined {
  r.tick(depth);
  const at = r.p;
  const tc = r.u8('class descriptor');
  if (tc === TC.NULL) return undefined;
  if (tc === TC.REFERENCE) {
    const d = r.handle(r.u32('handle'));
    if (!d) throw new Stop(at, 'back reference to something that is not a class descriptor');
    return d;
  }
  if (tc !== TC.CLASSDESC) throw new Stop(at, `type code 0x${tc.toString(16).padStart(2, '0')} where a class descriptor was expected`);
  const name = r.utf('class name');
  r.skip(8, 'serialVersionUID');
  const slot = r.handles.length;
  r.handles.push(null);
  const flags = r.u8('class flags');
  const count = r.u16('field count');
  if (count > (r.limit - r.p) / 3) throw new Stop(r.p - 2, `${count} field(s) cannot fit in the ${r.limit - r.p} byte(s) left`);
  const fields: string[] = [];
  for (let i = 0; i < count; i++) {
    const code = String.fromCharCode(r.u8('field type'));
    r.utf('field name');
    if (code === 'L' || code === '[')
      content(r, depth + 1); // className1: a string or a reference
    else if (PRIMITIVE_SIZE[code] === undefined) throw new Stop(r.p, `field type '${code}' is not valid`);
    fields.push(code);
  }
  annotations(r, depth);
  const parent = classDesc(r, depth + 1);
  const desc: ClassDesc = { name, flags, fields, parent };
  r.handles[slot] = desc;
  return desc;
}

/** `classAnnotation` / `objectAnnotation`: contents up to TC_ENDBLOCKDATA. */
function annotations(r: Reader, depth: number): void {
  for (;;) {
    r.tick(depth);
    if (r.p >= r.limit) throw new Stop(r.p, 'truncated: annotations end without TC_ENDBLOCKDATA');
    if (r.buf[r.p] === TC.ENDBLOCKDATA) {
      r.p++;
      return;
    }
    content(r, depth + 1);
  }
}

/** `classdata[]`: values of each class in the hierarchy, superclass first. */
function classData(r: Reader, desc: ClassDesc, depth: number): void {
  const chain: ClassDesc[] = [];
  for (let d: ClassDesc | undefined = desc; d; d = d.parent) {
    if (chain.length > MAX_DEPTH) throw new Stop(r.p, 'class hierarchy too deep');
    chain.unshift(d);
  }
  for (const d of chain) {
    if (d.flags & SC_EXTERNALIZABLE) {
      if (!(d.flags & SC_BLOCK_DATA)) throw new Stop(r.p, `${d.name}: externalizable without block data (protocol 1) is not supported`);
      annotations(r, depth);
      continue;
    }
    if (!(d.flags & SC_SERIALIZABLE)) continue;
    for (const code of d.fields) {
      const width = PRIMITIVE_SIZE[code];
      if (width !== undefined) r.skip(width, `${d.name} field`);
      else content(r, depth + 1);
    }
    if (d.flags & SC_WRITE_METHOD) annotations(r, depth);
  }
}
