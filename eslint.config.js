import tseslint from 'typescript-eslint';

// Every package lints from its own directory; type information comes from the
// tsconfig.json nearest to each file (the project service), so the rules see the
// same program that `tsc` type-checks. Plain scripts outside any tsconfig (bench,
// demo and release tooling) get the syntactic rules only.
export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**', '.sandbox/**'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Handing on a caught or forwarded error unchanged (a `catch` binding, an abort reason)
      // is a rethrow, which `only-throw-error` allows too; wrapping it would change what the
      // caller sees. Strings, numbers and plain objects are still refused.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ignores: ['tools/codegen/**', 'tools/action-set-testkit/**', 'tools/response-recorder/**'],
    ...tseslint.configs.disableTypeChecked,
  },
);
