/** The SQS limits the delay transports rely on, as LocalStack enforces them (queues of its own). */
import { runTag } from '../helpers/e2eClients';
import { localstackContext } from '../helpers/localstackClients';
import { describeSqsTransportLimits } from '../helpers/sqsLimitSuite';

const context = localstackContext();
describeSqsTransportLimits('LocalStack', () => context.sqs, runTag('lslim'));
