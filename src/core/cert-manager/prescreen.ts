/**
 * Which manifests the linter can skip without parsing them: a YAML file of
 * Secrets or ConfigMaps gives no finding and no context, and the decoder has
 * already read it (k8s/yaml-roots.ts), so the linter need not parse it.
 *
 * What the linter reads of a file whose YAML parses cleanly (linter.ts):
 * resources of the cert-manager groups (`isCertManager`, issuers,
 * Certificates), of the groups with a CRD schema (schema/validate.ts),
 * Ingress and Gateway resources (`isIngressLike`), and kustomizations (by
 * path, or `kind: Kustomization` / `Component`) with the patch files they
 * name. A resource's group is the part of its `apiVersion` value before the
 * slash. Without a backslash in the text (no escape in a double-quoted
 * scalar), every character of a string value is written in the text, apart
 * from line folding (a space or line break) and `''` (one quote); so a value
 * that holds one of the words below, none of which has a space, line break
 * or quote, has it written in the text. A file whose text holds none of them
 * therefore holds no resource the linter reads. Nor is it a template or a
 * doc snippet, so the linter parses the text itself.
 */
import { KUSTOMIZATION } from './kustomize';
import { templateKind } from './templates';
import type { YamlFile } from './yaml-doc';

/**
 * Substrings of every API group and kind the linter reads: `cert-manager.io`
 * also covers `acme.` and `trust.cert-manager.io`, `networking.k8s.io` also
 * covers `gateway.networking.k8s.io` (Ingress, Gateway); `extensions` is the
 * legacy Ingress group. Then what makes the linter parse another text than
 * the file's (templates.ts): Helm actions, Terraform directives, elision
 * lines. And a backslash (an escape in a double-quoted scalar).
 */
const WORDS = [
  'cert-manager.io',
  'certmanager.k8s.io',
  'trust-manager.io',
  'networking.k8s.io',
  'extensions',
  'Kustomization',
  'Component',
  '{{',
  '%{',
  '...',
  '…',
  '\\',
];
/** One search for all the words: a third cheaper than one `includes` each on 20 MB. */
const WORDS_RE = new RegExp(WORDS.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));

/** True when `text` holds a word the linter may act on. */
export function lintMayReadText(text: string): boolean {
  return WORDS_RE.test(text);
}

/**
 * True when, provided its YAML parses without a syntax error and within the
 * YAML limits, `lintManifests` gives `file` no item and no finding, and
 * leaving it out changes no other file's result, unless a kustomization
 * names it as a patch (see `mayNamePatches`). Conservative: false whenever
 * unsure. `reads` is `lintMayReadText(file.text)`, when already known.
 *
 * @example
 * lintCannotConcern({ path: 'secrets.yaml', text: 'apiVersion: v1\nkind: Secret\n' }); // true
 */
export function lintCannotConcern(file: YamlFile, reads = lintMayReadText(file.text)): boolean {
  // Without `{{` or `%{` in the text only the path can make it a template; without `...` or `…`, no elision.
  return !reads && !KUSTOMIZATION.test(file.path) && templateKind(file.path, '') === undefined;
}

/** True when `file` may be a kustomization, which can name any other file as a patch. */
export function mayNamePatches(file: YamlFile): boolean {
  const { path, text } = file;
  return KUSTOMIZATION.test(path) || text.includes('\\') || text.includes('Kustomization') || text.includes('Component');
}
