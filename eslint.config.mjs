// typescript-eslint flat config. The layering rule of STYLE.md §1 is enforced
// here: core imports neither 'vscode' nor Node I/O; node and cli never import
// 'vscode' or the extension.
import tseslint from 'typescript-eslint';

const nodeIo = ['fs', 'fs/promises', 'net', 'tls', 'http', 'https', 'child_process', 'worker_threads', 'dns', 'os', 'path'];
const noIo = nodeIo.flatMap((m) => [m, `node:${m}`]);

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', 'tmp/**', 'samples/**', 'media/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['vscode', ...noIo], patterns: ['**/node/**', '**/extension/**', '**/cli/**'] }],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'core takes `now` as a parameter' }],
    },
  },
  {
    files: ['src/node/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: ['vscode'], patterns: ['**/extension/**', '**/cli/**'] }] },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: ['vscode'], patterns: ['**/extension/**'] }] },
  },
);
