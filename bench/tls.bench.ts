/**
 * Endpoint-check benchmark: 100 checks against local Node TLS servers
 * (127.0.0.1 only) with the CLI's default concurrency, against a plain
 * `tls.connect` baseline run in the same process on the same servers.
 *
 *   npx tsx bench/tls.bench.ts
 *
 * "probe" is probeEndpoint alone (tap, capture, TLS 1.3 decryption, parse);
 * "check" adds buildEndpointReport (X.509 decoding, signatures, hostname,
 * fallback chain lints), i.e. what `certlens check` does per target.
 */
import 'reflect-metadata';
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import * as tls from 'node:tls';
import { DEFAULT_CONCURRENCY, mapPool } from '../src/cli/commands/check';
import { buildEndpointReport } from '../src/core/tls/report';
import { probeEndpoint } from '../src/node/tls/probe';
import { makePki, removePki, startNodeTlsServer, stopAll, type RunningServer } from '../test/support/tls-servers';

const N = 100;
const WARMUP = 10;
const ROUNDS = 3;

function baselineConnect(server: RunningServer): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = tls.connect({ host: server.host, port: server.port, servername: 'localhost', rejectUnauthorized: false });
    s.once('secureConnect', () => {
      s.destroy();
      resolve();
    });
    s.once('error', reject);
  });
}

async function timeRun(n: number, fn: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await mapPool(
    Array.from({ length: n }, (_, i) => i),
    DEFAULT_CONCURRENCY,
    fn,
  );
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const pki = makePki();
  try {
    const cert = pki.pem('leaf.pem') + pki.pem('int.pem');
    const servers = {
      'TLS 1.3': await startNodeTlsServer('127.0.0.1', { cert, key: pki.pem('leaf.key'), minVersion: 'TLSv1.3' }),
      'TLS 1.2': await startNodeTlsServer('127.0.0.1', { cert, key: pki.pem('leaf.key'), maxVersion: 'TLSv1.2' }),
    };
    const now = new Date();
    const probeOpts = { servername: 'localhost', proxy: false as const, ca: [pki.pem('root.pem')] };
    console.log(
      `certlens endpoint-check benchmark: ${N} checks per row (median of ${ROUNDS} rounds), concurrency ${DEFAULT_CONCURRENCY}, loopback Node TLS servers, ${process.version}, ${os.cpus().length} CPUs`,
    );
    for (const [name, server] of Object.entries(servers)) {
      const baseline = (): Promise<void> => baselineConnect(server);
      const probe = async (): Promise<void> => {
        const r = await probeEndpoint(server.address, probeOpts);
        if (r.error || r.servedChain.length !== 2) throw new Error(`bad probe: ${r.error?.message ?? r.servedChain.length}`);
      };
      const check = async (): Promise<void> => {
        const r = await probeEndpoint(server.address, probeOpts);
        const report = await buildEndpointReport(r, { now });
        if (report.verdict.status !== 'ok') throw new Error(report.verdict.text);
      };
      for (const fn of [baseline, probe, check]) await timeRun(WARMUP, fn);
      // Interleaved rounds, median per row: a shared machine's noise hits all three alike.
      const rounds: Array<[number, number, number]> = [];
      for (let i = 0; i < ROUNDS; i++) rounds.push([await timeRun(N, baseline), await timeRun(N, probe), await timeRun(N, check)]);
      const median = (k: 0 | 1 | 2): number => rounds.map((r) => r[k]).sort((x, y) => x - y)[Math.floor(ROUNDS / 2)]!;
      const [b, p, c] = [median(0), median(1), median(2)];
      const row = (label: string, ms: number): string =>
        `  ${label.padEnd(22)} total ${ms.toFixed(0).padStart(6)} ms   per check ${(ms / N).toFixed(2).padStart(6)} ms   ratio ${(ms / b).toFixed(2)}x`;
      console.log(`${name}`);
      console.log(row('tls.connect baseline', b));
      console.log(row('probeEndpoint', p));
      console.log(row('probe + report', c));
      console.log(
        `  overhead per check vs baseline: probe +${((p - b) / N).toFixed(2)} ms, probe + report +${((c - b) / N).toFixed(2)} ms (wall time at concurrency ${DEFAULT_CONCURRENCY})`,
      );
    }
  } finally {
    await stopAll();
    removePki(pki);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
