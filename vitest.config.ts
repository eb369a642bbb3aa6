import { defineConfig } from 'vitest/config';

// Projects: `unit` is pure and fast; `package` packs the library into scratch apps and runs
// cfn-lint (npm registry or cache, Python; no emulator); `e2e` deploys the example app to a real emulator that
// its globalSetup starts (or reuses via AWS_ENDPOINT_URL) and fails loudly when it cannot, and
// `e2e-own-stack` shares that emulator for the files that deploy stacks of their own;
// `localstack` installs and starts LocalStack and deploys the example app without its consumer
// (no Lambda there) for everything else: docs/emulator.md compares the two emulators.

/**
 * End-to-end files that deploy a stack of their own (deployLocal or test/helpers/variantStack.ts)
 * and touch nothing of the shared demo stack, so they need not wait for each other. Any other
 * e2e file runs in `e2e`, after the previous one: the safe default for a new file.
 */
const E2E_OWN_STACK_FILES = [
  'test/e2e/faults.test.ts',
  'test/e2e/ops.test.ts',
  'test/e2e/fifoOrder.test.ts',
  'test/e2e/transportFlow.test.ts',
  'test/e2e/redriveAndAlarms.test.ts',
  'test/e2e/processExit.test.ts',
  'test/e2e/sqsTransportLimits.test.ts',
  'test/e2e/retryControl.test.ts',
  'test/e2e/pythonFlow.test.ts',
  'test/e2e/pythonTransports.test.ts',
  'test/e2e/mixedFleet.test.ts',
];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          testTimeout: 60_000,
          // A worker keeps its modules from one file to the next, so aws-cdk-lib and typescript load
          // once per worker, not once per file: measured 65 s instead of 178 s for this project on
          // the 2-core machine, and green in shuffled orders (--sequence.shuffle, seeds 11 and 23).
          // The files restore what they mock or stub (mockClient, vi.stubEnv, spies) in their hooks.
          isolate: false,
          // One worker count for every project that runs at the same time (vitest groups projects
          // by sequence.groupOrder and a group needs one maxWorkers): they mostly wait on I/O.
          maxWorkers: 4,
        },
      },
      {
        test: {
          // scripts/python/test.sh: pytest (3.11 and 3.13, golden vectors included), ruff, mypy --strict.
          name: 'python',
          include: ['test/python/**/*.test.ts'],
          testTimeout: 600_000,
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
          // The construct as a jsii package: one file builds it (in its beforeAll, not a globalSetup,
          // which would hold up every project), then checks API.md, the wheel, a Python and a Java
          // CDK app and the generated .NET and Go code. No emulator.
          name: 'jsii',
          include: ['test/jsii/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 900_000,
          maxWorkers: 4,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          exclude: E2E_OWN_STACK_FILES,
          globalSetup: ['test/e2e/globalSetup.ts'],
          testTimeout: 300_000,
          hookTimeout: 900_000,
          // One after another: these files share the demo stack's queues (they drain its processed
          // queue and DLQ) and its consumer (throttleStorm rewires it). Vitest runs a project
          // without file parallelism in a group of its own, after every other project's files.
          fileParallelism: false,
          maxWorkers: 4,
        },
      },
      {
        test: {
          name: 'e2e-own-stack',
          include: E2E_OWN_STACK_FILES,
          // The same setup as `e2e`: one MiniStack and one demo stack deploy for both projects; the
          // emulator stops after the last of them (globalSetup.ts counts its users).
          globalSetup: ['test/e2e/globalSetup.ts'],
          testTimeout: 300_000,
          hookTimeout: 900_000,
          // Side by side with each other and with unit, package and localstack: each file deploys
          // and drains a stack of its own, and mostly waits on visibility timeouts and Waits.
          fileParallelism: true,
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
