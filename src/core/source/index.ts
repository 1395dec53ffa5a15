/** Certificates embedded in source code: literals, byte arrays, and their lifetime in devices. */
export { findSourceMaterial, mayHoldSourceMaterial, type SourceMaterial, type SourceRegion } from './find';
export { decodeSourceMaterial, placeholderIn, type SourceDecoders, type SourceOrigin } from './decode-source';
export type { SourceForm } from './groups';
export { sourceLanguageOf } from './language';
export { builtWithFor, embeddedLifetime, type EmbeddedLifetimeOptions } from './lifetime';
