import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** The placeholder the message-history query asks to be replaced (saved queries take no parameters). */
export const MESSAGE_ID_PLACEHOLDER = 'ORIGINAL-MESSAGE-ID';

/** Properties of {@link BackoffQueries}. */
export interface BackoffQueriesProps {
  /** The consumer's log group, where the runtime's decision lines are. */
  readonly logGroup: logs.ILogGroup;
  /** Folder of the saved queries in the Logs Insights console (`<prefix>/…`). */
  readonly prefix: string;
}

/**
 * Saved Logs Insights queries over the consumer's decision lines (lambda/runtime/logger.ts): dead
 * letters by reason, one message's whole history by its original message id, and fallbacks (run
 * over the last hour, the console's default range: a saved query keeps no time range).
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax.html
 */
export class BackoffQueries extends Construct {
  public readonly deadLettersByReason: logs.QueryDefinition;
  public readonly messageHistory: logs.QueryDefinition;
  public readonly fallbacks: logs.QueryDefinition;

  constructor(scope: Construct, id: string, props: BackoffQueriesProps) {
    super(scope, id);
    const logGroups = [props.logGroup];
    this.deadLettersByReason = new logs.QueryDefinition(this, 'DeadLettersByReason', {
      queryDefinitionName: `${props.prefix}/dead letters by reason`,
      logGroups,
      queryString: new logs.QueryString({
        filterStatements: ['msg = "dead-lettered"'],
        statsStatements: ['count(*) as deadLetters by reason'],
        sort: 'deadLetters desc',
      }),
    });
    this.messageHistory = new logs.QueryDefinition(this, 'MessageHistory', {
      queryDefinitionName: `${props.prefix}/message history (replace ${MESSAGE_ID_PLACEHOLDER})`,
      logGroups,
      queryString: new logs.QueryString({
        fields: ['@timestamp', 'level', 'msg', 'attempt', 'delaySeconds', 'transport', 'fallback', 'reason', 'error.message', 'requestId', 'traceId', 'messageId'],
        filterStatements: [`originalMessageId = "${MESSAGE_ID_PLACEHOLDER}" or messageId = "${MESSAGE_ID_PLACEHOLDER}"`],
        sort: '@timestamp asc',
      }),
    });
    this.fallbacks = new logs.QueryDefinition(this, 'Fallbacks', {
      queryDefinitionName: `${props.prefix}/fallbacks (last hour)`,
      logGroups,
      queryString: new logs.QueryString({
        filterStatements: ['ispresent(fallback)'],
        statsStatements: ['count(*) as fallbacks by fallback, bin(5m)'],
        sort: 'fallbacks desc',
      }),
    });
  }
}
