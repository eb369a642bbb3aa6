import { defineConfig } from 'vitest/config';

// Two projects: `unit` is pure and fast; `e2e` deploys the example app to a real emulator that
// its globalSetup starts (or reuses via AWS_ENDPOINT_URL) and fails loudly when it cannot.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        // The package as users install it, and the independent checkers (cfn-lint); needs npm's
        // registry (or its cache) and Python, not an emulator.
        test: {
          name: 'package',
          include: ['test/package/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 600_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/globalSetup.ts'],
          testTimeout: 300_000,
          hookTimeout: 900_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
