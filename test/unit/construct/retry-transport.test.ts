/**
 * The `transport` prop: what each RetryTransport factory and option makes (resources, consumer
 * environment, IAM, alarms), its longest delay at synth, FIFO rules, and the maxReceiveCount rule
 * for transports that delay by visibility timeout.
 */
import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '../../../lambda/contract';
import { BackoffConsumer, BackoffPolicy, BackoffQueue, BackoffQueueProps, BackoffValidationError, RetryTransport } from '../../../lib';
import {
  SYNTH_TIMEOUT_MS,
  buildBackoffQueue,
  grantsOf,
  logicalIdsOf,
  newStack,
  onlyLogicalIdOf,
  roleOf,
  stateMachineDefinition,
  synthBackoffQueue,
} from '../../helpers/stack';

const environmentOf = (template: Template): Record<string, unknown> =>
  Object.values(template.findResources('AWS::Lambda::Function'))[0].Properties.Environment.Variables;

const stateMachinesOf = (template: Template) => logicalIdsOf(template, 'AWS::StepFunctions::StateMachine');

const consumerGrants = (template: Template) =>
  grantsOf(template, roleOf(template, 'AWS::Lambda::Function', onlyLogicalIdOf(template, 'AWS::Lambda::Function')));

const workQueueId = (template: Template) => onlyLogicalIdOf(template, 'AWS::SQS::Queue', { RedrivePolicy: Match.anyValue() });

function expectRejected(props: Partial<BackoffQueueProps>, message: string): void {
  const build = () => buildBackoffQueue(props);
  expect(build).toThrow(BackoffValidationError);
  expect(build).toThrow(message);
}

/** The state machine's SendMessage Tasks, by state name, from its synthesized definition. */
function sendTasksOf(template: Template): Array<{ name: string; state: any }> {
  const states = stateMachineDefinition(template).States as Record<string, any>;
  return Object.entries(states)
    .filter(([, state]) => state.Type === 'Task' && String(state.Resource).endsWith(':states:::sqs:sendMessage'))
    .map(([name, state]) => ({ name, state }));
}

/** A policy whose n-th delay is exactly `seconds`: fixed, so the worst case is the value itself. */
const fixedSeconds = (seconds: number) => BackoffPolicy.fixed({ base: Duration.seconds(seconds) });

describe('RetryTransport.stepFunctions()', () => {
  let template: Template;
  beforeAll(() => {
    ({ template } = synthBackoffQueue({ transport: RetryTransport.stepFunctions() }));
  }, SYNTH_TIMEOUT_MS);

  it('creates the retry state machine and gives the consumer its ARN, the transport name and the fallback switch', () => {
    const [stateMachine] = stateMachinesOf(template);
    expect(stateMachinesOf(template)).toHaveLength(1);
    expect(environmentOf(template)).toMatchObject({
      [ENV.transport]: 'step-functions',
      [ENV.visibilityFallback]: 'true',
      [ENV.stateMachineArn]: { Ref: stateMachine },
    });
  });

  it('grants the consumer states:StartExecution on the state machine and no sqs:SendMessage on the work queue', () => {
    const grants = consumerGrants(template);
    expect(grants.filter((g) => g.actions.includes('states:StartExecution')).flatMap((g) => g.resources)).toEqual([
      `\${${stateMachinesOf(template)[0]}}`,
    ]);
    const sendsToWorkQueue = grants.filter((g) => g.actions.includes('sqs:SendMessage') && g.resources.includes(`\${${workQueueId(template)}.Arn}`));
    expect(sendsToWorkQueue).toEqual([]);
  });

  it('keeps the executions-failed alarm', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ExecutionsFailed' });
  });

  it('fallbackToVisibilityTimeout: false sets BACKOFF_VISIBILITY_FALLBACK=false and keeps the maxReceiveCount default at 5', () => {
    const { template: off, backoff } = synthBackoffQueue({ transport: RetryTransport.stepFunctions({ fallbackToVisibilityTimeout: false }) });
    expect(environmentOf(off)[ENV.visibilityFallback]).toBe('false');
    expect(backoff.maxReceiveCount).toBe(5);
  });

  it('accepts a worst-case delay of one year less an hour (the requeue after the Wait must end within the year)', () => {
    expect(() => buildBackoffQueue({ transport: RetryTransport.stepFunctions(), policy: fixedSeconds(365 * 86_400 - 3_600), maxAttempts: 2 })).not.toThrow();
  });

  it('rejects a worst-case delay of one year less an hour plus one second, saying why', () => {
    expectRejected(
      { transport: RetryTransport.stepFunctions(), policy: fixedSeconds(365 * 86_400 - 3_599), maxAttempts: 2 },
      'the wait after failure 1 can reach 31532401 s, beyond the one-year Step Functions limit of 31532400 s (an execution must end within the year; 3600 s are kept for the requeue after the Wait)',
    );
  });

  it('bounds each SendMessage attempt of the state machine to 60 s, so that what follows the Wait fits in the hour kept for it', () => {
    // GIVEN the requeue and dead-letter Tasks as synthesized
    const tasks = sendTasksOf(template);
    expect(tasks.map((task) => task.name).sort()).toEqual(['DeadLetter', 'Requeue']);
    // THEN each attempt may take 60 s; 7 attempts each, retry waits of at most 1+2+4+8+16+30 s
    let worst = 0;
    for (const { state } of tasks) {
      expect(state.TimeoutSeconds).toBe(60);
      const [retry] = state.Retry;
      const waits = Array.from({ length: retry.MaxAttempts }, (_, k) => Math.min(retry.IntervalSeconds * retry.BackoffRate ** k, retry.MaxDelaySeconds));
      worst += (retry.MaxAttempts + 1) * state.TimeoutSeconds + waits.reduce((a, b) => a + b, 0);
    }
    expect(worst).toBe(2 * (7 * 60 + 61));
    expect(worst).toBeLessThanOrEqual(3_600);
  });
});

describe('RetryTransport.visibilityTimeout()', () => {
  let template: Template;
  let backoff: BackoffQueue;
  beforeAll(() => {
    ({ template, backoff } = synthBackoffQueue({ transport: RetryTransport.visibilityTimeout() }));
  }, SYNTH_TIMEOUT_MS);

  it('creates no state machine and leaves stateMachine undefined', () => {
    expect(stateMachinesOf(template)).toEqual([]);
    expect(backoff.stateMachine).toBeUndefined();
    expect(backoff.transportName).toBe('visibility-timeout');
  });

  it('sets BACKOFF_TRANSPORT only: no state machine ARN and no fallback switch', () => {
    const environment = environmentOf(template);
    expect(environment[ENV.transport]).toBe('visibility-timeout');
    expect(environment).not.toHaveProperty(ENV.stateMachineArn);
    expect(environment).not.toHaveProperty(ENV.visibilityFallback);
  });

  it('grants nothing on Step Functions, and sqs:ChangeMessageVisibility on the work queue through the event source grant', () => {
    const grants = consumerGrants(template);
    expect(grants.flatMap((g) => g.actions).filter((action) => action.startsWith('states:'))).toEqual([]);
    const onWorkQueue = grants.filter((g) => g.resources.includes(`\${${workQueueId(template)}.Arn}`)).flatMap((g) => g.actions);
    expect(onWorkQueue).toContain('sqs:ChangeMessageVisibility');
    expect(onWorkQueue).not.toContain('sqs:SendMessage');
  });

  it('has no executions-failed alarm, and three alarms in all', () => {
    expect(Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties.MetricName)).not.toContain('ExecutionsFailed');
    expect(backoff.alarms.executionsFailed).toBeUndefined();
    expect(backoff.metricExecutionsFailed()).toBeUndefined();
    expect(backoff.metricRetriesStarted()).toBeUndefined();
  });

  it('grantOperate grants nothing on Step Functions', () => {
    const stack = newStack();
    const queue = buildBackoffQueue({ transport: RetryTransport.visibilityTimeout() }, stack);
    const role = new iam.Role(stack, 'Operator', { assumedBy: new iam.AccountRootPrincipal() });
    queue.grantOperate(role);
    const roleId = stack.resolve((role.node.defaultChild as iam.CfnRole).logicalId) as string;
    const actions = grantsOf(Template.fromStack(stack), roleId).flatMap((g) => g.actions);
    expect(actions).toContain('sqs:PurgeQueue');
    expect(actions.filter((action) => action.startsWith('states:'))).toEqual([]);
  });

  it('defaults maxReceiveCount to maxAttempts + 1 when that is above 5', () => {
    expect(buildBackoffQueue({ transport: RetryTransport.visibilityTimeout(), maxAttempts: 8 }).maxReceiveCount).toBe(9);
  });

  it('accepts a worst-case delay of exactly 42,000 s (12 hours from the receive less 20 minutes)', () => {
    expect(() => buildBackoffQueue({ transport: RetryTransport.visibilityTimeout(), policy: fixedSeconds(42_000) })).not.toThrow();
  });

  it('rejects a worst-case delay one second over 42,000 s, naming the property, the value, the limit and why', () => {
    expectRejected(
      { transport: RetryTransport.visibilityTimeout(), policy: fixedSeconds(42_001) },
      'policy: the wait after failure 1 can reach 42001 s, beyond the 12-hour ChangeMessageVisibility limit of 42000 s (SQS counts the 12 hours from the receive; 1200 s are kept for the longest batching window and Lambda timeout): set cap or lower maxAttempts (given maxAttempts 5), or pick another transport than visibility-timeout',
    );
  });

  it('rejects a worst-case delay of exactly 12 hours, which SQS would refuse for a message received minutes earlier', () => {
    expectRejected({ transport: RetryTransport.visibilityTimeout(), policy: fixedSeconds(43_200) }, 'can reach 43200 s, beyond the 12-hour ChangeMessageVisibility limit of 42000 s');
  });
});

describe('RetryTransport.sqsDelay()', () => {
  let template: Template;
  let backoff: BackoffQueue;
  beforeAll(() => {
    ({ template, backoff } = synthBackoffQueue({ transport: RetryTransport.sqsDelay() }));
  }, SYNTH_TIMEOUT_MS);

  it('creates no state machine and sets BACKOFF_TRANSPORT=sqs-delay without a state machine ARN', () => {
    expect(stateMachinesOf(template)).toEqual([]);
    expect(backoff.stateMachine).toBeUndefined();
    expect(environmentOf(template)[ENV.transport]).toBe('sqs-delay');
    expect(environmentOf(template)).not.toHaveProperty(ENV.stateMachineArn);
  });

  it('grants the consumer sqs:SendMessage on the work queue for its delayed copies, and nothing on Step Functions', () => {
    const grants = consumerGrants(template);
    const sends = grants.filter((g) => g.actions.includes('sqs:SendMessage')).flatMap((g) => g.resources);
    expect(sends).toContain(`\${${workQueueId(template)}.Arn}`);
    expect(grants.flatMap((g) => g.actions).filter((action) => action.startsWith('states:'))).toEqual([]);
  });

  it('keeps the maxReceiveCount default at 5 and allows maxReceiveCount below maxAttempts', () => {
    expect(backoff.maxReceiveCount).toBe(5);
    expect(() => buildBackoffQueue({ transport: RetryTransport.sqsDelay(), maxAttempts: 10, maxReceiveCount: 3 })).not.toThrow();
  });

  it('accepts a worst-case delay of exactly 900 seconds', () => {
    expect(() => buildBackoffQueue({ transport: RetryTransport.sqsDelay(), policy: fixedSeconds(900) })).not.toThrow();
  });

  it('rejects a worst-case delay over 900 seconds, naming the transport', () => {
    expectRejected(
      { transport: RetryTransport.sqsDelay(), policy: fixedSeconds(901) },
      'policy: the wait after failure 1 can reach 901 s, beyond the 900-second DelaySeconds limit of 900 s: set cap or lower maxAttempts (given maxAttempts 5), or pick another transport than sqs-delay',
    );
  });

  it('rejects a FIFO queue, which takes no per-message DelaySeconds', () => {
    expectRejected(
      { transport: RetryTransport.sqsDelay(), queueProps: { fifo: true } },
      'transport must be stepFunctions, visibilityTimeout or auto for a FIFO queue, which takes no per-message DelaySeconds (given sqsDelay)',
    );
  });
});

describe('RetryTransport.auto()', () => {
  let template: Template;
  beforeAll(() => {
    ({ template } = synthBackoffQueue({ transport: RetryTransport.auto() }));
  }, SYNTH_TIMEOUT_MS);

  it('creates the state machine for long delays and sets BACKOFF_TRANSPORT=auto with the fallback on', () => {
    expect(stateMachinesOf(template)).toHaveLength(1);
    expect(environmentOf(template)).toMatchObject({ [ENV.transport]: 'auto', [ENV.visibilityFallback]: 'true' });
  });

  it('grants both states:StartExecution and sqs:SendMessage on the work queue', () => {
    const grants = consumerGrants(template);
    expect(grants.flatMap((g) => g.actions)).toContain('states:StartExecution');
    expect(grants.filter((g) => g.actions.includes('sqs:SendMessage')).flatMap((g) => g.resources)).toContain(`\${${workQueueId(template)}.Arn}`);
  });

  it('fallbackToVisibilityTimeout: false sets BACKOFF_VISIBILITY_FALLBACK=false', () => {
    const { template: off } = synthBackoffQueue({ transport: RetryTransport.auto({ fallbackToVisibilityTimeout: false }) });
    expect(environmentOf(off)[ENV.visibilityFallback]).toBe('false');
  });

  it('accepts a worst-case delay of one year less an hour on a standard queue', () => {
    expect(() => buildBackoffQueue({ transport: RetryTransport.auto(), policy: fixedSeconds(365 * 86_400 - 3_600), maxAttempts: 2 })).not.toThrow();
  });

  it('binds as visibility-timeout on a FIFO queue: no state machine, delays up to 42,000 s', () => {
    const { template: fifo, backoff } = synthBackoffQueue({ transport: RetryTransport.auto(), queueProps: { fifo: true } });
    expect(backoff.transportName).toBe('visibility-timeout');
    expect(environmentOf(fifo)[ENV.transport]).toBe('visibility-timeout');
    expect(stateMachinesOf(fifo)).toEqual([]);
    expectRejected(
      { transport: RetryTransport.auto(), queueProps: { fifo: true }, policy: fixedSeconds(42_001) },
      'can reach 42001 s, beyond the 12-hour ChangeMessageVisibility limit of 42000 s (SQS counts the 12 hours from the receive',
    );
    expect(() => buildBackoffQueue({ transport: RetryTransport.auto(), queueProps: { fifo: true }, policy: fixedSeconds(42_000) })).not.toThrow();
  });
});

describe('FIFO queues', () => {
  it('default to the visibility-timeout transport, with no Step Functions resources', () => {
    const { template, backoff } = synthBackoffQueue({ queueProps: { fifo: true } });
    expect(backoff.transportName).toBe('visibility-timeout');
    expect(stateMachinesOf(template)).toEqual([]);
    expect(logicalIdsOf(template, 'AWS::Logs::LogGroup')).toHaveLength(1); // the consumer's only
  });

  it('still allow stepFunctions, which makes the state machine', () => {
    const { template } = synthBackoffQueue({ queueProps: { fifo: true }, transport: RetryTransport.stepFunctions() });
    expect(stateMachinesOf(template)).toHaveLength(1);
  });
});

describe('maxReceiveCount against maxAttempts', () => {
  it.each([
    ['stepFunctions()', () => RetryTransport.stepFunctions(), 'step-functions'],
    ['visibilityTimeout()', () => RetryTransport.visibilityTimeout(), 'visibility-timeout'],
    ['auto()', () => RetryTransport.auto(), 'auto'],
  ])('%s rejects maxReceiveCount equal to maxAttempts, naming both', (_label, transport, name) => {
    expectRejected(
      { transport: transport(), maxAttempts: 5, maxReceiveCount: 5 },
      `maxReceiveCount must be at least maxAttempts + 1 (6) with the ${name} transport, which may delay a message by visibility timeout so that every attempt is one more receipt: SQS redrive would otherwise dead-letter it without its reason (given maxReceiveCount 5 with maxAttempts 5)`,
    );
  });

  it('accepts maxReceiveCount of exactly maxAttempts + 1', () => {
    expect(buildBackoffQueue({ maxAttempts: 5, maxReceiveCount: 6 }).maxReceiveCount).toBe(6);
  });

  it('does not apply to stepFunctions without its fallback', () => {
    expect(() =>
      buildBackoffQueue({ transport: RetryTransport.stepFunctions({ fallbackToVisibilityTimeout: false }), maxAttempts: 5, maxReceiveCount: 5 }),
    ).not.toThrow();
  });

  it('applies to auto on a FIFO queue even without the fallback, since it binds as visibility-timeout', () => {
    expectRejected(
      { transport: RetryTransport.auto({ fallbackToVisibilityTimeout: false }), queueProps: { fifo: true }, maxAttempts: 5, maxReceiveCount: 5 },
      'maxReceiveCount must be at least maxAttempts + 1 (6) with the visibility-timeout transport',
    );
  });

  it('defaults to maxAttempts + 1 and sets the redrive policy and BACKOFF_MAX_RECEIVE_COUNT to it', () => {
    const { template } = synthBackoffQueue({ maxAttempts: 10 });
    template.hasResourceProperties('AWS::SQS::Queue', { RedrivePolicy: Match.objectLike({ maxReceiveCount: 11 }) });
    expect(environmentOf(template)[ENV.maxReceiveCount]).toBe('11');
  });
});

describe('RetryTransport', () => {
  it.each([
    ['stepFunctions', RetryTransport.stepFunctions(), 'step-functions', 365 * 86_400 - 3_600],
    ['visibilityTimeout', RetryTransport.visibilityTimeout(), 'visibility-timeout', 42_000],
    ['sqsDelay', RetryTransport.sqsDelay(), 'sqs-delay', 900],
    ['auto', RetryTransport.auto(), 'auto', 365 * 86_400 - 3_600],
  ])('%s() declares its name and its longest delay', (_factory, transport, name, maxSeconds) => {
    expect(transport.transportName).toBe(name);
    expect(transport.maxDelay.toSeconds()).toBe(maxSeconds);
  });

  it('defaultFor picks stepFunctions for standard queues and visibilityTimeout for FIFO queues', () => {
    expect(RetryTransport.defaultFor(false).transportName).toBe('step-functions');
    expect(RetryTransport.defaultFor(true).transportName).toBe('visibility-timeout');
  });

  it('is validated before anything is created: a FIFO sqsDelay leaves the stack empty of queues', () => {
    const stack = newStack();
    expect(() => new BackoffQueue(stack, 'Orders', { consumer: BackoffConsumer.nodejs({ entry: 'unused.ts' }), transport: RetryTransport.sqsDelay(), queueProps: { fifo: true } })).toThrow(
      BackoffValidationError,
    );
    expect(stack.node.findAll().filter((c) => c.node.id === 'Queue')).toEqual([]);
  });
});
