import { CfnResource } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct, IConstruct } from 'constructs';

/**
 * For emulators that cannot run Lambda (LocalStack without Docker): `BackoffQueue` needs a
 * consumer, so it gets a function that is only named, never deployed. Its event source mapping
 * is taken out again by `removeEventSourceMappings`, because creating a mapping to a missing
 * function fails the whole deploy. Queues, state machine and alarms stay exactly as with a consumer.
 */
export function placeholderConsumer(scope: Construct, functionName: string): lambda.IFunction {
  return lambda.Function.fromFunctionName(scope, 'NoConsumer', functionName);
}

/** Removes the event source mappings `BackoffQueue` attached to the placeholder; returns how many. */
export function removeEventSourceMappings(placeholder: lambda.IFunction): number {
  const mappings = placeholder.node.children.filter(isEventSourceMapping);
  for (const mapping of mappings) placeholder.node.tryRemoveChild(mapping.node.id);
  return mappings.length;
}

/** By the CloudFormation type it synthesizes, not `instanceof`, which two copies of aws-cdk-lib defeat. */
function isEventSourceMapping(child: IConstruct): boolean {
  const resource = child.node.defaultChild;
  return resource !== undefined && CfnResource.isCfnResource(resource) && resource.cfnResourceType === 'AWS::Lambda::EventSourceMapping';
}
