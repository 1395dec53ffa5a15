/**
 * The one place the editor chooses how a served chain is validated: the
 * RFC 5280 validator in endpoint mode (`core/chain/endpoint.ts`), anchored
 * in the same trust store and `certlens.trust.*` settings as the workspace
 * chains. The check's own extra anchors arrive through the report context.
 */
import { servedChainAnalyzer } from '../core/chain/endpoint';
import type { ChainAnchor } from '../core/chain/findings';
import type { AnalyzeServedChain } from '../core/tls/report-types';
import { loadAnchors } from './chains';

/** @param anchors the store and settings anchors when the caller already loaded them (the runner hands the same ones to OpenSSL). */
export async function endpointChainAnalyzer(anchors?: readonly ChainAnchor[]): Promise<AnalyzeServedChain> {
  return servedChainAnalyzer(anchors ?? (await loadAnchors()));
}
