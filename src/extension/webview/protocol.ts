import { isCrtShUrl } from '../../core/format/crtsh';

/** Messages from the details webview to the extension (typed protocol, STYLE.md §5). */
export type WebviewMessage =
  | { readonly type: 'copy'; readonly text: string }
  | { readonly type: 'openLink'; readonly url: string }
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
  // Only crt.sh look-ups by hash: a webview message never opens an arbitrary URL.
  if (o.type === 'openLink' && isCrtShUrl(o.url)) return { type: 'openLink', url: o.url };
  return undefined;
}
