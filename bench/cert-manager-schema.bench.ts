/**
 * CRD schema validation of the 1,000 documents of cert-manager.bench.ts:
 * the interpreter on the YAML nodes (what the linter runs) beside ajv on a
 * plain copy (what it ran before: toPlain + compiled validators), alternating
 * in one process; ajv's set-up and compile time is printed apart.
 * Run: npx tsx bench/cert-manager-schema.bench.ts
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parseAllDocuments, type Document, type Node } from 'yaml';
import crds from '../src/core/cert-manager/schema/crd-schemas.json';
import { validateNode } from '../src/core/cert-manager/schema/validate';
import { toPlain } from '../src/core/cert-manager/schema/node-value';
function certificate(i: number): string {
  const sans = Array.from({ length: 12 }, (_, k) => `    - svc-${i}-${k}.team-${i % 17}.example.com`).join('\n');
  return `# Certificate ${i}: generated for the benchmark
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: web-${i}
  namespace: team-${i % 17}
  labels:
    app.kubernetes.io/name: web-${i}
    app.kubernetes.io/part-of: shop
spec:
  secretName: web-${i}-tls
  duration: ${i % 7 === 0 ? '90d' : '2160h0m0s'}
  renewBefore: ${i % 5 === 0 ? '2400h' : '720h0m0s'}
  commonName: svc-${i}.team-${i % 17}.example.com
  subject:
    organizations: [Example Corp]
  privateKey:
    algorithm: ECDSA
    size: 256
    rotationPolicy: Always
  usages: [digital signature, key encipherment, server auth]
  dnsNames:
${sans}
  issuerRef:
    name: ${i % 3 === 0 ? 'letsencrypt' : 'team-ca'}
    kind: ${i % 3 === 0 ? 'ClusterIssuer' : 'Issuer'}
`;
}

function issuer(i: number): string {
  return `apiVersion: cert-manager.io/v1
kind: Issuer
metadata:
  name: team-ca
  namespace: team-${i % 17}
spec:
  ca:
    secretName: team-ca-${i % 17}
`;
}

function generate(): string {
  const docs: string[] = [
    `apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata:\n  name: letsencrypt\nspec:\n  acme:\n    server: https://acme-v02.api.letsencrypt.org/directory\n    privateKeySecretRef: {name: le}\n    solvers: [{http01: {ingress: {ingressClassName: nginx}}}]\n`,
  ];
  for (let i = 1; i < 1000; i++) docs.push(i % 50 === 0 ? issuer(i) : certificate(i));
  return docs.join('---\n');
}

const docs = parseAllDocuments(generate(), { uniqueKeys: false, strict: false }) as Document.Parsed[];
const t0 = performance.now();
const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, inlineRefs: false, code: { optimize: false } });
addFormats(ajv, ['date-time', 'byte', 'int32', 'int64']);
ajv.addSchema({ $id: 'cm-crd-defs', $defs: crds.defs as Record<string, object> });
const fns = new Map(crds.kinds.filter((k) => k.group === 'cert-manager.io').map((k) => [k.kind, ajv.compile(k.schema as object)]));
console.log('ajv setup+compile (4 cert-manager kinds)', (performance.now() - t0).toFixed(0), 'ms');
const kindOf = (d: Document.Parsed): string => String((d.contents as { get(k: string): unknown }).get('kind'));
const A = (): number => {
  let n = 0;
  for (const d of docs) {
    const f = fns.get(kindOf(d));
    if (f && !f(toPlain(d.contents as Node, d))) n += f.errors?.length ?? 0;
  }
  return n;
};
const B = () => {
  let n = 0;
  for (const d of docs) n += validateNode('cert-manager.io', 'v1', kindOf(d), d.contents as Node, d).length;
  return n;
};
const ta: number[] = [],
  tb: number[] = [];
for (let i = 0; i < 21; i++) {
  let t = performance.now();
  const a = A();
  ta.push(performance.now() - t);
  t = performance.now();
  const b = B();
  tb.push(performance.now() - t);
  if (i === 0) console.log('errors', a, b);
}
const med = (x: number[]): string => (x.sort((p, q) => p - q)[10] ?? NaN).toFixed(1);
console.log('1,000 documents: toPlain + ajv', med(ta), 'ms; interpreter on nodes', med(tb), 'ms (medians of 21, alternating)');
