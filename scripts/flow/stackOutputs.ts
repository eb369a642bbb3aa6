/** The example stack's outputs that the demo, the load run and the end-to-end tests drive. */
export interface DemoOutputs {
  readonly QueueUrl: string;
  readonly DeadLetterQueueUrl: string;
  readonly StateMachineArn: string;
  readonly ProcessedQueueUrl: string;
  readonly [name: string]: string;
}

const REQUIRED = ['QueueUrl', 'DeadLetterQueueUrl', 'StateMachineArn', 'ProcessedQueueUrl'] as const;

export function assertDemoOutputs(outputs: Record<string, string>): DemoOutputs {
  const missing = REQUIRED.filter((name) => !outputs[name]);
  if (missing.length > 0) {
    throw new Error(`the deployed stack lacks the outputs ${missing.join(', ')} (has ${Object.keys(outputs).join(', ')})`);
  }
  return outputs as DemoOutputs;
}
