import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { IConstruct } from 'constructs';

/**
 * Recognising the constructs a user hands in without `instanceof`: an app that pins another
 * aws-cdk-lib than this package was built with may load two copies of it, and a class of one
 * copy is not the class of the other. Like aws-cdk's own `Resource.isOwnedResource`, these look
 * at what the construct can do and at the CloudFormation type of its default child, which every
 * copy shares.
 */

/** The CloudFormation type of the construct's L1 child, when the construct owns one. */
export function cfnTypeOf(construct: IConstruct): string | undefined {
  const child = construct.node.defaultChild as { cfnResourceType?: unknown } | undefined;
  return typeof child?.cfnResourceType === 'string' ? child.cfnResourceType : undefined;
}

/** A `lambda.Function` (or `NodejsFunction`) defined in this app, from any copy of aws-cdk-lib. */
export function isOwnedFunction(fn: lambda.IFunction): fn is lambda.Function {
  return typeof (fn as Partial<lambda.Function>).addEnvironment === 'function' && cfnTypeOf(fn) === 'AWS::Lambda::Function';
}

/** A queue defined in this app rather than imported by ARN or attributes. */
export function isOwnedQueue(queue: sqs.IQueue): boolean {
  return cfnTypeOf(queue) === 'AWS::SQS::Queue';
}

/** The runtime name (`python3.13`, `nodejs22.x`) of a function of this app; `undefined` for an imported one. */
export function runtimeNameOf(fn: lambda.IFunction): string | undefined {
  if (!isOwnedFunction(fn)) return undefined;
  const name: unknown = (fn as Partial<lambda.Function>).runtime?.name;
  return typeof name === 'string' ? name : undefined;
}
