/**
 * Checks what a Java or Go smoke app synthesized: the same stack as the Python smoke app (a FIFO
 * queue on visibilityTimeout with an existing Node function, maxAttempts 6). Throws on the first
 * mismatch (aws-cdk-lib/assertions), so `npm run test:java` / `test:go` exit non-zero.
 * Usage: tsx scripts/jsii/checkSmoke.ts <language> <template.json> [error.txt]
 */
import { readFileSync } from 'node:fs';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { MAX_ATTEMPTS } from '../../lambda/limits';

export function checkSmokeTemplate(template: Template): void {
  template.hasResourceProperties('AWS::SQS::Queue', Match.objectLike({ FifoQueue: true, RedrivePolicy: Match.objectLike({ maxReceiveCount: 7 }) }));
  template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { FunctionResponseTypes: ['ReportBatchItemFailures'], BatchSize: 1 });
  template.hasResourceProperties('AWS::Lambda::Function', {
    Environment: { Variables: Match.objectLike({ BACKOFF_TRANSPORT: 'visibility-timeout', BACKOFF_MAX_ATTEMPTS: '6', BACKOFF_MAX_RECEIVE_COUNT: '7' }) },
  });
  // DLQ messages and arrivals, oldest message age, consumer errors and throttles, fallbacks, dead
  // letters too-large and redelivered (no state machine on this transport), and their composite.
  template.resourceCountIs('AWS::CloudWatch::Alarm', 8);
  template.resourceCountIs('AWS::CloudWatch::CompositeAlarm', 1);
  template.resourceCountIs('AWS::StepFunctions::StateMachine', 0);
}

/**
 * The error file holds the thrown class on its first line and the message after it, which must
 * name the prop, the value and the range (the range from lambda/limits.ts, its one home).
 */
export function checkSmokeError(errorText: string): void {
  const named = ['maxAttempts', '(given 0)', `between ${MAX_ATTEMPTS.min} and ${MAX_ATTEMPTS.max}`];
  if (!named.every((part) => errorText.includes(part))) {
    throw new Error(`the invalid maxAttempts did not raise an error naming the prop, the value and the range: ${errorText}`);
  }
}

if (require.main === module) {
  const [language, templatePath, errorPath] = process.argv.slice(2);
  checkSmokeTemplate(Template.fromJSON(JSON.parse(readFileSync(templatePath, 'utf8'))));
  if (errorPath !== undefined) checkSmokeError(readFileSync(errorPath, 'utf8'));
  console.log(`${language} smoke app: template and error as expected${errorPath === undefined ? '' : ` (${readFileSync(errorPath, 'utf8').split('\n')[0]})`}`);
}
