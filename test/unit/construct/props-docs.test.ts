/**
 * The props style rules, checked on the source: every optional prop documents its default and
 * an AWS reference; every number or duration documents its valid range; times are Durations.
 */
import { describe, expect, it } from 'vitest';
import { documentedProps } from '../../../scripts/docs/documentedProps';

const FILES = [
  'lib/backoff-queue.ts', 'lib/backoff-consumer-props.ts', 'lib/retry-state-machine.ts', 'lib/backoff-alarms.ts',
  'lib/retry-transport.ts', 'lib/retry-transport-binding.ts', 'lib/backoff-queries.ts', 'lib/backoff-dashboard.ts',
];
const props = FILES.flatMap(documentedProps);
const optional = props.filter((prop) => prop.optional);
const ranged = props.filter((prop) => ['number', 'Duration'].includes(prop.type));
const label = (prop: (typeof props)[number]) => [`${prop.interfaceName}.${prop.name}`, prop] as const;

describe('props documentation', () => {
  it('finds the props interfaces it checks', () => {
    expect(new Set(props.map((prop) => prop.interfaceName))).toEqual(
      new Set([
        'BackoffQueueProps', 'BackoffWorkQueueProps', 'BackoffConsumerFunctionOptions', 'NodejsConsumerProps',
        'PythonConsumerProps', 'BackoffEventSourceOptions', 'RetryStateMachineProps', 'BackoffAlarmsProps', 'BackoffAlarmMetrics', 'BackoffAlarmSet',
        'StepFunctionsTransportOptions', 'AutoTransportOptions', 'RetryTransportBindOptions', 'RetryTransportConfig',
        'BackoffAlarmOptions', 'DeadLettersByReasonAlarmOptions', 'BackoffAlarmsOptions', 'BackoffQueriesProps', 'BackoffWidgetSources',
      ]),
    );
  });

  it.each(optional.map(label))('%s has a @default that is a literal or "- <what happens>"', (_, prop) => {
    expect(prop.default).toMatch(/^(- \S.*|[^-\s].*)$/);
  });

  it.each(optional.map(label))('%s links an AWS document with @see', (_, prop) => {
    expect(prop.see.some((link) => /^https:\/\/(docs\.)?aws\.amazon\.com\//.test(link))).toBe(true);
  });

  it.each(ranged.map(label))('%s states its valid range', (_, prop) => {
    // Both ends (`a to b`) or an open upper end (`≥ n`); a bare "Valid range:" with any text is not a range.
    expect(prop.description).toMatch(/Valid range: (?:[^\n]*\S to \S|≥ \d)/);
  });

  it('expresses no time as a number of seconds', () => {
    expect(props.filter((prop) => /InSeconds$|Seconds$|Secs$/.test(prop.name)).map((prop) => prop.name)).toEqual([]);
  });
});
