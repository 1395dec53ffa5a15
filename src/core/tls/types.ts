/**
 * What an endpoint probe returns. Defined in core so the pure report
 * builder, the CLI and the editor (webview, "Endpoints" tree) share one
 * shape; `src/node/tls/probe.ts` fills it.
 */

export type ProbeErrorCode =
  | 'usage' // the target or an option could not be understood
  | 'refused'
  | 'timeout'
  | 'name-not-found'
  | 'unreachable' // no route / network down
  | 'reset'
  | 'closed' // the server closed the connection without an alert
  | 'handshake' // the server sent a TLS alert, or OpenSSL gave up
  | 'not-tls'
  | 'proxy'
  | 'starttls'
  | 'client-certificate' // the local client certificate/key could not be loaded
  | 'other';

export interface ProbeError {
  readonly code: ProbeErrorCode;
  /** Plain words, e.g. `connection refused by 127.0.0.1:8443 (nothing is listening there)`. */
  readonly message: string;
  /** Alert name when the server sent one (`handshake failure`, `certificate required`). */
  readonly alert?: string;
  /** The underlying Node/OpenSSL code, for logs. */
  readonly detail?: string;
}

export interface ProbeTlsInfo {
  /** `TLSv1.3`, `TLSv1.2`, … */
  readonly version: string;
  /** IANA/RFC name, e.g. `TLS_AES_256_GCM_SHA384`. */
  readonly cipher: string;
  readonly alpn: string | null;
  readonly handshakeMs: number;
}

export interface ProbeResult {
  /** What the user asked for, verbatim. */
  readonly target: string;
  readonly host: string;
  readonly port: number;
  /** SNI sent, or null when none was (IP literal without override). */
  readonly servername: string | null;
  readonly tls?: ProbeTlsInfo;
  /** DER certificates exactly as the server sent them, in served order. */
  readonly servedChain: Uint8Array[];
  /** Stapled OCSP response (DER), when the server sent one. */
  readonly ocsp?: { readonly response: Uint8Array };
  /** The server sent a CertificateRequest (mTLS). */
  readonly clientCertificateRequested: boolean;
  readonly clientCertificateSent: boolean;
  /** Node/OpenSSL's verdict with rejectUnauthorized false (`socket.authorizationError`). */
  readonly authorizationError?: string;
  readonly starttls?: string;
  /** Proxy used, without credentials. */
  readonly proxy?: string;
  readonly error?: ProbeError;
  /** How the served chain was read, and anything odd on the way. */
  readonly capture: {
    readonly source: 'handshake-bytes' | 'none';
    readonly notes: string[];
  };
}
