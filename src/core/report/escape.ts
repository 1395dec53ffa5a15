/** Escaping for the text report formats: every certificate string is untrusted. */

/** HTML text and double-quoted attribute values (also valid inside SVG). */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '\uFFFD');
}

/** A Markdown table cell: pipes, backslashes, HTML and line breaks neutralised. */
export function escapeMarkdownCell(s: string): string {
  return escapeHtml(s)
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[`*_[\]]/g, (c) => `\\${c}`)
    .replace(/\r?\n|\r/g, ' ');
}

/**
 * One RFC 4180 field. Text that a spreadsheet would run as a formula
 * (leading `=`, `+`, `-`, `@`, tab or CR) gets a leading `'` (OWASP CSV injection).
 */
export function csvField(value: string | number | boolean | undefined): string {
  if (value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function isoDay(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : '';
}
