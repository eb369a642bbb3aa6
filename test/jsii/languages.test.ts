/**
 * The construct as a jsii package, built once by this file's beforeAll (test/jsii/buildPackage.ts):
 * API.md, the Python wheel, a Python CDK app on it, the generated .NET, Java and Go code, and a
 * Java CDK app compiled with Maven. One file so that the two-minute build runs once, in a worker
 * beside the other projects. `npm run test:go` builds the Go app (not here: its first module
 * download takes about three minutes).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { BackoffPolicy, JitterStrategy, SeededRandom } from '../../lib';
import { REPO } from '../../scripts/jsii/stage';
import { buildPackage } from './buildPackage';
import { JSII_PATHS } from './paths';
import { WheelContents, wheelContents } from './wheelContents';

beforeAll(() => {
  buildPackage();
}, 900_000);

describe('API.md', () => {
  it('is what jsii-docgen generates from the doc comments (run `npm run package:jsii` when this fails)', () => {
    // GIVEN the reference generated from this tree's assembly by beforeAll
    const fresh = readFileSync(JSII_PATHS.freshApiMd, 'utf8');
    // THEN the committed one is the same
    expect(readFileSync(JSII_PATHS.committedApiMd, 'utf8')).toBe(fresh);
  });
});

describe('the Python wheel cdk-sqs-backoff', () => {
  let wheel: WheelContents;
  beforeAll(() => {
    wheel = wheelContents();
  });

  it('is under 500 KB', () => {
    expect(wheel.bytes).toBeLessThan(500 * 1024);
  });

  it('is the cdk_sqs_backoff module, never sqs_backoff (the consumer runtime)', () => {
    expect(wheel.path).toMatch(/cdk_sqs_backoff-[\d.]+-py3-none-any\.whl$/);
    expect(wheel.entries).toContain('cdk_sqs_backoff/__init__.py');
    expect(wheel.entries.filter((entry) => entry.startsWith('sqs_backoff/'))).toEqual([]);
  });

  it('carries no AWS SDK, no CLI and no node_modules', () => {
    const forbidden = /node_modules|@aws-sdk|aws-sdk|commander|cli-table|cli-progress|boto/;
    expect([...wheel.entries, ...wheel.tarballEntries].filter((entry) => forbidden.test(entry))).toEqual([]);
  });

  it('embeds the construct library with its .jsii assembly, the Python layer, and nothing of bin/ or the Node runtime', () => {
    expect(wheel.tarballEntries).toEqual(
      expect.arrayContaining(['package/.jsii', 'package/lib/index.js', 'package/lambda/backoff.js', 'package/lambda/python/sqs_backoff/with_backoff.py']),
    );
    expect(wheel.tarballEntries.filter((entry) => /__pycache__|\/tests?\//.test(entry))).toEqual([]);
    expect(wheel.tarballEntries.filter((entry) => /^package\/(bin|lambda\/runtime)\//.test(entry))).toEqual([]);
  });
});

interface Facts {
  readonly errors: Record<string, { type: string; message: string }>;
  readonly policy: { kind: string; jitter: string | null; interval: number; maxAttemptsLimit: number; seededSchedule: number[] };
}

/** test/jsii/python/smoke_app.py, run in the virtualenv with the freshly built wheel. */
function runPythonApp(): { template: Template; facts: Facts; out: string } {
  const out = mkdtempSync(join(tmpdir(), 'sqs-backoff-python-smoke-'));
  execFileSync(join(JSII_PATHS.venv, 'bin', 'python'), [join(__dirname, 'python', 'smoke_app.py'), out], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: '1', JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '1' },
  });
  return {
    template: Template.fromJSON(JSON.parse(readFileSync(join(out, 'PythonSmoke.template.json'), 'utf8'))),
    facts: JSON.parse(readFileSync(join(out, 'facts.json'), 'utf8')),
    out,
  };
}

describe('a Python CDK app on the cdk-sqs-backoff wheel', () => {
  let template: Template;
  let facts: Facts;
  let out: string;
  beforeAll(() => {
    ({ template, facts, out } = runPythonApp());
  });

  it('makes a FIFO work queue and dead-letter queue with room for every visibility-timeout attempt', () => {
    // GIVEN max_attempts=6 on RetryTransport.visibility_timeout(), THEN maxReceiveCount is 6 + 1
    template.hasResourceProperties('AWS::SQS::Queue', Match.objectLike({ FifoQueue: true, RedrivePolicy: Match.objectLike({ maxReceiveCount: 7 }) }));
    // Orders and Payments, each with its dead-letter queue; only Payments (standard) has a state machine
    template.resourceCountIs('AWS::SQS::Queue', 4);
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
  });

  it('builds the Python consumer with the sqs_backoff layer from the wheel: no Node.js bundling, no Docker', () => {
    // GIVEN BackoffConsumer.python(code=..., handler="orders.handler") on a standard queue
    const layers = template.findResources('AWS::Lambda::LayerVersion');
    expect(Object.keys(layers)).toHaveLength(1);
    const [layerId, layer] = Object.entries(layers)[0] as [string, { Properties: { Content: { S3Key: string } } }];
    // THEN the function runs Python with that layer and the Step Functions transport's environment
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'python3.13',
      Handler: 'orders.handler',
      Layers: [{ Ref: layerId }],
      Environment: { Variables: Match.objectLike({ BACKOFF_TRANSPORT: 'step-functions', BACKOFF_STATE_MACHINE_ARN: Match.anyValue() }) },
    });
    // AND the layer asset is the runtime package, under python/ where Lambda looks, without tests or caches
    const hash = layer.Properties.Content.S3Key.replace(/\.zip$/, '');
    const manifest = JSON.parse(readFileSync(join(out, 'PythonSmoke.assets.json'), 'utf8'));
    const asset = join(out, manifest.files[hash].source.path);
    expect(existsSync(join(asset, 'python', 'sqs_backoff', 'with_backoff.py'))).toBe(true);
    expect(existsSync(join(asset, 'python', 'sqs_backoff', '__pycache__'))).toBe(false);
  });

  it('grants the Python consumer StartExecution on the retry state machine only', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([Match.objectLike({ Action: 'states:StartExecution', Resource: { Ref: Match.stringLikeRegexp('PaymentsRetryStateMachine') } })]),
      }),
    });
  });

  it('connects the existing Node function with ReportBatchItemFailures, one record per batch on FIFO', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 1,
    });
  });

  it('gives the existing function the BACKOFF_* environment', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          BACKOFF_POLICY: '{"kind":"exponential","base":2,"cap":300}',
          BACKOFF_MAX_ATTEMPTS: '6',
          BACKOFF_MAX_RECEIVE_COUNT: '7',
          BACKOFF_TRANSPORT: 'visibility-timeout',
          BACKOFF_QUEUE_URL: Match.anyValue(),
          BACKOFF_DEAD_LETTER_QUEUE_URL: Match.anyValue(),
        }),
      },
    });
  });

  it('grants the consumer receive and visibility changes on the work queue and sends to the dead-letter queue', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Action: Match.arrayWith(['sqs:ReceiveMessage', 'sqs:ChangeMessageVisibility', 'sqs:DeleteMessage']) }),
          Match.objectLike({ Action: Match.arrayWith(['sqs:SendMessage']) }),
        ]),
      }),
    });
  });

  it('makes eight alarms for Orders (no state machine on its transport), each notifying the topic, eleven for Payments, and a composite alarm each', () => {
    // Orders: DLQ messages and arrivals, oldest message age, consumer errors and throttles, fallbacks,
    // dead letters too-large and redelivered; Payments adds the state machine's failed, throttled
    // and timed-out executions.
    const topic = Object.keys(template.findResources('AWS::SNS::Topic'))[0];
    expect(Object.keys(template.findResources('AWS::CloudWatch::Alarm', { Properties: { AlarmActions: [{ Ref: topic }] } }))).toHaveLength(8);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 19);
    template.resourceCountIs('AWS::CloudWatch::CompositeAlarm', 2);
  });

  it('reads the policy spec as a struct with enums, static members and a seeded schedule', () => {
    expect(facts.policy).toEqual({
      kind: 'STEP_FUNCTIONS',
      jitter: 'FULL',
      interval: 2,
      maxAttemptsLimit: 100,
      // The same policy and seed in TypeScript: one schedule across the jsii boundary.
      seededSchedule: BackoffPolicy.stepFunctions({ interval: Duration.seconds(2), rate: 3, jitter: JitterStrategy.FULL }).schedule(4, new SeededRandom(7)),
    });
  });

  it.each([
    ['maxAttempts', /maxAttempts must be between 1 and 100 \(given 0\)/],
    ['factor', /factor must be a finite number ≥ 1 \(given 0\.5\)/],
    ['spec.cap', /cap must be ≥ base \(10 s\) \(given 5\)/],
  ])('raises a RuntimeError naming the prop, the value and the range for an invalid %s', (name, message) => {
    expect(facts.errors[name]).toEqual({ type: 'RuntimeError', message: expect.stringMatching(message) });
  });
});

/** No .NET SDK or NuGet is reachable here: the C# sources are generated and read, not compiled. */
describe('generated .NET, Java and Go code', () => {
  const csharp = join(JSII_PATHS.dotnetDist, 'SqsBackoff.Cdk');

  it('.NET: a SqsBackoff.Cdk project whose BackoffQueue and enums are in the SqsBackoff.Cdk namespace', () => {
    expect(readFileSync(join(csharp, 'SqsBackoff.Cdk.csproj'), 'utf8')).toMatch(/<PackageId>SqsBackoff\.Cdk<\/PackageId>/);
    const queue = readFileSync(join(csharp, 'SqsBackoff', 'Cdk', 'BackoffQueue.cs'), 'utf8');
    expect(queue).toMatch(/namespace SqsBackoff\.Cdk/);
    expect(queue).toMatch(/public class BackoffQueue : Constructs\.Construct/);
    expect(readFileSync(join(csharp, 'SqsBackoff', 'Cdk', 'PolicyKind.cs'), 'utf8')).toMatch(/FULL_JITTER/);
  });

  it('Java: io.github.sqsbackoff.cdk sources and a pom on software.amazon.awscdk:aws-cdk-lib', () => {
    expect(readFileSync(join(JSII_PATHS.javaDist, 'pom.xml'), 'utf8')).toMatch(/<artifactId>aws-cdk-lib<\/artifactId>/);
    expect(existsSync(join(JSII_PATHS.javaDist, 'src/main/java/io/github/sqsbackoff/cdk/BackoffQueue.java'))).toBe(true);
  });

  it('Go: the cdksqsbackoff package with its go.mod on aws-cdk-go', () => {
    const goMod = readFileSync(join(JSII_PATHS.goDist, 'cdksqsbackoff', 'go.mod'), 'utf8');
    expect(goMod).toMatch(/^module github\.com\/sqs-backoff\/cdk-sqs-backoff-go\/cdksqsbackoff$/m);
    expect(goMod).toMatch(/github\.com\/aws\/aws-cdk-go\/awscdk\/v2 v2\.276\.0/);
  });
});

/**
 * `npm run test:java` inside `npm test`: 59 s from an empty Maven repository on the 2-core machine
 * (most of it aws-cdk-lib's jar), under the two minutes that allow it here. The script compiles
 * the app with the generated sources, synthesizes it and checks the template and the error
 * (scripts/jsii/checkSmoke.ts), failing on any mismatch.
 */
describe('a Java CDK app on the generated package', () => {
  it('compiles with Maven, synthesizes the FIFO visibility-timeout stack and throws JsiiError naming maxAttempts, 0 and 1 to 100', () => {
    const output = execFileSync('bash', [join(REPO, 'scripts/jsii/javaSmoke.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(output).toContain('java smoke app: template and error as expected (software.amazon.jsii.JsiiError)');
  });
});

/**
 * Go: `go build` of test/jsii/go against the generated cdksqsbackoff package (modules cached in the
 * git-ignored .gomodcache/: about 500 MB the first time, 96 s from a fresh clone here), then the
 * app synthesizes and scripts/jsii/checkSmoke.ts checks the template, failing on any mismatch.
 */
describe('a Go CDK app on the generated package', () => {
  it('builds with go build and synthesizes the FIFO visibility-timeout stack', () => {
    const output = execFileSync('bash', [join(REPO, 'scripts/jsii/goSmoke.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(output).toContain('go smoke app: template and error as expected');
  }, 600_000);
});
