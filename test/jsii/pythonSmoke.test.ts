import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { BackoffPolicy, JitterStrategy, SeededRandom } from '../../lib';
import { JSII_PATHS } from './paths';

interface Facts {
  readonly errors: Record<string, { type: string; message: string }>;
  readonly policy: { kind: string; jitter: string | null; interval: number; maxAttemptsLimit: number; seededSchedule: number[] };
}

/** test/jsii/python/smoke_app.py, run in the virtualenv with the freshly built wheel. */
function runPythonApp(): { template: Template; facts: Facts } {
  const out = mkdtempSync(join(tmpdir(), 'sqs-backoff-python-smoke-'));
  execFileSync(join(JSII_PATHS.venv, 'bin', 'python'), [join(__dirname, 'python', 'smoke_app.py'), out], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: '1', JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '1' },
  });
  return {
    template: Template.fromJSON(JSON.parse(readFileSync(join(out, 'PythonSmoke.template.json'), 'utf8'))),
    facts: JSON.parse(readFileSync(join(out, 'facts.json'), 'utf8')),
  };
}

describe('a Python CDK app on the cdk-sqs-backoff wheel', () => {
  let template: Template;
  let facts: Facts;
  beforeAll(() => {
    ({ template, facts } = runPythonApp());
  });

  it('makes a FIFO work queue and dead-letter queue with room for every visibility-timeout attempt', () => {
    // GIVEN max_attempts=6 on RetryTransport.visibility_timeout(), THEN maxReceiveCount is 6 + 1
    template.hasResourceProperties('AWS::SQS::Queue', Match.objectLike({ FifoQueue: true, RedrivePolicy: Match.objectLike({ maxReceiveCount: 7 }) }));
    template.resourceCountIs('AWS::SQS::Queue', 2);
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 0);
  });

  it('connects the existing Node function with ReportBatchItemFailures, one record per batch on FIFO', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 1,
    });
  });

  it('gives the existing function the BACKOFF_* environment', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          BACKOFF_POLICY: '{"kind":"exponential","base":2,"cap":300}',
          BACKOFF_MAX_ATTEMPTS: '6',
          BACKOFF_MAX_RECEIVE_COUNT: '7',
          BACKOFF_TRANSPORT: 'visibility-timeout',
          BACKOFF_QUEUE_URL: Match.anyValue(),
          BACKOFF_DEAD_LETTER_QUEUE_URL: Match.anyValue(),
        }),
      },
    });
  });

  it('grants the consumer receive and visibility changes on the work queue and sends to the dead-letter queue', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Action: Match.arrayWith(['sqs:ReceiveMessage', 'sqs:ChangeMessageVisibility', 'sqs:DeleteMessage']) }),
          Match.objectLike({ Action: Match.arrayWith(['sqs:SendMessage']) }),
        ]),
      }),
    });
  });

  it('makes three alarms (no state machine on this transport), each notifying the topic', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 3);
    const topic = Object.keys(template.findResources('AWS::SNS::Topic'))[0];
    template.allResourcesProperties('AWS::CloudWatch::Alarm', { AlarmActions: [{ Ref: topic }] });
  });

  it('reads the policy spec as a struct with enums, static members and a seeded schedule', () => {
    expect(facts.policy).toEqual({
      kind: 'STEP_FUNCTIONS',
      jitter: 'FULL',
      interval: 2,
      maxAttemptsLimit: 100,
      // The same policy and seed in TypeScript: one schedule across the jsii boundary.
      seededSchedule: BackoffPolicy.stepFunctions({ interval: Duration.seconds(2), rate: 3, jitter: JitterStrategy.FULL }).schedule(4, new SeededRandom(7)),
    });
  });

  it.each([
    ['maxAttempts', /maxAttempts must be between 1 and 100 \(given 0\)/],
    ['factor', /factor must be a finite number ≥ 1 \(given 0\.5\)/],
    ['spec.cap', /cap must be ≥ base \(10 s\) \(given 5\)/],
  ])('raises a RuntimeError naming the prop, the value and the range for an invalid %s', (name, message) => {
    expect(facts.errors[name]).toEqual({ type: 'RuntimeError', message: expect.stringMatching(message) });
  });
});
