/** TLS alert descriptions (RFC 8446 §6, RFC 5246 §7.2, IANA TLS Alerts registry). */
const ALERTS: Readonly<Record<number, string>> = {
  0: 'close notify',
  10: 'unexpected message',
  20: 'bad record mac',
  21: 'decryption failed',
  22: 'record overflow',
  40: 'handshake failure',
  41: 'no certificate',
  42: 'bad certificate',
  43: 'unsupported certificate',
  44: 'certificate revoked',
  45: 'certificate expired',
  46: 'certificate unknown',
  47: 'illegal parameter',
  48: 'unknown CA',
  49: 'access denied',
  50: 'decode error',
  51: 'decrypt error',
  70: 'protocol version',
  71: 'insufficient security',
  80: 'internal error',
  86: 'inappropriate fallback',
  90: 'user canceled',
  100: 'no renegotiation',
  109: 'missing extension',
  110: 'unsupported extension',
  112: 'unrecognized name',
  113: 'bad certificate status response',
  115: 'unknown PSK identity',
  116: 'certificate required',
  120: 'no application protocol',
};

export function alertName(description: number): string {
  return ALERTS[description] ?? `alert ${description}`;
}

/**
 * Maps OpenSSL's reason in a Node error code to an alert name, e.g.
 * `ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED` → `certificate required`.
 * Returns undefined when the code is not an alert.
 */
export function alertFromOpenSslCode(code: string): string | undefined {
  const m = /_ALERT_([A-Z_]+)$/.exec(code);
  if (!m?.[1]) return undefined;
  return m[1].toLowerCase().replace(/_/g, ' ');
}
