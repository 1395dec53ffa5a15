/**
 * The shell every CertLens webview page shares: HTML escaping, the strict CSP
 * (nothing by default, our stylesheet origin, scripts by nonce only), the
 * nonce and the document around a page's body. Pure (no 'vscode' import) so
 * tests check escaping and the CSP; every string a page shows goes through
 * `esc`.
 */

export interface WebviewResources {
  readonly nonce: string;
  readonly cspSource: string;
  readonly styleUri: string;
  readonly scriptUri: string;
}

/** Escapes the five HTML specials and the backtick as numeric references. */
export function esc(s: string): string {
  return s.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The Content-Security-Policy of every page: no `unsafe-inline`, no `*`. */
export function pageCsp(r: Pick<WebviewResources, 'nonce' | 'cspSource'>): string {
  return [
    "default-src 'none'",
    `style-src ${r.cspSource}`,
    `script-src 'nonce-${r.nonce}'`,
    `img-src ${r.cspSource}`,
    `font-src ${r.cspSource}`,
  ].join('; ');
}

/** 128 random bits as hex, fresh for every render. */
export function newNonce(): string {
  return Array.from(globalThis.crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The whole document: CSP meta first, then our stylesheet, `body` (already
 * escaped by the page), and our one script with the nonce. `title` is escaped here.
 */
export function renderPage(title: string, body: string, r: WebviewResources): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${pageCsp(r)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${esc(r.styleUri)}">
<title>${esc(title)}</title>
</head>
<body>
${body}
<script nonce="${esc(r.nonce)}" src="${esc(r.scriptUri)}"></script>
</body>
</html>`;
}
