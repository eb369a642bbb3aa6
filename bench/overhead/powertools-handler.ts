import type * as Batch from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

/**
 * Powertools' documented SQS pattern around the same no-op handler: `BatchProcessor(EventType.SQS)`
 * created once, `processPartialResponse` per invocation; failures become batchItemFailures.
 *
 * @param batch `@aws-lambda-powertools/batch`: its esbuild bundle, as a consumer would deploy it
 */
export function powertoolsHandler(
  batch: Pick<typeof Batch, 'BatchProcessor' | 'EventType' | 'processPartialResponse'>,
  failing: ReadonlySet<string>,
  failure: Error,
): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  const processor = new batch.BatchProcessor(batch.EventType.SQS);
  const noOpHandler = async (record: SQSRecord): Promise<void> => {
    if (failing.has(record.messageId)) throw failure;
  };
  return (event, context) => batch.processPartialResponse(event, noOpHandler, processor, { context }) as Promise<SQSBatchResponse>;
}
