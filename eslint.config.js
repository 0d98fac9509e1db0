// Lint and formatting in one tool: neostandard (the standard style for TypeScript and modern
// Node, on ESLint 9), configured once here. `npm test` runs it before the tests; `npx eslint . --fix`
// formats.
import neostandard from 'neostandard'

export default [
  // test/fixtures/js/bad-syntax.js is broken on purpose (a module that fails to load)
  ...neostandard({ ts: true, ignores: ['dist/**', 'coverage/**', '.tap/**', 'examples/**/node_modules/**', 'test/fixtures/js/bad-syntax.js'] }),
  {
    // an eslint-disable comment that disables nothing is an error, so none outlives its reason
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `void promise` marks a promise deliberately not awaited (a flush, a send whose failure is
      // counted elsewhere): the point of the operator
      'no-void': 'off',
      // trailing commas in multi-line literals, none on one line
      '@stylistic/comma-dangle': ['error', 'always-multiline'],
    },
  },
  // `_` names what is deliberately ignored (a loop's value, a destructured field)
  {
    files: ['**/*.js'],
    rules: { 'no-unused-vars': ['error', { varsIgnorePattern: '^_', argsIgnorePattern: '^_' }] },
  },
  {
    files: ['**/*.ts'],
    rules: { '@typescript-eslint/no-unused-vars': ['error', { varsIgnorePattern: '^_', argsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }] },
  },
  {
    // tests read terminal output, escape sequences included
    files: ['test/**'],
    rules: { 'no-control-regex': 'off' },
  },
]
