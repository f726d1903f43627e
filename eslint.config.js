import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Besides the usual checks, this file enforces the layering:
// renderer → shared ← main/server/cli → core → storage. Core never imports Electron, React or
// HTTP servers; the renderer never imports core, server, cli or Node built-ins.
const nodeBuiltins = ['fs', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'worker_threads'].flatMap((m) => [m, `node:${m}`]);

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'release/**', 'bench/results/**', 'bench/.cache/**', 'coverage/**', 'tmp/**', 'tests/attacks/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', fetch: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', __dirname: 'readonly', __filename: 'readonly', require: 'readonly', performance: 'readonly', structuredClone: 'readonly', queueMicrotask: 'readonly', AbortController: 'readonly', setImmediate: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-require-imports': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
      'no-constant-condition': ['error', { checkLoops: false }],
      'no-control-regex': 'off',
    },
  },
  {
    files: ['core/**/*.ts', 'shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['electron', 'react', 'react-dom'].map((name) => ({ name, message: 'core/ and shared/ stay free of Electron and React.' })),
        patterns: [{ group: ['**/server/**', '**/cli/**', '**/main/**', '**/renderer/**'], message: 'core/ and shared/ must not depend on transports or the UI.' }],
      }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...nodeBuiltins, 'electron', 'react', 'better-sqlite3'].map((name) => ({ name, message: 'shared/ runs in the renderer too: no Node or native modules.' })),
        patterns: [{ group: ['**/core/**', '**/server/**', '**/cli/**', '**/main/**', '**/renderer/**'], message: 'shared/ depends on nothing in the app.' }],
      }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...nodeBuiltins, 'electron', 'better-sqlite3'].map((name) => ({ name, message: 'The renderer talks to the core only through the API client.' })),
        patterns: [{ group: ['**/core/**', '**/server/**', '**/cli/**', '**/main/**'], message: 'The renderer talks to the core only through the API client (shared/api/client).' }],
      }],
    },
  },
);
