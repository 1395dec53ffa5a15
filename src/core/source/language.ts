/**
 * The language of a source file, named as VS Code names it, from the file
 * name. Only labels items (`source.language`): decoding never depends on it,
 * so the CLI and the editor find the same material.
 */
const BY_EXTENSION: Readonly<Record<string, string>> = {
  c: 'c',
  h: 'c',
  cc: 'cpp',
  cpp: 'cpp',
  cxx: 'cpp',
  hh: 'cpp',
  hpp: 'cpp',
  hxx: 'cpp',
  ino: 'arduino',
  go: 'go',
  py: 'python',
  pyi: 'python',
  rs: 'rust',
  java: 'java',
  kt: 'kotlin',
  kts: 'kotlin',
  cs: 'csharp',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsx: 'javascript',
  ts: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  tsx: 'typescript',
  swift: 'swift',
  scala: 'scala',
  rb: 'ruby',
  php: 'php',
};

/**
 * @example sourceLanguageOf('main/certs.h') // 'c'
 */
export function sourceLanguageOf(path: string): string | undefined {
  const dot = path.lastIndexOf('.');
  if (dot < 0 || dot < Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'))) return undefined;
  return BY_EXTENSION[path.slice(dot + 1).toLowerCase()];
}
