// One lint config for every workspace. The import rules keep the architecture honest:
// core is the pure domain and must not reach for frameworks; bot and tab never import each other.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const frameworks = [
  'express',
  'botbuilder',
  'botbuilder-*',
  'botframework-*',
  'react',
  'react-dom',
  '@fluentui/*',
  '@microsoft/teams-js',
  '@azure/*',
  '@microsoft/microsoft-graph-client',
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'manifest/build/**', 'tab/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['core/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: frameworks, message: 'core is the pure MARAC domain: no frameworks here.' },
            {
              group: ['@marac/bot', '@marac/tab', '@marac/graph', '**/bot/**', '**/tab/**'],
              message: 'core depends on nothing else in the workspace.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['core/src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...frameworks, 'pg', 'better-sqlite3', 'node:*', '../store/*', '../../store/*'],
              message: 'domain rules are pure: no I/O, no storage.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['bot/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@marac/tab', '**/tab/src/**'],
              message: 'bot and tab never import each other; share through core.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['tab/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@marac/bot', '**/bot/src/**'],
              message: 'bot and tab never import each other; share through core.',
            },
          ],
        },
      ],
    },
  },
);
