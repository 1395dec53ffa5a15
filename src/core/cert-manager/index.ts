/** Public surface of the cert-manager linter. */
export { lintManifests, lintManifest, type LintOptions, type ManifestResult, type CertificateItem } from './linter';
export { RULES, ruleInfo, SYNTAX_CODE, type RuleInfo } from './catalogue';
export { renderTimelineMarkdown } from './timeline-render';
export { computeRenewal, buildTimeline, renewalJson, type Renewal, type RenewalSchedule, type Timeline } from './renewal';
export { parseGoDuration, formatGoDuration, formatCompactDuration } from './duration';
export type { Fix } from './context';
export { MANIFEST_PATH, type YamlFile } from './yaml-doc';
export { lintCannotConcern, lintMayReadText, mayNamePatches } from './prescreen';
export { SCHEMA_KINDS, SCHEMA_SOURCES } from './schema/validate';
