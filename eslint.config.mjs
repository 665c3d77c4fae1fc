// The house style, enforced by one tool: `npm test` runs `eslint .` (layout
// only; tsc checks the types). `npx eslint --fix .` puts a file right.
import stylistic from '@stylistic/eslint-plugin'
import tseslint from 'typescript-eslint'

export default [
  {ignores: ['dist/**', 'node_modules/**', 'test/fixtures/**', 'oclif.manifest.json']},
  {
    files: ['**/*.{ts,tsx,mjs,js}'],
    languageOptions: {
      parser: tseslint.parser,
      ecmaVersion: 2022,
      sourceType: 'module',
      parserOptions: {ecmaFeatures: {jsx: true}},
    },
    plugins: {'@stylistic': stylistic},
    rules: {
      '@stylistic/semi': ['error', 'never'],
      '@stylistic/quotes': ['error', 'single', {avoidEscape: true, allowTemplateLiterals: 'always'}],
      '@stylistic/indent': ['error', 2, {
        SwitchCase: 1,
        ignoredNodes: ['TemplateLiteral *', 'ConditionalExpression *', 'TSUnionType', 'TSIntersectionType'],
      }],
      '@stylistic/object-curly-spacing': ['error', 'never'],
      '@stylistic/comma-dangle': ['error', 'always-multiline'],
      '@stylistic/comma-spacing': 'error',
      '@stylistic/keyword-spacing': 'error',
      '@stylistic/space-infix-ops': 'error',
      '@stylistic/arrow-spacing': 'error',
      '@stylistic/brace-style': ['error', '1tbs', {allowSingleLine: true}],
      '@stylistic/no-trailing-spaces': 'error',
      '@stylistic/no-tabs': 'error',
      '@stylistic/eol-last': 'error',
      '@stylistic/no-multiple-empty-lines': ['error', {max: 1, maxEOF: 0}],
    },
  },
]
