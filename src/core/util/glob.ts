/**
 * Glob patterns as used in `certlens.files.include/exclude`, with VS Code's
 * semantics (`**`, `*`, `?`, `{a,b}`, `[...]`; `*` does not cross `/`;
 * dotfiles match; parentheses are literal), from minimatch (brace expansion
 * first, so `{**\/a,b}` matches `a` at the root as VS Code does; picomatch
 * does not). VS Code exposes no glob matcher for URIs outside `findFiles`,
 * and badges need one per file. Case-insensitive. A malformed pattern (an
 * unbalanced brace) matches literally: a typo in a setting must not break
 * the extension.
 */
import { Minimatch } from 'minimatch';

const OPTIONS = { dot: true, nocase: true, noext: true } as const;

/** A compiled glob, tested against '/'-separated workspace-relative paths. */
export function globToRegExp(glob: string): { test(path: string): boolean } {
  const m = new Minimatch(glob, OPTIONS);
  return { test: (path) => m.match(path) };
}

/** A matcher for workspace-relative paths: included and not excluded. */
export function pathMatcher(include: readonly string[], exclude: readonly string[]): (relPath: string) => boolean {
  const inc = include.map(globToRegExp);
  const exc = exclude.map(globToRegExp);
  return (p) => inc.some((r) => r.test(p)) && !exc.some((r) => r.test(p));
}

/**
 * Several globs as the one glob `findFiles` and file watchers take: `{a,b}`.
 * VS Code's glob does not nest braces, so a pattern's own `{x,y}` group is
 * expanded first: `['**\/*.{pem,jks}', '**\/cacerts']` →
 * `{**\/*.pem,**\/*.jks,**\/cacerts}`. Patterns with more than one group are
 * kept as they are.
 */
export function joinGlobs(globs: readonly string[]): string | undefined {
  if (globs.length === 0) return undefined;
  if (globs.length === 1) return globs[0];
  const flat = globs.flatMap((g) => {
    const m = /^([^{}]*)\{([^{}]*)\}([^{}]*)$/.exec(g);
    return m ? m[2]!.split(',').map((alt) => `${m[1]}${alt}${m[3]}`) : [g];
  });
  return `{${flat.join(',')}}`;
}
