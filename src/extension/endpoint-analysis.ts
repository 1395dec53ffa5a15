/**
 * The one place the editor chooses how a served chain is validated: the
 * RFC 5280 validator in endpoint mode (`core/chain/endpoint.ts`), anchored
 * in the same trust store and `certlens.trust.*` settings as the workspace
 * chains. The check's own extra anchors arrive through the report context.
 */
import { servedChainAnalyzer } from '../core/chain/endpoint';
import type { AnalyzeServedChain } from '../core/tls/report-types';
import { loadAnchors } from './chains';

export async function endpointChainAnalyzer(): Promise<AnalyzeServedChain> {
  return servedChainAnalyzer(await loadAnchors());
}
