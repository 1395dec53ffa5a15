// `npm start` behaves like a dev server (issue 15): a busy port is refused
// at once with a clear message, and SIGTERM / SIGINT to npm's PID (or Ctrl+C
// to its process group) stops every child. Black-box: spawns the real
// `npm start` and reads the process table (/proc). Heavy (packages the
// extension and starts code-server): run with `npm run test:start`.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const root = join(import.meta.dirname, '..', '..');
const READY_LIMIT_MS = 400_000;
const EXIT_LIMIT_MS = 60_000;

function parentMap() {
  const kids = new Map();
  for (const d of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!kids.has(ppid)) kids.set(ppid, []);
      kids.get(ppid).push(Number(d));
    } catch {}
  }
  return kids;
}
function descendants(pid) {
  const kids = parentMap();
  const out = [];
  const queue = [pid];
  while (queue.length) {
    for (const k of kids.get(queue.shift()) ?? []) {
      out.push(k);
      queue.push(k);
    }
  }
  return out;
}
/** Alive and not a zombie. */
function alive(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}
function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Starts `npm start` in its own process group (like a terminal would); collects output and every descendant seen. */
function npmStart(port) {
  const child = spawn('npm', ['start'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: String(port) },
  });
  let out = '';
  const seen = new Set();
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const poll = setInterval(() => descendants(child.pid).forEach((p) => seen.add(p)), 250);
  const until = async (re, limit) => {
    const end = Date.now() + limit;
    while (!re.test(out)) {
      if (Date.now() > end) throw new Error(`no ${re} within ${limit / 1000} s:\n${out}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    descendants(child.pid).forEach((p) => seen.add(p));
  };
  const waitExit = async () => {
    const r = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), EXIT_LIMIT_MS))]);
    clearInterval(poll);
    if (r === 'timeout') {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
      throw new Error(`npm start did not exit within ${EXIT_LIMIT_MS / 1000} s:\n${out}`);
    }
    return r;
  };
  return { child, until, waitExit, seen, output: () => out };
}

describe('npm start', () => {
  it('refuses a busy port at once, naming the port and how to pick another', async () => {
    const blocker = createServer();
    await new Promise((r) => blocker.listen(0, '127.0.0.1', r));
    const { port } = blocker.address();
    try {
      const s = npmStart(port);
      const r = await s.waitExit();
      assert.equal(r.code, 1, s.output());
      assert.match(s.output(), new RegExp(`port ${port} is already in use`));
      assert.match(s.output(), new RegExp(`PORT=${port + 1} npm start`));
      assert.doesNotMatch(s.output(), /npm warn/i);
    } finally {
      blocker.close();
    }
  });

  it('SIGINT to npm during the build stops every child', async () => {
    const s = npmStart(await freePort());
    await s.until(/packaging the extension/, READY_LIMIT_MS);
    assert.ok(s.seen.size > 0, 'children running');
    process.kill(s.child.pid, 'SIGINT');
    await s.waitExit();
    const survivors = [...s.seen].filter(alive);
    assert.deepEqual(survivors, [], `survivors: ${survivors.map((p) => `${p} ${readFileSync(`/proc/${p}/cmdline`, 'utf8')}`).join('\n')}`);
  });

  it('serves on the chosen port; SIGTERM to npm stops code-server and every other child', async () => {
    const port = await freePort();
    const s = npmStart(port);
    await s.until(/ready in \d+\.\d s/, READY_LIMIT_MS);
    assert.match(s.output(), new RegExp(`http://127\\.0\\.0\\.1:${port}/`));
    assert.doesNotMatch(s.output(), /npm warn/i, 'our scripts cause no npm warnings');
    assert.ok(s.seen.size >= 2, `children: ${[...s.seen]}`);
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(res.ok, true);
    process.kill(s.child.pid, 'SIGTERM');
    await s.waitExit();
    const survivors = [...s.seen].filter(alive);
    assert.deepEqual(survivors, [], `survivors: ${survivors.join(', ')}`);
  });

  it('Ctrl+C (SIGINT to the process group) stops everything', async () => {
    const s = npmStart(await freePort());
    await s.until(/ready in \d+\.\d s/, READY_LIMIT_MS);
    process.kill(-s.child.pid, 'SIGINT');
    await s.waitExit();
    const survivors = [...s.seen].filter(alive);
    assert.deepEqual(survivors, [], `survivors: ${survivors.join(', ')}`);
  });
});
