#!/usr/bin/env node
/**
 * The example app (`cdk.json` runs it): one stack, `SqsBackoffDemo` unless `-c stackName=…`,
 * configured from context, e.g. `-c policy=exponential -c base=1 -c cap=30 -c maxAttempts=4`.
 * See `DemoSettings` in ./demo-stack for every key and its default.
 */
import { App } from 'aws-cdk-lib';
import { BackoffValidationError } from '../lib';
import { buildDemoApp } from './demo-stack';

try {
  buildDemoApp(new App());
} catch (error) {
  // Bad context is the user's typo, not our bug: one line, no stack trace (deploy:local shows just this line).
  if (!(error instanceof BackoffValidationError)) throw error;
  process.stderr.write(`${error.name}: ${error.message}\n`);
  process.exit(1);
}
