import { defineConfig } from 'vitest/config';

// Projects: `unit` is pure and fast; `package` packs the library into scratch apps and runs
// cfn-lint (npm registry or cache, Python; no emulator); `e2e` deploys the example app to a real emulator that
// its globalSetup starts (or reuses via AWS_ENDPOINT_URL) and fails loudly when it cannot;
// `localstack` installs and starts LocalStack and deploys the example app without its consumer
// (no Lambda there) for everything else: docs/emulator.md compares the two emulators.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          testTimeout: 60_000,
          // One worker count for every project that runs at the same time (vitest groups projects
          // by sequence.groupOrder and a group needs one maxWorkers): they mostly wait on I/O.
          maxWorkers: 4,
        },
      },
      {
        test: {
          name: 'package',
          include: ['test/package/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 600_000,
          maxWorkers: 4,
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
          maxWorkers: 4,
        },
      },
      {
        test: {
          name: 'localstack',
          include: ['test/localstack/**/*.test.ts'],
          globalSetup: ['test/localstack/globalSetup.ts'],
          testTimeout: 300_000,
          hookTimeout: 600_000,
          // Files run side by side (they mostly wait on LocalStack, not the CPU): the DLQ alarm's
          // minute or two overlaps the state machine's retries.
          fileParallelism: true,
          maxWorkers: 4,
        },
      },
    ],
  },
});
