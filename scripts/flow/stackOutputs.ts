import { REQUIRED_STACK_OUTPUTS, STACK_OUTPUTS } from '../../lambda/stackOutputNames';
import type { Outputs } from '../deployLocal';

/** The example stack's outputs that the demo, the load run and the end-to-end tests drive. */
export type DemoOutputs = Outputs;

/** The output names fixed by the spec. */
export const REQUIRED_OUTPUTS = REQUIRED_STACK_OUTPUTS;

/** Transports that park without Step Functions: their stacks have no `StateMachineArn`. */
const WITHOUT_STATE_MACHINE: readonly string[] = ['visibility-timeout', 'sqs-delay'];

export function assertDemoOutputs(outputs: Record<string, string>): DemoOutputs {
  const withoutStateMachine = WITHOUT_STATE_MACHINE.includes(outputs[STACK_OUTPUTS.transport]);
  const required = REQUIRED_OUTPUTS.filter((name) => !(withoutStateMachine && name === STACK_OUTPUTS.stateMachineArn));
  const missing = required.filter((name) => !outputs[name]);
  if (missing.length > 0) {
    throw new Error(`the deployed stack lacks the outputs ${missing.join(', ')} (has ${Object.keys(outputs).join(', ')})`);
  }
  return outputs as DemoOutputs;
}
