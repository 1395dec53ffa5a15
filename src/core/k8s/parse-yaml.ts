/**
 * One YAML parse per text: the embedded-material decoder (embedded.ts), the
 * TLS Secret summary (tls-secret.ts) and the cert-manager linter all read the
 * same file, so the parsed documents are memoised by text. The cache is
 * small (the last few texts) because callers ask for the same text within
 * one analysis pass: the editor decodes and lints one document version, the
 * CLI decodes a file and lints it after the walk.
 *
 * Documents are shared: callers must treat them as read-only.
 */
import { parseAllDocuments, type Document } from 'yaml';

/** The options every caller uses: duplicate keys and YAML 1.1 leftovers are not errors here. */
export const YAML_PARSE_OPTIONS = { uniqueKeys: false, strict: false } as const;

// Parsed documents take roughly ten to twenty times the text's memory, and
// every cached byte is marked again by each major GC: with 8 MB of texts
// cached, linting a fresh 1 MB text ran ~10% slower (bench/cert-manager).
// Texts of 256 KB and more are left to util/yaml-limits.ts, which keeps the
// last one for the readers of the same pass.
const MAX_ENTRIES = 64;
const MAX_CHARS = 2 * 1024 * 1024;
const MAX_ENTRY_CHARS = 256 * 1024;

const cache = new Map<string, readonly Document.Parsed[]>();
let cachedChars = 0;

/**
 * Parses every document of `text`; never throws ([] when the parser fails
 * outright). Errors stay on each document (`doc.errors`).
 *
 * @example
 * parseYamlDocuments('a: 1\n---\nb: 2\n').length; // 2
 */
export function parseYamlDocuments(text: string): readonly Document.Parsed[] {
  const hit = cache.get(text);
  if (hit) {
    // Refresh recency.
    cache.delete(text);
    cache.set(text, hit);
    return hit;
  }
  let docs: Document.Parsed[];
  try {
    const r = parseAllDocuments(text, YAML_PARSE_OPTIONS) as unknown;
    docs = Array.isArray(r) ? (r as Document.Parsed[]) : [];
  } catch {
    docs = [];
  }
  if (text.length < MAX_ENTRY_CHARS) {
    cache.set(text, docs);
    cachedChars += text.length;
    while (cache.size > MAX_ENTRIES || cachedChars > MAX_CHARS) {
      const oldest = cache.keys().next().value as string;
      cache.delete(oldest);
      cachedChars -= oldest.length;
    }
  }
  return docs;
}

/** Whether `text`'s documents are cached, i.e. it was parsed lately (tests). */
export function parseCacheHas(text: string): boolean {
  return cache.has(text);
}

/** How many texts are cached (tests). */
export function parseCacheSize(): number {
  return cache.size;
}
