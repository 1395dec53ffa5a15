/** Messages from the details webview to the extension (typed protocol, STYLE.md §5). */
export type WebviewMessage =
  | { readonly type: 'copy'; readonly text: string }
  | { readonly type: 'export'; readonly index: number; readonly format: 'pem' | 'der' }
  | { readonly type: 'unlock' };

export function parseMessage(m: unknown): WebviewMessage | undefined {
  if (typeof m !== 'object' || m === null) return undefined;
  const o = m as Record<string, unknown>;
  if (o.type === 'copy' && typeof o.text === 'string' && o.text.length < 10_000) return { type: 'copy', text: o.text };
  if (o.type === 'export' && Number.isInteger(o.index) && (o.index as number) >= 0 && (o.format === 'pem' || o.format === 'der')) {
    return { type: 'export', index: o.index as number, format: o.format };
  }
  if (o.type === 'unlock') return { type: 'unlock' };
  return undefined;
}
