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
      // A warning, not an error: scripts/lint-ratchet.mjs fails when the count grows (it may only go down).
      '@typescript-eslint/no-non-null-assertion': 'warn',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['vscode', ...noIo], patterns: ['**/node/**', '**/extension/**', '**/cli/**'] }],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'core takes `now` as a parameter' }],
      // Core runs in Node and in browsers, and takes its clock and timers as inputs.
      'no-restricted-globals': [
        'error',
        { name: 'Buffer', message: 'core uses Uint8Array' },
        { name: 'process', message: 'core takes settings as inputs' },
        { name: 'setTimeout', message: 'core has no timers; adapters schedule' },
        { name: 'setInterval', message: 'core has no timers; adapters schedule' },
        { name: 'require', message: 'core uses ES imports' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'core takes `now` as a parameter, never new Date()' },
      ],
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
