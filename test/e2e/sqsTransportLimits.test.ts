/** The SQS limits the delay transports rely on, as MiniStack enforces them (queues of its own). */
import { e2eContext, runTag } from '../helpers/e2eClients';
import { describeSqsTransportLimits } from '../helpers/sqsLimitSuite';

const context = e2eContext();
describeSqsTransportLimits('MiniStack', () => context.sqs, runTag('mslim'));
