/**
 * The 1,000-document cert-manager manifest (~1 MB) of the cert-manager
 * benches: Certificates with 12 SANs each, an Issuer every 50 documents and
 * one ACME ClusterIssuer, the shapes real clusters hold.
 */
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

export function generateManifest(): string {
  const docs: string[] = [
    `apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata:\n  name: letsencrypt\nspec:\n  acme:\n    server: https://acme-v02.api.letsencrypt.org/directory\n    privateKeySecretRef: {name: le}\n    solvers: [{http01: {ingress: {ingressClassName: nginx}}}]\n`,
  ];
  for (let i = 1; i < 1000; i++) docs.push(i % 50 === 0 ? issuer(i) : certificate(i));
  return docs.join('---\n');
}
