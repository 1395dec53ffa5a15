/**
 * Kustomize patches in the workspace, so that a base resource missing a
 * field gets no "missing field" finding when a patch supplies it.
 *
 * How it decides (docs/cert-manager-rules.md, "Partial manifests"):
 * - every `kustomization.yaml` (or a document of kind Kustomization) is read
 *   for `patches`, `patchesStrategicMerge` and `patchesJson6902`, each given
 *   inline or as a file path relative to the kustomization;
 * - a file used as a patch is partial by nature: none of its resources gets a
 *   missing-field finding;
 * - a strategic-merge patch supplies every field path it writes, for its own
 *   kind and name (or its `target`); a JSON 6902 patch supplies the `path` of
 *   each `add`/`replace`/`copy`/`move` operation for its `target`;
 * - a missing field is supplied when a patch for the same kind and name (a
 *   target without name or kind matches any) writes that field, one of its
 *   parents or one of its children.
 */
import { isMap, parseAllDocuments, type Node } from 'yaml';
import type { ParsedFile } from './yaml-doc';

interface Supply {
  readonly kind: string | undefined;
  readonly name: string | undefined;
  readonly paths: readonly string[];
}

export interface PatchIndex {
  /** Files that kustomize applies as patches. */
  readonly patchFiles: ReadonlySet<string>;
  /** True when a patch for `kind`/`name` writes `path` (dotted, e.g. `spec.secretName`). */
  supplied(kind: string, name: string | undefined, path: string): boolean;
}

export const KUSTOMIZATION = /(^|[\\/])kustomization\.ya?ml$/i;

function dirOf(p: string): string {
  const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return i >= 0 ? p.slice(0, i + 1) : '';
}

/** `base/` + `../patches/x.yaml`, without touching a URI scheme. */
export function joinPath(dir: string, rel: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(dir)?.[0] ?? '';
  const parts = `${dir.slice(scheme.length)}${rel}`.split(/[\\/]/);
  const out: string[] = [];
  for (const seg of parts) {
    if (seg === '..' && out.length > 0 && out.at(-1) !== '' && out.at(-1) !== '..') out.pop();
    else if (seg !== '.') out.push(seg);
  }
  return scheme + out.join('/');
}

/** The fields a strategic-merge patch writes: leaves only, so `spec` alone supplies nothing. */
function leafPaths(v: unknown, prefix: string, out: string[]): void {
  const entries = v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.entries(v as Record<string, unknown>) : [];
  if (entries.length === 0) {
    if (prefix) out.push(prefix);
    return;
  }
  for (const [k, c] of entries) leafPaths(c, prefix ? `${prefix}.${k}` : k, out);
}

type Target = { kind?: string; name?: string } | undefined;

function fromPatchValue(v: unknown, target: Target, out: Supply[]): void {
  if (Array.isArray(v)) {
    // JSON 6902: [{op, path, value}]
    const paths = v
      .filter(
        (op): op is { op: string; path: string } => typeof op?.path === 'string' && ['add', 'replace', 'copy', 'move'].includes(op.op),
      )
      .map((op) => op.path.replace(/^\//, '').split('/').join('.'));
    out.push({ kind: target?.kind, name: target?.name, paths });
  } else if (v && typeof v === 'object') {
    const o = v as { kind?: unknown; metadata?: { name?: unknown } };
    const paths: string[] = [];
    leafPaths(v, '', paths);
    out.push({
      kind: typeof o.kind === 'string' ? o.kind : target?.kind,
      name: typeof o.metadata?.name === 'string' ? o.metadata.name : target?.name,
      paths,
    });
  }
}

function parseInline(text: string, target: Target, out: Supply[]): void {
  try {
    for (const d of parseAllDocuments(text, { uniqueKeys: false }) as unknown as Array<{ toJS(): unknown }>)
      fromPatchValue(d.toJS(), target, out);
  } catch {
    // An unparsable inline patch supplies nothing.
  }
}

/** Reads every kustomization among `files` and the patches they name. */
export function indexPatches(files: readonly ParsedFile[]): PatchIndex {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const patchFiles = new Set<string>();
  const supplies: Supply[] = [];
  const usePatchFile = (k: ParsedFile, rel: string, target: Target): void => {
    const path = joinPath(dirOf(k.path), rel);
    const f = byPath.get(path);
    patchFiles.add(path);
    if (f) for (const pd of f.docs) fromPatchValue(pd.doc.toJS(), target, supplies);
  };
  for (const k of files) {
    for (const pd of k.docs) {
      const root = pd.doc.contents as Node | null;
      if (!isMap(root)) continue;
      const isKust = KUSTOMIZATION.test(k.path) || root.get('kind') === 'Kustomization' || root.get('kind') === 'Component';
      if (!isKust) continue;
      const js = pd.doc.toJS() as Record<string, unknown>;
      for (const section of ['patches', 'patchesJson6902', 'patchesStrategicMerge']) {
        const list = js[section];
        if (!Array.isArray(list)) continue;
        for (const e of list as unknown[]) {
          if (typeof e === 'string') {
            if (/\n/.test(e) || /^\s*(apiVersion|kind):/m.test(e)) parseInline(e, undefined, supplies);
            else usePatchFile(k, e, undefined);
            continue;
          }
          if (!e || typeof e !== 'object') continue;
          const { path, patch, target } = e as { path?: unknown; patch?: unknown; target?: Target };
          if (typeof path === 'string') usePatchFile(k, path, target);
          if (typeof patch === 'string') parseInline(patch, target, supplies);
        }
      }
    }
  }
  return {
    patchFiles,
    supplied(kind, name, path) {
      return supplies.some(
        (s) =>
          (s.kind === undefined || s.kind === kind) &&
          (s.name === undefined || name === undefined || s.name === name) &&
          s.paths.some((p) => p === path || path.startsWith(`${p}.`) || p.startsWith(`${path}.`)),
      );
    },
  };
}
