/**
 * Types of the endpoint report: what the CLI prints as JSON and what a
 * webview or an "Endpoints" tree renders. JSON-serialisable.
 */
import type { Severity } from '../types';
import type { Countdown } from './countdown';
import type { OcspSummary } from './ocsp';
import type { ProbeError, ProbeTlsInfo } from './types';
import type { ServedCertificate } from './served-cert';

/** A Problem without a text span: endpoint findings point at a served certificate instead. */
export interface EndpointFinding {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** 0-based index into the served chain, when the finding is about one certificate. */
  readonly certIndex?: number;
  readonly data?: Readonly<Record<string, unknown>>;
}

export interface ChainAnalysisContext {
  /** SNI sent (or the host when none was), for hostname-aware validators. */
  readonly servername: string | null;
  readonly now: Date;
  /** Extra trust anchors (DER) the user supplied (`--ca`). */
  readonly anchors: readonly Uint8Array[];
  /** Whether system/bundled roots count as anchors (`--no-system-trust` clears it). */
  readonly systemTrust: boolean;
}

/**
 * The injection point for chain validation: given the served chain (DER,
 * served order), return findings. The RFC 5280 validator (issue 4) plugs in
 * here with codes such as `chain-missing-intermediate`, `chain-untrusted-root`,
 * `chain-misordered`, `chain-root-included`, at endpoint severities.
 */
export type AnalyzeServedChain = (servedChainDer: readonly Uint8Array[], ctx: ChainAnalysisContext) => Promise<readonly EndpointFinding[]>;

export interface ReportedCertificate extends ServedCertificate {
  readonly countdown: Pick<Countdown, 'state' | 'daysLeft' | 'percentUsed' | 'text'>;
  /** `leaf`, `intermediate`, `root`, or `extra` for the rest of the served list. */
  readonly role: 'leaf' | 'intermediate' | 'root' | 'self-signed' | 'unparsable';
}

export interface OcspReport extends OcspSummary {
  /** True for the response stapled in the handshake; false for one fetched from the responder (`--ocsp`). */
  readonly stapled: boolean;
  /** The responder URL queried, when not stapled. */
  readonly responder?: string;
}

export interface EndpointVerdict {
  readonly status: 'ok' | 'warning' | 'error';
  /** One line, e.g. `ERROR 127.0.0.1:8443: hostname-mismatch, cert-expired`. */
  readonly text: string;
}

export interface EndpointReport {
  readonly target: string;
  readonly host: string;
  readonly port: number;
  readonly servername: string | null;
  readonly verdict: EndpointVerdict;
  readonly tls?: ProbeTlsInfo;
  readonly servedChain: ReportedCertificate[];
  readonly problems: EndpointFinding[];
  readonly ocsp?: OcspReport;
  readonly mustStaple: boolean;
  readonly clientCertificateRequested: boolean;
  readonly authorizationError?: string;
  readonly starttls?: string;
  readonly proxy?: string;
  readonly error?: ProbeError;
  readonly checkedAt: string;
}
