/**
 * JSON Schema validation of cert-manager and trust-manager resources against
 * the openAPIV3Schema of their real CRDs (cert-manager v1.21.1, trust-manager
 * v0.24.0; Apache-2.0, see THIRD-PARTY-NOTICES.md). The schemas are embedded
 * at build time from `crd-schemas.json` (scripts/gen-cert-manager-schemas.mjs).
 *
 * Validators are compiled on first use per kind and kept for the life of the
 * process: compiling the Issuer schema costs far more than validating a
 * thousand Certificates with it.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import crds from './crd-schemas.json';

export interface CrdKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

interface Store {
  readonly ajv: Ajv;
  readonly compiled: Map<string, ValidateFunction | null>;
}

let store: Store | undefined;

function getStore(): Store {
  if (store) return store;
  // strict: false because the CRD schemas carry OpenAPI `format`s (int32,
  // int64, byte) that ajv-formats knows but strict mode would still question.
  // inlineRefs: false shares the ACME solver validators between Issuer, ClusterIssuer and
  // Challenge; optimize: false halves compile time for a negligible cost per validation.
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, inlineRefs: false, code: { optimize: false } });
  addFormats(ajv, ['date-time', 'byte', 'int32', 'int64']);
  ajv.addSchema({ $id: 'cm-crd-defs', $defs: crds.defs as Record<string, object> });
  store = { ajv, compiled: new Map() };
  return store;
}

const key = (group: string, version: string, kind: string): string => `${group}/${version}/${kind}`;
const KINDS = new Map(crds.kinds.map((k) => [key(k.group, k.version, k.kind), k]));

/** Served versions with an embedded schema, e.g. `cert-manager.io/v1 Certificate`. */
export const SCHEMA_KINDS: readonly CrdKind[] = crds.kinds.map(({ group, version, kind }) => ({ group, version, kind }));

/** Where the embedded schemas come from (tag and commit per CRD file). */
export const SCHEMA_SOURCES = crds.sources;

export function hasSchema(group: string, version: string, kind: string): boolean {
  return KINDS.has(key(group, version, kind));
}

/**
 * Validates a plain JSON value (the resource with nulls pruned) and returns
 * ajv's errors; [] when valid or when no schema exists for the kind.
 */
export function validateResource(group: string, version: string, kind: string, value: unknown): ErrorObject[] {
  const k = key(group, version, kind);
  const entry = KINDS.get(k);
  if (!entry) return [];
  const s = getStore();
  let fn = s.compiled.get(k);
  if (fn === undefined) {
    try {
      fn = s.ajv.compile(entry.schema as object);
    } catch {
      fn = null; // a schema ajv cannot compile: validation is skipped, never thrown
    }
    s.compiled.set(k, fn);
  }
  if (!fn || fn(value)) return [];
  return fn.errors ?? [];
}

export type { ErrorObject };
