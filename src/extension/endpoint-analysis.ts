/**
 * The one place the editor chooses how a served chain is validated. Today:
 * the served-order fallback (`chain-misordered`, `chain-root-included`);
 * the RFC 5280 validator replaces it here in one line once it is merged.
 */
import { analyzeServedChainFallback } from '../core/tls/fallback-chain';
import type { AnalyzeServedChain } from '../core/tls/report-types';

export function endpointChainAnalyzer(): AnalyzeServedChain {
  return analyzeServedChainFallback;
}
