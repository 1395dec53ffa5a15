/**
 * Fuzz targets shared by the short property run in `npm test`
 * (test/unit/fuzz/parsers.fuzz.test.ts) and the long runner (`npm run fuzz`,
 * scripts/fuzz.ts). Each target pairs a fast-check arbitrary with a parser
 * entry point; the invariant is the house rule for core: findings, never a
 * throw, and every problem a well-formed finding with a span inside the input.
 *
 * Inputs are built three ways: mutations of the committed fixtures (bit
 * flips, truncations, insertions, splices), structure-aware generators (DER
 * TLV trees with definite, long-form, wrong and indefinite lengths; PEM
 * marker soup; YAML with anchors, aliases and nesting; TLS record streams),
 * and plain random bytes.
 */
import 'reflect-metadata';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { scanPem } from '../../src/core/pem/scanner';
import { decodeBinary, decodeText } from '../../src/core/analysis/decode';
import { decodePkcs7 } from '../../src/core/x509/pkcs7';
import { decodePkcs12 } from '../../src/core/x509/pkcs12';
import { decodeKeystore } from '../../src/core/x509/jks';
import { parseCrl } from '../../src/core/revocation/crl-parse';
import { lintManifest } from '../../src/core/cert-manager';
import { readServerFlight } from '../../src/core/tls/handshake';
import { splitRecords } from '../../src/core/tls/records';
import { DerError } from '../../src/core/der/reader';
import { toPem } from '../../src/core/pem/base64';
import type { Problem } from '../../src/core/types';
import { yamlText } from './yaml-arbitrary';
import { blockYamlTarget } from './block-yaml-target';

export interface FuzzTarget {
  readonly name: string;
  readonly arbitrary: fc.Arbitrary<Uint8Array | string>;
  /** Runs the parser; resolves when done, rejects (or throws) on a broken invariant. */
  readonly run: (input: Uint8Array | string) => Promise<void>;
}

const ROOT = join(__dirname, '..', '..');
const FIX = join(ROOT, 'test', 'fixtures');
const read = (rel: string) => new Uint8Array(readFileSync(join(FIX, rel)));
const list = (dir: string, re: RegExp) =>
  readdirSync(join(FIX, dir))
    .filter((f) => re.test(f))
    .sort()
    .map((f) => `${dir}/${f}`);

/** DER of every PEM block in the given fixture files. */
function pemDers(files: string[]): Uint8Array[] {
  return files.flatMap((f) => scanPem(readFileSync(join(FIX, f), 'utf8')).blocks.flatMap((b) => (b.der ? [b.der] : [])));
}

const seeds = {
  certs: pemDers([...list('certs', /\.pem$/), ...list('keys', /\.crt\.pem$/)]).slice(0, 24),
  keys: pemDers(list('keys', /\.(pkcs8|sec1|spki|dsa)\.pem$/)).slice(0, 16),
  crls: [read('certs/fresh.crl'), read('certs/stale.crl'), read('p12/inter.crl.der')].map(derOf),
  p7: [read('p12/chain.p7b'), read('certs/chain.p7b')].map(derOf),
  p12: list('p12', /\.p12$/).map(read),
  jks: list('jks', /\.(jks|jceks)$/).map(read),
  yaml: [...list('k8s', /\.(ya?ml|json)$/), ...list('cert-manager/realistic', /\.ya?ml$/)].map((f) => readFileSync(join(FIX, f), 'utf8')),
  tls: tlsSeeds(),
};

/** A fixture may be PEM or DER; fuzzing wants the DER. */
function derOf(bytes: Uint8Array): Uint8Array {
  if (bytes[0] === 0x30) return bytes;
  return scanPem(new TextDecoder().decode(bytes)).blocks[0]?.der ?? bytes;
}

function tlsSeeds(): Uint8Array[] {
  const json = JSON.parse(
    readFileSync(join(ROOT, 'test', 'unit', 'core', 'tls', 'fixtures', 'captured-handshakes.json'), 'utf8'),
  ) as Record<string, { serverBytes?: string }>;
  return Object.values(json).flatMap((v) =>
    typeof v === 'object' && v.serverBytes ? [Uint8Array.from(Buffer.from(v.serverBytes, 'hex'))] : [],
  );
}

// ---------------------------------------------------------------- mutations

type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'set'; at: number; value: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; n: number }
  | { kind: 'duplicate'; at: number; n: number }
  | { kind: 'length'; at: number; value: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.constantFrom(0, 0x80, 0x81, 0x82, 0x84, 0xff, 0x30, 0xa0, 0x24) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 8 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 64 }) }),
  // Overwrites a length byte pattern with a long form: 0x84 + 4 bytes.
  fc.record({
    kind: fc.constant('length' as const),
    at: fc.nat(),
    value: fc.oneof(fc.nat(), fc.constant(0x7fffffff), fc.constant(0xffffffff)),
  }),
);

export function mutate(seed: Uint8Array, ops: readonly Mutation[]): Uint8Array {
  let b = Uint8Array.from(seed);
  for (const op of ops) {
    const at = b.length === 0 ? 0 : op.at % (b.length + 1);
    switch (op.kind) {
      case 'flip':
        if (at < b.length) b[at] = (b[at] ?? 0) ^ (1 << op.bit);
        break;
      case 'set':
        if (at < b.length) b[at] = op.value;
        break;
      case 'truncate':
        b = b.subarray(0, at);
        break;
      case 'insert':
        b = Uint8Array.from([...b.subarray(0, at), ...op.bytes, ...b.subarray(at)]);
        break;
      case 'delete':
        b = Uint8Array.from([...b.subarray(0, at), ...b.subarray(at + op.n)]);
        break;
      case 'duplicate':
        b = Uint8Array.from([...b.subarray(0, at + op.n), ...b.subarray(at, at + op.n), ...b.subarray(at + op.n)]);
        break;
      case 'length': {
        const v = op.value >>> 0;
        const bytes = [0x84, v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
        b = Uint8Array.from([...b.subarray(0, at), ...bytes, ...b.subarray(Math.min(b.length, at + 1))]);
        break;
      }
    }
  }
  return b;
}

function mutated(seedList: readonly Uint8Array[]): fc.Arbitrary<Uint8Array> {
  return fc
    .tuple(fc.integer({ min: 0, max: seedList.length - 1 }), fc.array(mutationArb, { minLength: 1, maxLength: 6 }))
    .map(([i, ops]) => mutate(seedList[i] ?? new Uint8Array(0), ops));
}

// ---------------------------------------------------------------- DER trees

type Node = { tag: number; value: Uint8Array } | { tag: number; kids: Node[]; indefinite: boolean };

const derTree: fc.Arbitrary<Node> = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({
      tag: fc.constantFrom(0x02, 0x03, 0x04, 0x05, 0x06, 0x0c, 0x13, 0x17, 0x18, 0x1e, 0x80, 0x81, 0x01),
      value: fc.uint8Array({ maxLength: 24 }),
    }),
    fc.record({
      tag: fc.constantFrom(0x30, 0x31, 0xa0, 0xa1, 0xa3, 0x24, 0x23),
      kids: fc.array(tie('node'), { maxLength: 5 }),
      indefinite: fc.boolean(),
    }),
  ),
})).node;

function encodeLength(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return [0x80 | out.length, ...out];
}

export function encodeTree(n: Node): Uint8Array {
  if ('value' in n) return Uint8Array.from([n.tag, ...encodeLength(n.value.length), ...n.value]);
  const inner = n.kids.map(encodeTree);
  const body = inner.flatMap((x) => [...x]);
  if (n.indefinite) return Uint8Array.from([n.tag, 0x80, ...body, 0, 0]);
  return Uint8Array.from([n.tag, ...encodeLength(body.length), ...body]);
}

/** A deep chain of constructed elements, definite or indefinite. */
const deepNesting = fc.tuple(fc.integer({ min: 1, max: 3000 }), fc.boolean()).map(([depth, indefinite]) => {
  if (indefinite) return Uint8Array.from([...Array.from({ length: depth }, () => [0x30, 0x80]).flat(), ...new Array(depth * 2).fill(0)]);
  let b = Uint8Array.of(0x05, 0x00);
  for (let i = 0; i < depth; i++) b = Uint8Array.from([0x30, ...encodeLength(b.length), ...b]);
  return b;
});

const derInput: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 4, arbitrary: mutated([...seeds.certs, ...seeds.crls, ...seeds.p7, ...seeds.keys]) },
  { weight: 2, arbitrary: derTree.map(encodeTree) },
  { weight: 1, arbitrary: deepNesting },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
);

// ---------------------------------------------------------------- text

const PEM_TOKENS = [
  '-----BEGIN ',
  '-----END ',
  '-----',
  'CERTIFICATE',
  'X509 CRL',
  'PRIVATE KEY',
  'RSA PRIVATE KEY',
  'PKCS7',
  '\n',
  '\r\n',
  '\r',
  ' ',
  '\t',
  'MIIB',
  'AAAA',
  '====',
  '=',
  ':',
  'Proc-Type: 4,ENCRYPTED',
  'DEK-Info: AES-128-CBC,00',
  '\\n',
  '"',
  "'",
  '\u0000',
  '\ufeff',
  '\u202e',
  'é',
];

const pemSoup = fc.array(fc.oneof(fc.constantFrom(...PEM_TOKENS), fc.string({ maxLength: 6 })), { maxLength: 80 }).map((a) => a.join(''));

/** Real PEM blocks around mutated DER, with edits to the text. */
const pemOfMutatedDer = fc
  .tuple(
    fc.array(fc.tuple(fc.constantFrom('CERTIFICATE', 'X509 CRL', 'PKCS7', 'PRIVATE KEY', 'PUBLIC KEY', 'CERTIFICATE REQUEST'), derInput), {
      minLength: 1,
      maxLength: 3,
    }),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom(...PEM_TOKENS)), { maxLength: 3 }),
  )
  .map(([blocks, edits]) => {
    let t = blocks.map(([label, der]) => toPem(label, der)).join('junk\n');
    for (const [at, s] of edits) {
      const i = at % (t.length + 1);
      t = t.slice(0, i) + s + t.slice(i);
    }
    return t;
  });

const yamlInput = yamlText(
  derInput,
  mutated(seeds.yaml.map((s) => new TextEncoder().encode(s))).map((b) => new TextDecoder().decode(b)),
);

// ---------------------------------------------------------------- TLS

const handshakeMsg = fc
  .tuple(fc.constantFrom(2, 4, 8, 11, 12, 13, 14, 15, 20, 22, 0, 255), fc.uint8Array({ maxLength: 64 }), fc.boolean())
  .map(([type, body, lie]) => {
    const len = lie ? body.length + 1000 : body.length;
    return Uint8Array.from([type, (len >> 16) & 0xff, (len >> 8) & 0xff, len & 0xff, ...body]);
  });
const certificateMsg = fc.array(derInput, { maxLength: 4 }).map((certs) => {
  const list = certs.flatMap((c) => [(c.length >> 16) & 0xff, (c.length >> 8) & 0xff, c.length & 0xff, ...c]);
  const body = [(list.length >> 16) & 0xff, (list.length >> 8) & 0xff, list.length & 0xff, ...list];
  return Uint8Array.from([11, (body.length >> 16) & 0xff, (body.length >> 8) & 0xff, body.length & 0xff, ...body]);
});
const record = fc
  .tuple(fc.constantFrom(20, 21, 22, 23, 22, 22), fc.array(fc.oneof(handshakeMsg, certificateMsg), { maxLength: 3 }), fc.boolean())
  .map(([type, msgs, split]) => {
    const payload = Uint8Array.from(msgs.flatMap((m) => [...m]));
    const frag = split ? payload.subarray(0, payload.length >> 1) : payload;
    return Uint8Array.from([type, 3, 3, (frag.length >> 8) & 0xff, frag.length & 0xff, ...frag]);
  });
const tlsInput: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 3, arbitrary: fc.array(record, { maxLength: 6 }).map((rs) => Uint8Array.from(rs.flatMap((r) => [...r]))) },
  { weight: 2, arbitrary: mutated(seeds.tls) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
);

// ---------------------------------------------------------------- invariants

function checkProblems(problems: readonly Problem[], length: number, where: string): void {
  for (const p of problems) {
    if (typeof p.code !== 'string' || !/^[a-z0-9-]+$/i.test(p.code)) throw new Error(`${where}: bad code ${String(p.code)}`);
    if (!['error', 'warning', 'info', 'hint'].includes(p.severity)) throw new Error(`${where}: bad severity ${p.severity}`);
    if (typeof p.message !== 'string' || p.message === '') throw new Error(`${where}: empty message for ${p.code}`);
    const { start, end } = p.span;
    if (!(start >= 0 && end >= start && end <= Math.max(length, 0)))
      throw new Error(`${where}: span ${start}-${end} outside 0-${length} (${p.code})`);
  }
}

const asText = (x: Uint8Array | string) => (typeof x === 'string' ? x : new TextDecoder().decode(x));
const asBytes = (x: Uint8Array | string) => (typeof x === 'string' ? new TextEncoder().encode(x) : x);
const NOW = new Date('2025-06-01T00:00:00Z');

export const TARGETS: readonly FuzzTarget[] = [
  {
    name: 'pem-scanner',
    arbitrary: fc.oneof(pemSoup, pemOfMutatedDer),
    run: async (x) => {
      const text = asText(x);
      const r = scanPem(text);
      checkProblems(r.problems, text.length, 'scanPem');
      for (const b of r.blocks) if (!b.der || b.span.end > text.length) throw new Error('scanPem: block without DER or outside the text');
    },
  },
  {
    name: 'decode-text',
    arbitrary: fc.oneof(pemOfMutatedDer, pemSoup),
    run: async (x) => {
      const text = asText(x);
      checkProblems((await decodeText(text)).problems, text.length, 'decodeText');
    },
  },
  {
    name: 'der',
    arbitrary: derInput,
    run: async (x) => {
      const r = await decodeBinary(asBytes(x));
      checkProblems(r.problems, 0, 'decodeBinary');
    },
  },
  {
    name: 'pkcs7',
    arbitrary: fc.oneof(mutated(seeds.p7), derTree.map(encodeTree)),
    run: async (x) => {
      const der = asBytes(x);
      checkProblems(decodePkcs7(der).problems, der.length, 'decodePkcs7');
    },
  },
  {
    name: 'pkcs12',
    arbitrary: fc
      .tuple(fc.oneof({ weight: 5, arbitrary: mutated(seeds.p12) }, { weight: 1, arbitrary: derTree.map(encodeTree) }), fc.boolean())
      .map(([b, pw]) => {
        // The password rides in the first byte so that the runner can save and replay one buffer.
        return Uint8Array.from([pw ? 1 : 0, ...b]);
      }),
    run: async (x) => {
      const b = asBytes(x);
      const der = b.subarray(1);
      const r = await decodePkcs12(der, b[0] ? 'changeit' : undefined);
      checkProblems(r.problems, der.length, 'decodePkcs12');
    },
  },
  {
    name: 'jks',
    arbitrary: fc.tuple(mutated(seeds.jks), fc.boolean()).map(([b, pw]) => Uint8Array.from([pw ? 1 : 0, ...b])),
    run: async (x) => {
      const b = asBytes(x);
      const bytes = b.subarray(1);
      const r = await decodeKeystore(bytes, b[0] ? 'changeit' : undefined);
      checkProblems(r.problems, bytes.length, 'decodeKeystore');
    },
  },
  {
    name: 'crl',
    arbitrary: fc.oneof(mutated(seeds.crls), derTree.map(encodeTree)),
    run: async (x) => {
      const der = asBytes(x);
      try {
        parseCrl(der);
      } catch (err) {
        // Documented: parseCrl throws DerError on an unusable structure, and its caller turns that into a finding.
        if (!(err instanceof DerError)) throw err;
      }
      checkProblems((await decodeBinary(der)).problems, 0, 'decodeBinary(CRL)');
    },
  },
  {
    name: 'yaml-embedded',
    arbitrary: yamlInput,
    run: async (x) => {
      const text = asText(x);
      checkProblems((await decodeText(text, { structured: true })).problems, text.length, 'decodeText(structured)');
    },
  },
  blockYamlTarget(yamlInput),
  {
    name: 'cert-manager-lint',
    arbitrary: yamlInput,
    run: async (x) => {
      const text = asText(x);
      const r = lintManifest({ path: 'fuzz.yaml', text }, { now: NOW });
      checkProblems(r.problems, text.length, 'lintManifest');
    },
  },
  {
    name: 'tls-records',
    arbitrary: tlsInput,
    run: async (x) => {
      const b = asBytes(x);
      splitRecords(b);
      readServerFlight(b);
    },
  },
];
