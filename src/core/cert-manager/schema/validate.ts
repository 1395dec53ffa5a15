/**
 * JSON Schema validation of cert-manager and trust-manager resources against
 * the openAPIV3Schema of their real CRDs (cert-manager v1.21.1, trust-manager
 * v0.24.0; Apache-2.0, see THIRD-PARTY-NOTICES.md). The schemas are embedded
 * at build time from `crd-schemas.json` (scripts/gen-cert-manager-schemas.mjs)
 * and interpreted (interpret.ts), with ajv's errors and nothing to compile.
 */
import type { Document, Node } from 'yaml';
import crds from './crd-schemas.json';
import { interpretSchema, type Schema, type SchemaError } from './interpret';
import { nodeAdapter, plainAdapter } from './node-value';

export interface CrdKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

const key = (group: string, version: string, kind: string): string => `${group}/${version}/${kind}`;
const KINDS = new Map(crds.kinds.map((k) => [key(k.group, k.version, k.kind), k.schema as unknown as Schema]));
const DEFS = crds.defs as unknown as Record<string, Schema>;

/** Served versions with an embedded schema, e.g. `cert-manager.io/v1 Certificate`. */
export const SCHEMA_KINDS: readonly CrdKind[] = crds.kinds.map(({ group, version, kind }) => ({ group, version, kind }));

/** Where the embedded schemas come from (tag and commit per CRD file). */
export const SCHEMA_SOURCES = crds.sources;

export function hasSchema(group: string, version: string, kind: string): boolean {
  return KINDS.has(key(group, version, kind));
}

/**
 * Validates a plain JSON value (the resource with nulls pruned) and returns
 * the errors ajv would give; [] when valid or when no schema exists for the kind.
 */
export function validateResource(group: string, version: string, kind: string, value: unknown): SchemaError[] {
  const schema = KINDS.get(key(group, version, kind));
  return schema ? interpretSchema(schema, DEFS, value, plainAdapter) : [];
}

/** The same for a resource's YAML mapping, read as the API server decodes it (node-value.ts). */
export function validateNode(group: string, version: string, kind: string, node: Node | null, doc: Document.Parsed): SchemaError[] {
  const schema = KINDS.get(key(group, version, kind));
  return schema ? interpretSchema(schema, DEFS, node, nodeAdapter(doc)) : [];
}

export type { SchemaError };
