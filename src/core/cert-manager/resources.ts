/**
 * Finds Kubernetes resources in parsed YAML: multi-document streams and
 * `kind: List` items, with the spans of their identifying fields.
 */
import { isMap, isSeq, type YAMLMap } from 'yaml';
import type { Span } from '../types';
import { TEMPLATE_MARK } from './templates';
import { MapView, type ParsedDoc, type ParsedFile } from './yaml-doc';

export interface Resource {
  readonly file: ParsedFile;
  readonly view: MapView;
  readonly apiVersion: string | undefined;
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly name: string | undefined;
  /** undefined when not written (the namespace comes from kubectl/kustomize). */
  readonly namespace: string | undefined;
  /** The `kind` value, or the resource when absent: where resource-level findings go. */
  readonly anchor: Span;
  /**
   * The resource contains Helm template actions: fields may be added at render
   * time (`{{- toYaml .Values.dnsNames | nindent 4 }}`), so rules about missing
   * fields stay silent.
   */
  readonly templated: boolean;
}

/** API groups cert-manager resources live in, current and legacy. */
export const CM_GROUPS = new Set(['cert-manager.io', 'certmanager.k8s.io']);
export const CM_KINDS = new Set(['Certificate', 'Issuer', 'ClusterIssuer', 'CertificateRequest']);

export function collectResources(file: ParsedFile): Resource[] {
  const out: Resource[] = [];
  for (const pd of file.docs) {
    const root = pd.doc.contents;
    if (!isMap(root)) continue;
    const top = new MapView(pd, root);
    if (top.str('kind') === 'List' || top.str('kind')?.endsWith('List')) {
      const items = top.field('items')?.node;
      if (isSeq(items)) {
        for (const it of items.items) if (isMap(it)) pushResource(out, file, pd, it);
        continue;
      }
    }
    pushResource(out, file, pd, root);
  }
  return out;
}

function pushResource(out: Resource[], file: ParsedFile, pd: ParsedDoc, map: YAMLMap): void {
  const view = new MapView(pd, map);
  const kind = view.str('kind');
  if (!kind) return;
  const apiVersion = view.str('apiVersion');
  const slash = apiVersion?.indexOf('/') ?? -1;
  const group = apiVersion && slash >= 0 ? apiVersion.slice(0, slash) : '';
  const version = apiVersion ? apiVersion.slice(slash + 1) : '';
  const meta = view.map_('metadata');
  out.push({
    file,
    view,
    apiVersion,
    group,
    version,
    kind,
    name: meta?.str('name'),
    namespace: meta?.str('namespace'),
    anchor: view.field('kind')?.span ?? view.span,
    templated: file.helm && TEMPLATE_MARK.test(file.text.slice(view.span.start, view.span.end)),
  });
}

export function isCertManager(r: Resource): boolean {
  return CM_GROUPS.has(r.group) && CM_KINDS.has(r.kind);
}

export function isIngressLike(r: Resource): boolean {
  return (
    (r.kind === 'Ingress' && (r.group === 'networking.k8s.io' || r.group === 'extensions')) ||
    (r.kind === 'Gateway' && r.group === 'gateway.networking.k8s.io')
  );
}

/** Namespaces match when equal or when either side leaves it to the tooling. */
export function sameNamespace(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}
