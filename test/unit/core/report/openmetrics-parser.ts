/**
 * A strict reader of the OpenMetrics 1.0 text format (the subset CertLens
 * writes: gauges), used where promtool is absent. It throws on the first
 * violation: metadata after samples, a family split in two, bad metric or
 * label names, bad escapes, a duplicate label set, a bad value, or a
 * missing/misplaced `# EOF`.
 */
export interface Sample {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly value: number;
}
export interface Family {
  readonly name: string;
  readonly type: string;
  readonly help?: string;
  readonly samples: Sample[];
}

const METRIC = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'gaugehistogram', 'stateset', 'info', 'summary', 'unknown']);

export function parseOpenMetrics(text: string): Family[] {
  if (!text.endsWith('# EOF\n') && !text.endsWith('# EOF')) throw new Error('missing # EOF at the end');
  const lines = text.replace(/\n$/, '').split('\n');
  if (lines.pop() !== '# EOF') throw new Error('# EOF must be the last line');
  const families: Family[] = [];
  const done = new Set<string>();
  let cur: (Family & { keys: Set<string>; sawSample: boolean }) | undefined;
  lines.forEach((line, i) => {
    const at = `line ${i + 1}`;
    if (line === '') throw new Error(`${at}: empty line`);
    if (line.startsWith('#')) {
      const m = /^# (TYPE|HELP|UNIT) ([^ ]+) ?(.*)$/.exec(line);
      if (!m) throw new Error(`${at}: bad comment ${JSON.stringify(line)}`);
      const [, kind, name, rest] = m as unknown as [string, string, string, string];
      if (!METRIC.test(name)) throw new Error(`${at}: bad metric name ${name}`);
      if (!cur || cur.name !== name) {
        if (done.has(name)) throw new Error(`${at}: family ${name} appears twice`);
        if (cur) done.add(cur.name);
        cur = { name, type: 'unknown', samples: [], keys: new Set(), sawSample: false };
        families.push(cur);
      }
      if (cur.sawSample) throw new Error(`${at}: metadata after samples`);
      if (kind === 'TYPE') {
        if (!TYPES.has(rest)) throw new Error(`${at}: unknown type ${rest}`);
        (cur as { type: string }).type = rest;
      } else if (kind === 'HELP') (cur as { help?: string }).help = unescape(rest, at);
      return;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? ([^ ]+)( [^ ]+)?$/.exec(line);
    if (!m) throw new Error(`${at}: bad sample ${JSON.stringify(line)}`);
    const [, name, labelText, valueText] = m as unknown as [string, string, string | undefined, string];
    if (!cur || (name !== cur.name && !(cur.type === 'counter' && name === `${cur.name}_total`)))
      throw new Error(`${at}: sample ${name} outside its family`);
    cur.sawSample = true;
    const labels = parseLabels(labelText ?? '{}', at);
    const key = JSON.stringify(Object.entries(labels).sort());
    if (cur.keys.has(key)) throw new Error(`${at}: duplicate label set in ${name}`);
    cur.keys.add(key);
    const value = /^[+-]?(Inf|inf)$/.test(valueText)
      ? Number(valueText.replace(/inf/i, 'Infinity'))
      : valueText === 'NaN'
        ? NaN
        : Number(valueText);
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$|^[+-]?Inf$|^NaN$/.test(valueText)) throw new Error(`${at}: bad value ${valueText}`);
    cur.samples.push({ name, labels, value });
  });
  return families;
}

function parseLabels(text: string, at: string): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 1;
  while (i < text.length - 1) {
    const eq = text.indexOf('=', i);
    const name = text.slice(i, eq);
    if (!LABEL.test(name)) throw new Error(`${at}: bad label name ${JSON.stringify(name)}`);
    if (name in out) throw new Error(`${at}: label ${name} twice`);
    if (text[eq + 1] !== '"') throw new Error(`${at}: label value not quoted`);
    let j = eq + 2;
    let raw = '';
    while (j < text.length && text[j] !== '"') {
      if (text[j] === '\\') {
        raw += text.slice(j, j + 2);
        j += 2;
      } else raw += text[j++];
    }
    if (text[j] !== '"') throw new Error(`${at}: unterminated label value`);
    out[name] = unescape(raw, at);
    i = j + 1;
    if (text[i] === ',') i++;
    else if (i !== text.length - 1) throw new Error(`${at}: expected , or }`);
  }
  return out;
}

function unescape(s: string, at: string): string {
  return s.replace(/\\(.)/g, (_, c: string) => {
    if (c === 'n') return '\n';
    if (c === '"' || c === '\\') return c;
    throw new Error(`${at}: bad escape \\${c}`);
  });
}
