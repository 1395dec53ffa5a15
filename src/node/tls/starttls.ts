/**
 * STARTTLS preludes written by hand: the plain-text (or binary) exchange
 * that asks a server to switch the connection to TLS. After `upgrade()`
 * resolves, the next bytes on the socket are the TLS handshake.
 */
import type { StartTlsProtocol } from '../../core/tls/target';
import { PlainConversation, PreludeError } from './plain-conversation';

const CLIENT_NAME = 'certlens.invalid';

function fail(protocol: string, what: string): never {
  throw new PreludeError(`${protocol} STARTTLS: ${what}`, 'starttls');
}

/** SMTP and FTP reply: `ddd-text` continues, `ddd text` ends (RFC 5321 §4.2.1, RFC 959 §4.2). */
async function readNumericReply(c: PlainConversation, what: string): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  for (;;) {
    const line = await c.readLine(what);
    lines.push(line);
    if (/^\d{3}(?: |$)/.test(line)) return { code: Number(line.slice(0, 3)), lines };
    if (!/^\d{3}-/.test(line) && lines.length === 1) return { code: NaN, lines };
  }
}

/** RFC 3207: greeting 220, EHLO, 250 capabilities (STARTTLS among them), STARTTLS → 220. */
async function smtp(c: PlainConversation): Promise<void> {
  const greet = await readNumericReply(c, 'waiting for the SMTP greeting');
  if (greet.code !== 220) fail('SMTP', `unexpected greeting "${greet.lines[0] ?? ''}"`);
  c.write(`EHLO ${CLIENT_NAME}\r\n`);
  const ehlo = await readNumericReply(c, 'waiting for the SMTP EHLO reply');
  if (ehlo.code !== 250) fail('SMTP', `EHLO refused: "${ehlo.lines[0] ?? ''}"`);
  if (!ehlo.lines.some((l) => /^250[- ]STARTTLS\b/i.test(l))) fail('SMTP', 'the server does not offer STARTTLS');
  c.write('STARTTLS\r\n');
  const go = await readNumericReply(c, 'waiting for the SMTP STARTTLS reply');
  if (go.code !== 220) fail('SMTP', `STARTTLS refused: "${go.lines[0] ?? ''}"`);
}

/** RFC 3501 §6.2.1 (IMAP4rev1) / RFC 9051: untagged `* OK` greeting, tagged STARTTLS → tagged OK. */
async function imap(c: PlainConversation): Promise<void> {
  const greet = await c.readLine('waiting for the IMAP greeting');
  if (!/^\* OK\b/i.test(greet)) fail('IMAP', `unexpected greeting "${greet}"`);
  c.write('C1 STARTTLS\r\n');
  for (;;) {
    const line = await c.readLine('waiting for the IMAP STARTTLS reply');
    if (line.startsWith('* ')) continue; // untagged data may come first
    if (/^C1 OK\b/i.test(line)) return;
    fail('IMAP', `STARTTLS refused: "${line}"`);
  }
}

/** RFC 2595 §4: `+OK` greeting, STLS → `+OK`. */
async function pop3(c: PlainConversation): Promise<void> {
  const greet = await c.readLine('waiting for the POP3 greeting');
  if (!greet.startsWith('+OK')) fail('POP3', `unexpected greeting "${greet}"`);
  c.write('STLS\r\n');
  const go = await c.readLine('waiting for the POP3 STLS reply');
  if (!go.startsWith('+OK')) fail('POP3', `STLS refused: "${go}"`);
}

/** RFC 4217 §4: greeting 220, AUTH TLS → 234. */
async function ftp(c: PlainConversation): Promise<void> {
  const greet = await readNumericReply(c, 'waiting for the FTP greeting');
  if (greet.code !== 220) fail('FTP', `unexpected greeting "${greet.lines[0] ?? ''}"`);
  c.write('AUTH TLS\r\n');
  const go = await readNumericReply(c, 'waiting for the FTP AUTH TLS reply');
  if (go.code !== 234) fail('FTP', `AUTH TLS refused: "${go.lines[0] ?? ''}"`);
}

/**
 * RFC 4511 §4.14: ExtendedRequest with requestName 1.3.6.1.4.1.1466.20037.
 * LDAPMessage ::= SEQUENCE { messageID 1, [APPLICATION 23] { [0] oid } }
 * The ExtendedResponse ([APPLICATION 24]) starts with resultCode ENUMERATED; 0 = success.
 */
const LDAP_STARTTLS = Buffer.concat([
  Buffer.from([0x30, 0x1d, 0x02, 0x01, 0x01, 0x77, 0x18, 0x80, 0x16]),
  Buffer.from('1.3.6.1.4.1.1466.20037', 'latin1'),
]);

async function ldap(c: PlainConversation): Promise<void> {
  c.write(LDAP_STARTTLS);
  const what = 'waiting for the LDAP StartTLS response';
  const head = await c.readBytes(2, what);
  if (head[0] !== 0x30) fail('LDAP', 'the reply is not an LDAP message');
  let len = head[1]!;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n < 1 || n > 3) fail('LDAP', 'bad length in the reply');
    len = 0;
    for (const b of await c.readBytes(n, what)) len = (len << 8) | b;
  }
  const body = await c.readBytes(len, what);
  // messageID INTEGER, then 0x78 (ExtendedResponse), its length, then 0x0a 0x01 resultCode.
  const at = body.indexOf(0x78);
  if (at < 0) fail('LDAP', 'the reply is not an ExtendedResponse');
  let p = at + 1;
  p += body[p]! & 0x80 ? 1 + (body[p]! & 0x7f) : 1;
  if (body[p] !== 0x0a || body[p + 1] !== 0x01) fail('LDAP', 'the reply has no resultCode');
  const code = body[p + 2]!;
  if (code !== 0) fail('LDAP', `StartTLS refused with resultCode ${code}`);
}

/** PostgreSQL protocol §55.2.10: SSLRequest (length 8, code 80877103); the server answers one byte, 'S' or 'N'. */
async function postgres(c: PlainConversation): Promise<void> {
  c.write(Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]));
  const b = (await c.readBytes(1, 'waiting for the PostgreSQL SSLRequest reply'))[0];
  if (b === 0x4e) fail('PostgreSQL', 'the server does not accept TLS (answered N)');
  if (b !== 0x53) fail('PostgreSQL', `unexpected reply byte 0x${(b ?? 0).toString(16)}`);
}

/**
 * MySQL client/server protocol: the server speaks first with a
 * HandshakeV10 packet (3-byte LE length, sequence id, protocol 10, version
 * string, thread id, 8 bytes of scramble, filler, capability flags). When
 * CLIENT_SSL (0x800) is set, the client sends an SSLRequest packet
 * (sequence 1: capabilities, max packet size, charset, 23 zero bytes), then TLS.
 */
async function mysql(c: PlainConversation): Promise<void> {
  const what = 'waiting for the MySQL handshake packet';
  const hdr = await c.readBytes(4, what);
  const len = hdr[0]! | (hdr[1]! << 8) | (hdr[2]! << 16);
  const payload = await c.readBytes(len, what);
  if (payload[0] === 0xff) fail('MySQL', `the server refused the connection: ${payload.subarray(3).toString('latin1')}`);
  if (payload[0] !== 10) fail('MySQL', `unsupported protocol version ${payload[0] ?? '?'}`);
  const nul = payload.indexOf(0, 1);
  if (nul < 0) fail('MySQL', 'malformed handshake packet');
  const capOff = nul + 1 + 4 + 8 + 1;
  const capLow = (payload[capOff] ?? 0) | ((payload[capOff + 1] ?? 0) << 8);
  const CLIENT_SSL = 0x800;
  if (!(capLow & CLIENT_SSL)) fail('MySQL', 'the server does not offer TLS');
  const CLIENT_LONG_PASSWORD = 0x1;
  const CLIENT_PROTOCOL_41 = 0x200;
  const CLIENT_SECURE_CONNECTION = 0x8000;
  const caps = CLIENT_LONG_PASSWORD | CLIENT_PROTOCOL_41 | CLIENT_SSL | CLIENT_SECURE_CONNECTION;
  const req = Buffer.alloc(4 + 32);
  req.writeUIntLE(32, 0, 3);
  req[3] = ((hdr[3] ?? 0) + 1) & 0xff;
  req.writeUInt32LE(caps, 4);
  req.writeUInt32LE(0x01000000, 8);
  req[12] = 0x21; // utf8_general_ci
  c.write(req);
}

const PRELUDES: Readonly<Record<StartTlsProtocol, (c: PlainConversation) => Promise<void>>> = {
  smtp,
  imap,
  pop3,
  ftp,
  ldap,
  postgres,
  mysql,
};

/** Runs the prelude; returns bytes received beyond it (normally none). */
export async function upgradeToTls(protocol: StartTlsProtocol, c: PlainConversation): Promise<Buffer> {
  await PRELUDES[protocol](c);
  return c.detach();
}
