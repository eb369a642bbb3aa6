#!/usr/bin/env node
/**
 * The example app (`cdk.json` runs it): one stack, `SqsBackoffDemo` unless `-c stackName=…`,
 * configured from context, e.g. `-c policy=exponential -c base=1 -c cap=30 -c maxAttempts=4`.
 * See `DemoSettings` in ./demo-stack for every key and its default.
 */
import { App } from 'aws-cdk-lib';
import { buildDemoApp } from './demo-stack';

buildDemoApp(new App());
