/**
 * The check that holds CertLens's own YAML and JSON readers
 * (src/core/k8s/block-yaml.ts, json-reader.ts) to the `yaml` package: what
 * a reader accepts, the package parses without an error into the same node
 * model (yaml-node.ts `fromYaml`). Used by their unit tests and the fuzzer.
 */
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, type Document } from 'yaml';
import { YAML_PARSE_OPTIONS } from '../../src/core/k8s/parse-yaml';
import { fromYaml, type YNode } from '../../src/core/k8s/yaml-node';

/** An empty document: the block reader gives null, the composer a null scalar. */
function emptyAsNull(n: YNode | null): YNode | null {
  return n?.kind === 'scalar' && n.value === null ? null : n;
}

/**
 * When `read` accepts `text`, asserts that the `yaml` package reports no
 * error and composes the same documents; returns whether it accepted.
 */
export function assertSameAsYaml(
  read: (text: string) => ReadonlyArray<YNode | null> | undefined,
  text: string,
  label = JSON.stringify(text).slice(0, 200),
): boolean {
  const mine = read(text);
  if (mine === undefined) return false;
  const docs = parseAllDocuments(text, YAML_PARSE_OPTIONS) as unknown as Document.Parsed[];
  assert.ok(Array.isArray(docs), `${label}: the yaml package reads no document list`);
  for (const d of docs) assert.deepEqual(d.errors, [], `${label}: the yaml package reports an error in a text the reader accepted`);
  assert.deepStrictEqual(
    mine.map(emptyAsNull),
    docs.map((d) => emptyAsNull(fromYaml(d.contents))),
    label,
  );
  return true;
}

/** Every file under `dir` whose name matches `name`. */
export function filesUnder(dir: string, name: RegExp): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) return filesUnder(p, name);
    return name.test(entry) ? [p] : [];
  });
}
