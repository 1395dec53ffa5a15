import type { Item, ItemKind } from '../core/analysis/decode';
import type { Span } from '../core/types';

/**
 * Items a file's outline lists one by one. A 20 MB bundle holds ~25,000
 * certificates: sending that many symbols to the renderer held the extension
 * host for ~400 ms, and nobody scrolls a 25,000-entry outline. Past the cap,
 * one final entry stands for the rest (its range covers them, so it also names
 * them in the breadcrumbs and sticky scroll). Any file of up to 2,000 items is
 * listed whole.
 */
export const OUTLINE_CAP = 2000;

/** The entry that stands for the items past the cap. */
export interface OutlineRest {
  /** How many items it stands for. */
  readonly count: number;
  /** `… 23,839 more certificates`, or with the kinds when they differ. */
  readonly name: string;
  readonly detail: string;
  /** From the first hidden item's start to the last one's end. */
  readonly span: Span;
}

/** What a file's outline shows: its first `shown` items, then `rest` if any. */
export interface OutlinePlan {
  readonly shown: number;
  readonly rest?: OutlineRest;
}

const NOUNS: Record<ItemKind, readonly [string, string]> = {
  certificate: ['certificate', 'certificates'],
  csr: ['CSR', 'CSRs'],
  crl: ['CRL', 'CRLs'],
  'private-key': ['private key', 'private keys'],
  'public-key': ['public key', 'public keys'],
  pkcs7: ['PKCS#7 bundle', 'PKCS#7 bundles'],
  pkcs12: ['PKCS#12 item', 'PKCS#12 items'],
  keystore: ['keystore', 'keystores'],
  unknown: ['unrecognised block', 'unrecognised blocks'],
};

const count = (n: number): string => n.toLocaleString('en-US');
const noun = (kind: ItemKind, n: number): string => {
  const [one, many] = NOUNS[kind] ?? ['item', 'items'];
  return n === 1 ? one : many;
};

/**
 * The outline of a file of `items`: all of them up to `cap`, else the first
 * `cap` and one entry for the rest.
 *
 * @example planOutline(items) // 25,839 certificates → { shown: 2000, rest: { count: 23839, name: '… 23,839 more certificates', … } }
 */
export function planOutline(items: readonly Pick<Item, 'kind' | 'span'>[], cap = OUTLINE_CAP): OutlinePlan {
  const limit = Math.max(0, Math.floor(cap));
  if (items.length <= limit) return { shown: items.length };
  const kinds = new Map<ItemKind, number>();
  let start = Infinity;
  let end = -Infinity;
  for (let i = limit; i < items.length; i++) {
    const { kind, span } = items[i] as Pick<Item, 'kind' | 'span'>;
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    start = Math.min(start, span.start);
    end = Math.max(end, span.end);
  }
  const hidden = items.length - limit;
  const byKind = [...kinds].sort((a, b) => b[1] - a[1]);
  const only = byKind.length === 1 ? byKind[0] : undefined;
  const name = only
    ? `… ${count(hidden)} more ${noun(only[0], hidden)}`
    : `… ${count(hidden)} more items (${byKind.map(([k, n]) => `${count(n)} ${noun(k, n)}`).join(', ')})`;
  return {
    shown: limit,
    rest: {
      count: hidden,
      name,
      detail: `the outline lists the first ${count(limit)}; the CertLens Inventory lists them all`,
      span: { start, end },
    },
  };
}
