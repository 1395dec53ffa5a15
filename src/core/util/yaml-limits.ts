/**
 * One bounded YAML parse for the embedded-material reader, the TLS Secret
 * checks and the cert-manager linter. The `yaml` package has no depth or
 * document cap, and its composer is recursive and slows down with many
 * aliases (50,000 aliases in 450 KB took ~1.5 s, 10,000 nested `[` ~1.2 s
 * before a stack overflow), so a linear pre-scan refuses what no manifest
 * needs before the parser sees it. Every refusal is a `yaml-limit-exceeded`
 * finding in plain words; the file's PEM blocks are still read.
 */
import type { Document } from 'yaml';
import { parseYamlDocuments } from '../k8s/parse-yaml';
import type { Problem } from '../types';

/** Documented bounds (README "Limits"). Kubernetes manifests stay far below each. */
export const YAML_LIMITS = {
  /** Characters; the CLI does not read larger files at all. */
  maxChars: 20 * 1024 * 1024,
  /** Documents read from one file; later ones are skipped. */
  maxDocuments: 10_000,
  /** Nesting of flow collections and of indented blocks. */
  maxDepth: 200,
  /** Alias references (`*name`) in one file. */
  maxAliases: 1_000,
} as const;

export const YAML_LIMIT_CODE = 'yaml-limit-exceeded';

export interface LimitedYaml {
  readonly docs: Document.Parsed[];
  readonly problems: Problem[];
}

let last: { text: string; result: LimitedYaml } | undefined;

/**
 * `parseAllDocuments` within YAML_LIMITS. Never throws. The last result is
 * kept, so the readers that look at the same text parse it once. `check`:
 * `checkYamlLimits(text)` when the caller already ran it.
 */
export function parseYamlLimited(text: string, check?: YamlLimitCheck): LimitedYaml {
  if (last && last.text === text) return last.result;
  const result = parse(text, check ?? checkYamlLimits(text));
  last = { text, result };
  return result;
}

/**
 * Drops the kept result (only if it is `text`'s, when given): a caller that
 * has read the text with every reader (the linter, the CLI after its lint)
 * lets the documents, ten to twenty times the text's size, be collected
 * before the rest of its work.
 */
export function releaseLastYaml(text?: string): void {
  if (text === undefined || last?.text === text) last = undefined;
}

/** What YAML_LIMITS let through of a text, decided without parsing it. */
export interface YamlLimitCheck {
  /** Nothing is parsed (size, depth or aliases): `problems` says why. */
  readonly refused: boolean;
  /** The parse reads `text.slice(0, bodyEnd)`: the documents within the document cap. */
  readonly bodyEnd: number;
  readonly problems: Problem[];
}

/** The limit decision of `parseYamlLimited`, alone (the CLI splits a large text into parts with it). */
export function checkYamlLimits(text: string): YamlLimitCheck {
  const refuse = (message: string, start = 0, end = 0): YamlLimitCheck => ({
    refused: true,
    bodyEnd: 0,
    problems: [limit(message, start, end)],
  });
  if (text.length > YAML_LIMITS.maxChars) {
    return refuse(`YAML of ${text.length} characters is larger than the ${YAML_LIMITS.maxChars} read; its fields are not checked`);
  }
  const scan = prescan(text);
  if (scan.depthAt >= 0) {
    return refuse(`YAML nested deeper than ${YAML_LIMITS.maxDepth} levels; its fields are not checked`, scan.depthAt, scan.depthAt + 1);
  }
  if (scan.aliases > YAML_LIMITS.maxAliases) {
    return refuse(`${scan.aliases} YAML aliases (more than ${YAML_LIMITS.maxAliases}); its fields are not checked`);
  }
  if (scan.cutAt < 0) return { refused: false, bodyEnd: text.length, problems: [] };
  const message = `more than ${YAML_LIMITS.maxDocuments} YAML documents; only the first ${YAML_LIMITS.maxDocuments} are checked`;
  return { refused: false, bodyEnd: scan.cutAt, problems: [limit(message, scan.cutAt, scan.cutAt + 3)] };
}

/** `check` is `checkYamlLimits(text)`, which a caller may already have. */
function parse(text: string, check: YamlLimitCheck): LimitedYaml {
  if (check.refused) return { docs: [], problems: check.problems };
  const problems = [...check.problems];
  const body = check.bodyEnd < text.length ? text.slice(0, check.bodyEnd) : text;
  try {
    // k8s/parse-yaml.ts memoises the documents by text, for every reader of the file.
    return { docs: [...parseYamlDocuments(body)], problems };
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return { docs: [], problems: [...problems, limit(`YAML could not be parsed (${why}); its fields are not checked`, 0, 0)] };
  }
}

interface Prescan {
  /** Offset where the depth cap is passed, or -1. */
  readonly depthAt: number;
  readonly aliases: number;
  /** Offset of the document separator past the document cap, or -1. */
  readonly cutAt: number;
}

/**
 * One pass over the text: flow-collection depth (quotes and comments
 * skipped), block depth from an indentation stack, alias references and
 * document separators. Approximate on purpose: it only has to be right for
 * texts far from the limits.
 */
/** The characters the pre-scan looks at: outside quotes, inside "…", inside '…'. */
const SPECIAL = /[\n"'#[\]{}*]/g;
const IN_DOUBLE = /[\n"]/g;
const IN_SINGLE = /[\n']/g;

function prescan(text: string): Prescan {
  let flow = 0;
  let aliases = 0;
  let documents = 1;
  const indents: number[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    // Start of a line: indentation and document separators.
    let col = 0;
    while (i + col < n && text.charCodeAt(i + col) === 32) col++;
    const first = text.charCodeAt(i + col);
    if (col === 0 && text.startsWith('---', i)) {
      if (++documents > YAML_LIMITS.maxDocuments) return { depthAt: -1, aliases, cutAt: i };
      indents.length = 0;
    } else if (flow === 0 && first !== 10 && first !== 13 && first !== 35 /* # */ && i + col < n) {
      while ((indents.at(-1) ?? -1) >= col) indents.pop();
      indents.push(col);
      // Compact nested sequences (`- - - x`) nest on one line.
      let j = i + col;
      while (text.charCodeAt(j) === 45 && text.charCodeAt(j + 1) === 32) {
        indents.push(col + (j - i - col) + 2);
        j += 2;
      }
      if (indents.length > YAML_LIMITS.maxDepth) return { depthAt: i + col, aliases, cutAt: -1 };
    }
    // The rest of the line, jumping from one character that matters to the next (regex search, not a
    // per-character loop: most of a large manifest is long base64 values with nothing to count).
    let quote = 0;
    i += col;
    while (i < n) {
      const re = quote === 34 ? IN_DOUBLE : quote === 39 ? IN_SINGLE : SPECIAL;
      re.lastIndex = i;
      const m = re.exec(text);
      if (!m) {
        i = n;
        break;
      }
      i = m.index;
      const c = text.charCodeAt(i);
      if (c === 10) break;
      i++;
      if (quote) {
        quote = 0; // the closing quote
        continue;
      }
      const at = i - 1;
      if (c === 34 || c === 39) quote = c;
      else if (c === 35 /* # */ && (at === 0 || /\s/.test(text.charAt(at - 1)))) {
        const nl = text.indexOf('\n', i);
        i = nl < 0 ? n : nl;
        break;
      } else if (c === 91 || c === 123) {
        if (++flow > YAML_LIMITS.maxDepth) return { depthAt: at, aliases, cutAt: -1 };
      } else if (c === 93 || c === 125) flow = Math.max(0, flow - 1);
      else if (c === 42 /* * */ && (at === 0 || /[\s,[{:-]/.test(text.charAt(at - 1)))) aliases++;
    }
    i++;
  }
  return { depthAt: -1, aliases, cutAt: -1 };
}

function limit(message: string, start: number, end: number): Problem {
  return { code: YAML_LIMIT_CODE, severity: 'warning', message, span: { start, end } };
}
