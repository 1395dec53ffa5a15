/**
 * A reader for strict JSON (RFC 8259) text that builds the node model of
 * yaml-node.ts exactly as `fromYaml` converts the `yaml` package's parse of
 * the same text (YAML 1.2 reads JSON as flow collections of double-quoted
 * and plain scalars): `kubectl get … -o json` dumps, kubeconfig JSON.
 *
 * Why by hand: the `yaml` package took 3 s and 700 MB on 18 MB of Secrets
 * as JSON, and `JSON.parse` keeps no offsets. Anything that is not strict
 * JSON is declined (`undefined`) and left to the `yaml` package, as are
 * keys over 1,000 characters (an implicit key's limit in YAML), a byte
 * order mark and a carriage return without a line feed. test/unit/core/k8s/json-reader.test.ts holds it to the `yaml`
 * package on fixtures and generated JSON.
 */
import { plainScalar } from './block-yaml';
import type { YMap, YNode, YPair, YScalar, YSeq } from './yaml-node';

const DECLINED = new Error('not strict JSON');

/**
 * The one document of a JSON text, or undefined when `text` is not strict
 * JSON. Nesting must already be bounded (util/yaml-limits.ts): the reader
 * recurses once per level.
 *
 * @example
 * readJsonDocument('{"kind": "Secret"}')?.[0]; // { kind: 'map', pairs: [ … ] }
 */
export function readJsonDocument(text: string): [YNode] | undefined {
  if (text.includes('\ufeff')) return undefined;
  // YAML reads a lone carriage return as a line break, which can change what follows.
  for (let r = text.indexOf('\r'); r >= 0; r = text.indexOf('\r', r + 1)) if (text.charCodeAt(r + 1) !== 10) return undefined;
  try {
    const reader = new JsonReader(text);
    const root = reader.value();
    reader.end();
    return [root];
  } catch (err) {
    if (err === DECLINED) return undefined;
    throw err;
  }
}

/** A JSON number, anchored where the reader stands. */
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?/y;

class JsonReader {
  private at = 0;

  constructor(private readonly text: string) {}

  value(): YNode {
    this.space();
    const t = this.text;
    const c = t.charCodeAt(this.at);
    if (c === 123 /* { */) return this.object();
    if (c === 91 /* [ */) return this.array();
    if (c === 34 /* " */) return this.string();
    for (const word of WORDS) {
      if (t.startsWith(word, this.at)) return this.plain(this.at + word.length);
    }
    NUMBER.lastIndex = this.at;
    if (NUMBER.test(t)) return this.plain(NUMBER.lastIndex);
    throw DECLINED;
  }

  /** Only white space after the value. */
  end(): void {
    this.space();
    if (this.at !== this.text.length) throw DECLINED;
  }

  private object(): YMap {
    const pairs: YPair[] = [];
    this.at++;
    this.space();
    if (this.text.charCodeAt(this.at) === 125 /* } */) {
      this.at++;
      return { kind: 'map', pairs };
    }
    for (;;) {
      this.space();
      if (this.text.charCodeAt(this.at) !== 34) throw DECLINED;
      const key = this.string();
      if (key.end - key.start > 1000) throw DECLINED;
      this.expect(58 /* : */);
      pairs.push({ key, value: this.value() });
      if (!this.next(125 /* } */)) return { kind: 'map', pairs };
    }
  }

  private array(): YSeq {
    const items: YNode[] = [];
    this.at++;
    this.space();
    if (this.text.charCodeAt(this.at) === 93 /* ] */) {
      this.at++;
      return { kind: 'seq', items };
    }
    for (;;) {
      items.push(this.value());
      if (!this.next(93 /* ] */)) return { kind: 'seq', items };
    }
  }

  /** After a member: true at a comma (more follow), false at `close` (consumed). */
  private next(close: number): boolean {
    this.space();
    const c = this.text.charCodeAt(this.at++);
    if (c === 44 /* , */) return true;
    if (c === close) return false;
    throw DECLINED;
  }

  private expect(c: number): void {
    this.space();
    if (this.text.charCodeAt(this.at++) !== c) throw DECLINED;
  }

  private string(): YScalar {
    const t = this.text;
    const start = this.at;
    let escaped = false;
    for (let i = start + 1; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c === 34) {
        this.at = i + 1;
        const raw = t.slice(start, i + 1);
        // Escapes are decoded by JSON.parse, which is strict about them; YAML's double-quoted escapes agree on JSON's.
        const value = escaped ? unescape(raw) : raw.slice(1, -1);
        return { kind: 'scalar', value, type: 'QUOTE_DOUBLE', start, end: i + 1 };
      }
      if (c === 92 /* \ */) {
        escaped = true;
        i++;
      } else if (c < 0x20) throw DECLINED;
    }
    throw DECLINED;
  }

  /** A number or `true`/`false`/`null` ending at `end`, resolved as YAML's core schema resolves it. */
  private plain(end: number): YScalar {
    const start = this.at;
    this.at = end;
    const node = plainScalar(this.text.slice(start, end), start, end);
    if (!node) throw DECLINED;
    return node;
  }

  private space(): void {
    const t = this.text;
    let c = t.charCodeAt(this.at);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = t.charCodeAt(++this.at);
  }
}

const WORDS = ['true', 'false', 'null'];

/** A JSON string literal with escapes, decoded strictly (a bad escape is not JSON). */
function unescape(raw: string): string {
  try {
    return JSON.parse(raw) as string;
  } catch {
    throw DECLINED;
  }
}
