import { defineConfig } from 'vitest/config';

// Tests read sibling packages' TypeScript sources through the `@apemen/source` export condition,
// so no build is needed before `vitest run`.
export default defineConfig({
  resolve: { conditions: ['@apemen/source'] },
  ssr: { resolve: { conditions: ['@apemen/source'] } },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'apps/*/src/**/*.test.ts',
      'apps/*/test/**/*.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    setupFiles: ['./vitest.setup.ts'],
  },
});
