/**
 * The Python smoke app's stack in TypeScript, for `npm run bench:jsii`'s synth comparison:
 * the same resources, timed the same way (imports, then construct + synth).
 * Usage: tsx test/jsii/typescript/smokeApp.ts <outdir>   (prints {"import": s, "synth": s})
 */
const started = performance.now();
/* eslint-disable @typescript-eslint/no-require-imports */
const cdk: typeof import('aws-cdk-lib') = require('aws-cdk-lib');
const lambda: typeof import('aws-cdk-lib/aws-lambda') = require('aws-cdk-lib/aws-lambda');
const sns: typeof import('aws-cdk-lib/aws-sns') = require('aws-cdk-lib/aws-sns');
const backoff: typeof import('../../../lib') = require('../../../lib');
const imported = performance.now();

const app = new cdk.App({ outdir: process.argv[2] });
const stack = new cdk.Stack(app, 'TypeScriptSmoke');
const existing = new lambda.Function(stack, 'ExistingConsumer', {
  runtime: lambda.Runtime.NODEJS_22_X,
  handler: 'index.handler',
  code: lambda.Code.fromInline('exports.handler = async () => ({ batchItemFailures: [] });'),
  timeout: cdk.Duration.seconds(20),
});
new backoff.BackoffQueue(stack, 'Orders', {
  consumer: backoff.BackoffConsumer.fromFunction(existing),
  policy: backoff.BackoffPolicy.exponential({ base: cdk.Duration.seconds(2), cap: cdk.Duration.minutes(5) }),
  maxAttempts: 6,
  queueProps: { fifo: true },
  transport: backoff.RetryTransport.visibilityTimeout(),
  alarmTopic: new sns.Topic(stack, 'Ops'),
});
new backoff.BackoffQueue(stack, 'Payments', {
  consumer: backoff.BackoffConsumer.python({ code: lambda.Code.fromAsset(`${__dirname}/../python/consumer`), handler: 'orders.handler' }),
});
app.synth();
const synthesized = performance.now();
console.log(JSON.stringify({ import: (imported - started) / 1000, synth: (synthesized - imported) / 1000 }));
