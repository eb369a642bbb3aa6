// The part of Powertools the baseline uses, bundled like a consumer would bundle it.
export { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
