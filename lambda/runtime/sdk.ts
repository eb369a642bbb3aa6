import type { SFNClient } from '@aws-sdk/client-sfn';
import type { SQSClient } from '@aws-sdk/client-sqs';

/**
 * The AWS SDK clients, loaded on first use. Requiring `@aws-sdk/client-sfn` and
 * `@aws-sdk/client-sqs` costs tens of milliseconds of every cold start (most of the runtime's
 * cold load; docs/performance.md), yet only a parked or dead-lettered message needs them: a
 * consumer whose messages succeed never loads them. Once loaded, the modules and the default
 * clients live for the rest of the execution environment, shared by every `withBackoff`.
 *
 * Plain `require`, not `import()`: synchronous, and esbuild leaves a `require` of an external
 * module (the construct bundles with `@aws-sdk/*` external) as it is. Should loading fail, the
 * park or dead-letter that needed it fails and the message is left for SQS redelivery.
 */
export type SfnModule = typeof import('@aws-sdk/client-sfn');
export type SqsModule = typeof import('@aws-sdk/client-sqs');

let sfnModule: SfnModule | undefined;
let sqsModule: SqsModule | undefined;
let defaultSfn: SFNClient | undefined;
let defaultSqs: SQSClient | undefined;

/** `@aws-sdk/client-sfn`, required on the first call. */
export function sfnSdk(): SfnModule {
  return (sfnModule ??= require('@aws-sdk/client-sfn') as SfnModule);
}

/** `@aws-sdk/client-sqs`, required on the first call. */
export function sqsSdk(): SqsModule {
  return (sqsModule ??= require('@aws-sdk/client-sqs') as SqsModule);
}

/** The injected client, else the execution environment's default one (created on first use). */
export function sfnClient(injected: SFNClient | undefined): SFNClient {
  return injected ?? (defaultSfn ??= new (sfnSdk().SFNClient)({}));
}

/** The injected client, else the execution environment's default one (created on first use). */
export function sqsClient(injected: SQSClient | undefined): SQSClient {
  return injected ?? (defaultSqs ??= new (sqsSdk().SQSClient)({}));
}

/** Whether either SDK module has been required by this runtime (for tests of the lazy loading). */
export function sdkLoaded(): { readonly sfn: boolean; readonly sqs: boolean } {
  return { sfn: sfnModule !== undefined, sqs: sqsModule !== undefined };
}
