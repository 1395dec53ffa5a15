// A minimal sequential test runner for the extension host (no mocha needed).
// Output goes through console.log, which code-server forwards to the page's
// codeAutomationLog and test-electron to stdout; the last line is the summary
// that scripts/vscode/run-integration.mjs looks for.

type TestFn = () => Promise<void> | void;
interface TestCase {
  title: string;
  fn: TestFn;
  timeoutMs: number;
}

const cases: TestCase[] = [];
let prefix = '';

/** Groups tests under a title. Bodies run at load time and only register tests. */
export function suite(title: string, body: () => void): void {
  const outer = prefix;
  prefix = outer ? `${outer} › ${title}` : title;
  try {
    body();
  } finally {
    prefix = outer;
  }
}

/** Registers a test; tests run in registration order, each bounded by `timeoutMs`. */
export function test(title: string, fn: TestFn, timeoutMs = 30_000): void {
  cases.push({ title: prefix ? `${prefix} › ${title}` : title, fn, timeoutMs });
}

function withTimeout(p: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`test timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export const SUMMARY_TAG = 'certlens-integration:';

/** Runs every registered test (optionally only titles containing `grep`); resolves to the counts. */
export async function runAll(grep?: string): Promise<{ passed: number; failed: number; failures: string[] }> {
  const selected = grep ? cases.filter((c) => c.title.toLowerCase().includes(grep.toLowerCase())) : cases;
  let passed = 0;
  const failures: string[] = [];
  console.log(`${SUMMARY_TAG} running ${selected.length} of ${cases.length} tests${grep ? ` matching "${grep}"` : ''}`);
  for (const c of selected) {
    const started = Date.now();
    try {
      await withTimeout(Promise.resolve().then(c.fn), c.timeoutMs);
      passed++;
      console.log(`  ✔ ${c.title} (${Date.now() - started} ms)`);
    } catch (e) {
      failures.push(c.title);
      const err = e instanceof Error ? e : new Error(String(e));
      const detail = (err.stack ?? err.message).split('\n').slice(0, 4).join('\n      ');
      console.log(`  ✖ ${c.title} (${Date.now() - started} ms)\n      ${detail}`);
    }
  }
  if (failures.length) console.log(`${SUMMARY_TAG} failed:\n${failures.map((t) => `  - ${t}`).join('\n')}`);
  console.log(`${SUMMARY_TAG} ${passed} passed, ${failures.length} failed`);
  return { passed, failed: failures.length, failures };
}
