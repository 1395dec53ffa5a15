/**
 * Glob patterns as used in `certlens.files.include/exclude` (`**`, `*`, `?`,
 * `{a,b}`), compiled to a RegExp over '/'-separated paths. VS Code exposes no
 * glob matcher for URIs outside `findFiles`, and badges need one per file.
 */
export function globToRegExp(glob: string): RegExp {
  // An unbalanced brace is taken literally rather than rejected: a typo in a
  // setting must not break the extension.
  const balanced = (glob.match(/\{/g)?.length ?? 0) === (glob.match(/\}/g)?.length ?? 0);
  let re = '';
  let inBraces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{' && balanced) {
      inBraces++;
      re += '(?:';
    } else if (c === '}' && inBraces > 0) {
      inBraces--;
      re += ')';
    } else if (c === ',' && inBraces > 0) re += '|';
    else re += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'i');
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
