/** Messages from the endpoint report webview to the extension (typed protocol, STYLE.md §5). */
export type EndpointMessage =
  | { readonly type: 'recheck' }
  | { readonly type: 'saveChain' }
  | { readonly type: 'compare' }
  | { readonly type: 'showLog' }
  | { readonly type: 'saveEndpoint' };

const TYPES = new Set<string>(['recheck', 'saveChain', 'compare', 'showLog', 'saveEndpoint']);

export function parseEndpointMessage(m: unknown): EndpointMessage | undefined {
  if (typeof m !== 'object' || m === null) return undefined;
  const t = (m as Record<string, unknown>).type;
  return typeof t === 'string' && TYPES.has(t) ? ({ type: t } as EndpointMessage) : undefined;
}
