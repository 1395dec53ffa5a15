/**
 * Making a string from input (a subject CN, a SAN, a file name, an SMTP
 * greeting) safe to print in one line of a terminal or a log: control
 * characters, newlines and bidirectional overrides are written as visible
 * escapes, so that a CN holding `\n` cannot forge a finding line, `ESC ]`
 * cannot retitle the terminal, and U+202E cannot reverse what is shown
 * (CVE-2021-42574, "Trojan Source").
 *
 * JSON and SARIF output need no such step: `JSON.stringify` escapes control
 * characters, and their readers are programs.
 */

/**
 * C0 controls, DEL, C1 controls, the line and paragraph separators, and the
 * bidi marks and overrides (U+061C, U+200E-U+200F, U+202A-U+202E,
 * U+2066-U+2069).
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * The string with every unsafe character replaced by an escape: `\n`, `\r`,
 * `\t`, `\x1b` (below U+0100) or `\u202e`. Backslashes are kept as they are
 * (Windows paths stay readable); printable text is unchanged.
 *
 * @example escapeText('evil\nprod.pem:1:1: error') // 'evil\\nprod.pem:1:1: error'
 * @example escapeText('abc\u202Etxt.pem') // 'abc\\u202etxt.pem'
 */
export function escapeText(s: string): string {
  return s.replace(UNSAFE, (c) => {
    const named = NAMED[c];
    if (named) return named;
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
