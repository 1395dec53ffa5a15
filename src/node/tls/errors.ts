/**
 * Turns Node/OpenSSL errors into plain words (STYLE.md §6): refused, timed
 * out, name not found, reset, handshake failure with the alert name, not TLS.
 */
import { alertFromOpenSslCode } from '../../core/tls/alerts';
import type { ServerFlight } from '../../core/tls/handshake';
import type { ProbeError } from '../../core/tls/types';
import { PreludeError } from './plain-conversation';

export class ProbeTimeout extends Error {
  override readonly name = 'ProbeTimeout';
  constructor(
    readonly ms: number,
    readonly phase: string,
  ) {
    super(`timed out after ${ms} ms ${phase}`);
  }
}

/** A local file or password problem (client certificate, anchors), found before any byte is sent. */
export class LocalSetupError extends Error {
  override readonly name = 'LocalSetupError';
  constructor(
    message: string,
    readonly code: 'client-certificate' | 'usage',
  ) {
    super(message);
  }
}

export function translateError(err: unknown, where: string, flight: ServerFlight | undefined): ProbeError {
  if (err instanceof ProbeTimeout) return { code: 'timeout', message: err.message };
  if (err instanceof PreludeError || err instanceof LocalSetupError) return { code: err.code, message: err.message };
  const e = err as NodeJS.ErrnoException;
  const code = typeof e?.code === 'string' ? e.code : '';
  const detail = code || (e instanceof Error ? e.message : String(err));
  if (flight?.notTls) return { code: 'not-tls', message: `not TLS: ${flight.notTls}`, detail };
  if (flight?.alert && flight.alert.level === 'fatal') {
    return {
      code: 'handshake',
      alert: flight.alert.name,
      message: `handshake failure: the server sent the alert "${flight.alert.name}"`,
      detail,
    };
  }
  if (code === 'ERR_SSL_EXCESSIVE_MESSAGE_SIZE') return excessive(flight, detail);
  switch (code) {
    case 'ECONNREFUSED':
      return { code: 'refused', message: `connection refused by ${where} (nothing is listening there)`, detail };
    case 'ENOTFOUND':
    case 'EAI_NONAME':
    case 'EAI_NODATA':
      return { code: 'name-not-found', message: `name not found: ${where} does not resolve`, detail };
    case 'EAI_AGAIN':
      return { code: 'name-not-found', message: `name not found: could not resolve ${where} (DNS did not answer)`, detail };
    case 'ETIMEDOUT':
      return { code: 'timeout', message: `timed out connecting to ${where}`, detail };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
      return { code: 'unreachable', message: `cannot reach ${where} (no route to the host)`, detail };
    case 'ECONNRESET':
    case 'EPIPE':
      if (/disconnected before secure TLS connection/i.test(e.message ?? '')) {
        return { code: 'closed', message: `the server closed the connection during the TLS handshake without saying why`, detail };
      }
      return { code: 'reset', message: `the server reset the connection during the TLS handshake`, detail };
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
    case 'ERR_SSL_PACKET_LENGTH_TOO_LONG':
    case 'ERR_SSL_RECORD_LAYER_FAILURE':
      return { code: 'not-tls', message: 'not TLS: the server did not answer with TLS records', detail };
    case 'ERR_SSL_UNSUPPORTED_PROTOCOL':
    case 'ERR_SSL_NO_PROTOCOLS_AVAILABLE':
      return { code: 'handshake', message: 'handshake failure: no TLS version in common with the server', detail };
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      break;
    case 'ERR_OSSL_PEM_NO_START_LINE':
    case 'ERR_OSSL_X509_KEY_VALUES_MISMATCH':
    case 'ERR_OSSL_PKCS12_MAC_VERIFY_FAILURE':
    case 'ERR_OSSL_BAD_DECRYPT':
      return { code: 'client-certificate', message: `could not load the client certificate or key: ${e.message}`, detail };
  }
  const alert = alertFromOpenSslCode(code);
  if (alert) return { code: 'handshake', alert, message: `handshake failure: the server sent the alert "${alert}"`, detail };
  if (code.startsWith('ERR_SSL_')) {
    const reason = code.slice('ERR_SSL_'.length).toLowerCase().replace(/_/g, ' ');
    return { code: 'handshake', message: `handshake failure: ${reason}`, detail };
  }
  return { code: 'other', message: e instanceof Error ? e.message : String(err), detail };
}

/**
 * OpenSSL refuses a handshake message larger than its limit (for the
 * Certificate message, `max_cert_list`: 100 KiB by default) and ends the
 * handshake. Say what arrived and why it stopped; the certificates that
 * arrived whole are in the flight and shown.
 */
function excessive(flight: ServerFlight | undefined, detail: string): ProbeError {
  const t = flight?.truncatedCertificate;
  if (!t) {
    return {
      code: 'handshake',
      message: 'handshake stopped: the server sent a handshake message larger than OpenSSL accepts (excessive message size)',
      detail,
    };
  }
  const n = flight?.certificates?.length ?? 0;
  return {
    code: 'handshake',
    message:
      `handshake stopped: the server's Certificate message is ${size(t.declaredBytes)}, more than the ${size(MAX_CERT_LIST)} OpenSSL accepts for a certificate chain (max_cert_list), so the client ended the handshake; ` +
      `${n} certificate(s) arrived whole in the first ${size(t.receivedBytes)} and are shown`,
    detail,
  };
}

/** OpenSSL's default max_cert_list (SSL_CTX_set_max_cert_list(3)). */
const MAX_CERT_LIST = 100 * 1024;

function size(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}
