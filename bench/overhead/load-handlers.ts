import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { TransportName } from '../../lambda/contract';
import type * as Runtime from '../../lambda/runtime';
import { oursHandler } from './ours-handler';
import { powertoolsHandler } from './powertools-handler';
import type { StubClients } from './stub-clients';

export type BatchHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/** Paths of the two bundles a worker loads. */
export interface HandlerBundles {
  readonly ours: string;
  readonly powertools: string;
}

/** Requires one bundle and wraps the no-op handler with it; `transport` is ours only. */
export function loadHandler(
  impl: 'ours' | 'powertools',
  bundles: HandlerBundles,
  failing: ReadonlySet<string>,
  failure: Error,
  clients: StubClients,
  transport: TransportName = 'step-functions',
): BatchHandler {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = (path: string): unknown => require(path);
  return impl === 'ours'
    ? oursHandler(load(bundles.ours) as typeof Runtime, failing, failure, clients, transport)
    : powertoolsHandler(load(bundles.powertools) as Parameters<typeof powertoolsHandler>[0], failing, failure);
}
