import { REQUIRED_STACK_OUTPUTS } from '../../lambda/stackOutputNames';
import type { Outputs } from '../deployLocal';

/** The example stack's outputs that the demo, the load run and the end-to-end tests drive. */
export type DemoOutputs = Outputs;

/** The output names fixed by the spec. */
export const REQUIRED_OUTPUTS = REQUIRED_STACK_OUTPUTS;

export function assertDemoOutputs(outputs: Record<string, string>): DemoOutputs {
  const missing = REQUIRED_OUTPUTS.filter((name) => !outputs[name]);
  if (missing.length > 0) {
    throw new Error(`the deployed stack lacks the outputs ${missing.join(', ')} (has ${Object.keys(outputs).join(', ')})`);
  }
  return outputs as DemoOutputs;
}
