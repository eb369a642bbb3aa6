/**
 * A mixed fleet: one queue whose consumer changes language between retries. Two copies of the
 * example app with the same policy (fixed 4 s, 4 attempts), one with the Python consumer
 * (SqsBackoffMixPy, whose queue, state machine and DLQ carry the messages) and one with the
 * Node.js consumer (SqsBackoffMixNode, whose function is given MixPy's consumer environment). The
 * work queue's event source mapping points at one function; once both messages failed twice
 * there (two parks each), it is pointed at the other, which must continue with attempt 3: the
 * same `x-backoff`, execution names, park input and dead-letter reasons in both languages.
 */
import { GetFunctionConfigurationCommand, ListEventSourceMappingsCommand, UpdateEventSourceMappingCommand } from '@aws-sdk/client-lambda';
import { GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoMessage } from '../../scripts/flow/demoMessage';
import { drainOnce } from '../../scripts/flow/drainQueue';
import { MessageLedger, backoffMetadataOf } from '../../scripts/flow/messageLedger';
import { DemoOutputs } from '../../scripts/flow/stackOutputs';
import { e2eContext, eventually, runTag } from '../helpers/e2eClients';
import { ConsumerEnvironment, Environment, listExecutions } from '../helpers/faultInjection';
import { VARIANT_DEPLOY_TIMEOUT_MS, deployVariant } from '../helpers/variantStack';

const POLICY = { policy: 'fixed', base: '4' };
const WAIT_SECONDS = 4;
const MAX_ATTEMPTS = 4;

describe('a mixed fleet: messages that failed twice on one language continue on the other', () => {
  const { sqs, sfn, lambda } = e2eContext();
  let py: DemoOutputs;
  let functions: { python: string; nodejs: string };
  let mappingId: string;
  let nodeOriginal: Environment;
  const nodeEnvironment = () => new ConsumerEnvironment(lambda, functions.nodejs);

  beforeAll(async () => {
    const [python, nodejs] = await Promise.all([
      deployVariant('MixPy', { language: 'python', ...POLICY }),
      deployVariant('MixNode', { language: 'nodejs', ...POLICY }),
    ]);
    py = python;
    functions = { python: python.ConsumerFunctionName, nodejs: nodejs.ConsumerFunctionName };
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: py.QueueUrl, AttributeNames: ['QueueArn'] }));
    const { EventSourceMappings } = await lambda.send(new ListEventSourceMappingsCommand({ EventSourceArn: Attributes!.QueueArn }));
    expect(EventSourceMappings).toHaveLength(1);
    mappingId = EventSourceMappings![0].UUID!;
    // The Node.js function works for MixPy's queues while it is in the fleet.
    nodeOriginal = await nodeEnvironment().read();
    const pyConfig = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functions.python }));
    await nodeEnvironment().write({ ...nodeOriginal, ...pyConfig.Environment!.Variables });
  }, VARIANT_DEPLOY_TIMEOUT_MS);

  afterAll(async () => {
    if (mappingId !== undefined) await pointQueueAt('python');
    if (nodeOriginal !== undefined) await nodeEnvironment().write(nodeOriginal);
  });

  async function pointQueueAt(language: keyof typeof functions): Promise<void> {
    await lambda.send(new UpdateEventSourceMappingCommand({ UUID: mappingId, FunctionName: functions[language] }));
  }

  /** Sends a message that fails twice and one that always fails; switches language after both parked twice. */
  async function runAcross(first: keyof typeof functions, then: keyof typeof functions) {
    await pointQueueAt(first);
    const tag = runTag(`mix${first}`);
    const ids = { flaky: `${tag}-flaky`, doomed: `${tag}-doomed` };
    const started = Date.now();
    for (const body of [{ id: ids.flaky, failTimes: 2 }, { id: ids.doomed, failTimes: 1_000 }]) {
      const { body: text, attributes } = demoMessage(body);
      await sqs.send(new SendMessageCommand({ QueueUrl: py.QueueUrl, MessageBody: text, MessageAttributes: attributes }));
    }
    const parksOnFirst = await eventually('both messages parked twice', async () => {
      const executions = (await listExecutions(sfn, py.StateMachineArn)).filter((execution) => execution.startDate!.getTime() >= started);
      return executions.length >= 4 ? executions : undefined;
    }, 60_000, 200);
    await pointQueueAt(then);
    const switchedAfterSeconds = (Date.now() - started) / 1000;
    const ledger = new MessageLedger();
    await eventually('both outcomes', async () => {
      for (const message of await drainOnce(sqs, py.ProcessedQueueUrl, 1)) ledger.recordProcessed(message);
      for (const message of await drainOnce(sqs, py.DeadLetterQueueUrl, 0)) ledger.recordDeadLetter(message);
      return ledger.processedReports(ids.flaky).length > 0 && ledger.deadLetters(ids.doomed).length > 0 ? true : undefined;
    }, 120_000, 0);
    return { ids, ledger, parksOnFirst, switchedAfterSeconds };
  }

  it.each([
    ['nodejs', 'python'],
    ['python', 'nodejs'],
  ] as const)('failed twice on %s, processed as attempt 3 on %s; a doomed message dead-lettered exhausted after 4 attempts across both', async (first, then) => {
    const { ids, ledger, parksOnFirst, switchedAfterSeconds } = await runAcross(first, then);
    // The switch came before any third attempt could start: both second parks were still waiting.
    expect(parksOnFirst).toHaveLength(4);
    expect(parksOnFirst.filter((execution) => execution.status === 'RUNNING').length).toBeGreaterThanOrEqual(2);
    expect(switchedAfterSeconds).toBeLessThan(3 * WAIT_SECONDS);
    expect(ledger.processedReports(ids.flaky).map((report) => report.attempt)).toEqual([3]);
    const [entry] = ledger.deadLetters(ids.doomed);
    expect(entry).toMatchObject({ reason: 'exhausted', attempts: MAX_ATTEMPTS });
    expect(entry.message.Body).toBe(JSON.stringify({ id: ids.doomed, failTimes: 1_000 }));
    expect(backoffMetadataOf(entry.message)?.lastError).toEqual({ name: 'DemoTransientError', message: `message ${ids.doomed}: simulated failure 4 of 1000` });
  }, 180_000);
});
