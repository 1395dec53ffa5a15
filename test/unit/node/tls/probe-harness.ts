/**
 * The shared setup of the probe tests (probe.test.ts, probe-network.test.ts):
 * the test PKI, the run's clock, and `check`, which probes a loopback
 * server and builds its report against the PKI's root.
 */
import { after, before } from 'node:test';
import { buildEndpointReport } from '../../../../src/core/tls/report';
import type { EndpointReport } from '../../../../src/core/tls/report-types';
import type { ProbeResult } from '../../../../src/core/tls/types';
import { probeEndpoint, type ProbeOptions } from '../../../../src/node/tls/probe';
import { makePki, removePki, stopAll, type Pki } from '../../../support/tls-servers';

export interface Checked {
  probe: ProbeResult;
  report: EndpointReport;
}

export interface ProbeHarness {
  readonly pki: Pki;
  /** The run's clock, read after the PKI exists: certificates are issued "now" (to the second). */
  readonly now: Date;
  check(address: string, options?: ProbeOptions): Promise<Checked>;
  /** Names the served certificates by comparing with the PKI files. */
  served(probe: ProbeResult): string[];
}

/** Registers the file's before/after hooks (PKI made once, every server stopped); the harness is ready inside tests. */
export function probeHarness(): ProbeHarness {
  let pki: Pki | undefined;
  let now = new Date();
  before(() => {
    pki = makePki();
    now = new Date();
  });
  after(async () => {
    await stopAll();
    if (pki) removePki(pki);
  });
  const ready = (): Pki => {
    if (!pki) throw new Error('the PKI is made in before()');
    return pki;
  };
  return {
    get pki() {
      return ready();
    },
    get now() {
      return now;
    },
    async check(address, options = {}) {
      const probe = await probeEndpoint(address, {
        servername: 'localhost',
        ca: [ready().pem('root.pem')],
        systemTrust: false,
        timeoutMs: 8000,
        proxy: false,
        ...options,
      });
      const report = await buildEndpointReport(probe, { now, anchors: [ready().der('root.pem')], systemTrust: false });
      return { probe, report };
    },
    served(probe) {
      const names = ['leaf', 'int', 'root', 'leaf-expired', 'selfsigned', 'leaf-muststaple'];
      const ders = names.map((n) => Buffer.from(ready().der(`${n}.pem`)).toString('hex'));
      return probe.servedChain.map((c) => names[ders.indexOf(Buffer.from(c).toString('hex'))] ?? '?');
    },
  };
}

export function codes(r: EndpointReport): string[] {
  return r.problems.map((p) => p.code).sort();
}
