import { describe, expect, it } from 'vitest';
import { wheelContents } from './wheelContents';

describe('the Python wheel cdk-sqs-backoff', () => {
  const wheel = wheelContents();

  it('is under 500 KB', () => {
    expect(wheel.bytes).toBeLessThan(500 * 1024);
  });

  it('is the cdk_sqs_backoff module, never sqs_backoff (the consumer runtime)', () => {
    expect(wheel.path).toMatch(/cdk_sqs_backoff-[\d.]+-py3-none-any\.whl$/);
    expect(wheel.entries).toContain('cdk_sqs_backoff/__init__.py');
    expect(wheel.entries.filter((entry) => entry.startsWith('sqs_backoff/'))).toEqual([]);
  });

  it('carries no AWS SDK, no CLI and no node_modules', () => {
    const forbidden = /node_modules|@aws-sdk|aws-sdk|commander|cli-table|cli-progress|boto/;
    expect([...wheel.entries, ...wheel.tarballEntries].filter((entry) => forbidden.test(entry))).toEqual([]);
  });

  it('embeds the construct library with its .jsii assembly and nothing of bin/ or the runtime', () => {
    expect(wheel.tarballEntries).toEqual(expect.arrayContaining(['package/.jsii', 'package/lib/index.js', 'package/lambda/backoff.js']));
    expect(wheel.tarballEntries.filter((entry) => /^package\/(bin|lambda\/runtime)\//.test(entry))).toEqual([]);
  });
});
