/**
 * Everything the CLI knows about a deployment comes from its CloudFormation stack: the outputs
 * the example app and `BackoffQueue` users export (`QueueUrl`, `DeadLetterQueueUrl`,
 * `StateMachineArn`, …) and, for alarms, the stack's resources.
 */
import {
  CloudFormationClient,
  DescribeStacksCommand,
  ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import { STACK_OUTPUTS } from '../../lambda/stackOutputNames';
import { describeError, ErrorContext, errorName, notFoundError, OpsError } from './errors';

export interface StackInfo {
  readonly name: string;
  readonly status: string;
  readonly outputs: Readonly<Record<string, string>>;
}

/** The output names the commands read (`lambda/stackOutputNames.ts`). */
export const OUTPUT = STACK_OUTPUTS;

/** DescribeStacks, with "not found" turned into exit code 4 and a hint about the region. */
export async function describeStack(cfn: CloudFormationClient, stack: string, ctx: ErrorContext = {}): Promise<StackInfo> {
  let found;
  try {
    found = (await cfn.send(new DescribeStacksCommand({ StackName: stack }))).Stacks?.[0];
  } catch (err) {
    // Only "no such stack" is decided here; anything else (credentials, network) is mapped by
    // the CLI, which knows the endpoint.
    if (errorName(err) === 'ValidationError' && /does not exist/i.test((err as Error).message)) {
      const mapped = describeError(err, { ...ctx, stack });
      throw new OpsError(mapped.message, mapped.exitCode, { cause: err });
    }
    throw err;
  }
  if (!found) throw notFoundError(`stack "${stack}" not found${ctx.region ? ` in ${ctx.region}` : ''} — check the name and --region or AWS_REGION`);
  const outputs: Record<string, string> = {};
  for (const o of found.Outputs ?? []) {
    if (o.OutputKey && o.OutputValue !== undefined) outputs[o.OutputKey] = o.OutputValue;
  }
  return { name: found.StackName ?? stack, status: found.StackStatus ?? 'UNKNOWN', outputs };
}

/** One output, or exit code 4 naming the outputs the stack does have. */
export function requireOutput(info: StackInfo, key: string): string {
  const value = info.outputs[key];
  if (value) return value;
  const have = Object.keys(info.outputs);
  throw notFoundError(
    `stack "${info.name}" (${info.status}) has no output ${key} — is it a sqs-backoff stack? ` +
      `(outputs: ${have.length ? have.join(', ') : 'none'})`,
  );
}

/**
 * The CloudWatch alarm names of a stack: outputs whose key mentions an alarm, plus the physical
 * ids of its `AWS::CloudWatch::Alarm` resources (an emulator may not list resources; outputs
 * still work then).
 */
export async function stackAlarmNames(cfn: CloudFormationClient, info: StackInfo): Promise<string[]> {
  const names = new Set<string>();
  for (const [key, value] of Object.entries(info.outputs)) {
    if (/alarm/i.test(key) && value && !value.startsWith('arn:aws:sns')) {
      // An output may hold one name, or several separated by commas.
      for (const name of value.split(',').map((s) => s.trim())) {
        if (name) names.add(name.startsWith('arn:') ? name.slice(name.indexOf(':alarm:') + ':alarm:'.length) : name);
      }
    }
  }
  try {
    let token: string | undefined;
    do {
      const page = await cfn.send(new ListStackResourcesCommand({ StackName: info.name, NextToken: token }));
      for (const r of page.StackResourceSummaries ?? []) {
        if (r.ResourceType === 'AWS::CloudWatch::Alarm' && r.PhysicalResourceId) names.add(r.PhysicalResourceId);
      }
      token = page.NextToken;
    } while (token);
  } catch {
    // Outputs are enough; a missing ListStackResources permission must not fail `status`.
  }
  return [...names];
}
