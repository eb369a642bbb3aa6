/**
 * Scratch apps for the package test: the packed tarball installed next to a pinned aws-cdk-lib,
 * as a user would, in /tmp. An app directory is kept between runs (keyed by its aws-cdk-lib and
 * constructs versions) so that a rerun only reinstalls the tarball.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const REPO = path.join(__dirname, '..', '..');
const ROOT = path.join(os.tmpdir(), 'sqs-backoff-package-test');

export interface Pins {
  readonly awsCdkLib: string;
  readonly constructs: string;
}

/** The oldest supported pins come from the peer ranges' floors, the newest from the dev pins. */
export function supportedPins(): { oldest: Pins; newest: Pins } {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  const floor = (range: string) => {
    const match = /^\^(\d+\.\d+\.\d+)$/.exec(range);
    if (match === null) throw new Error(`peer range ${range} is not of the form ^x.y.z`);
    return match[1];
  };
  return {
    oldest: { awsCdkLib: floor(manifest.peerDependencies['aws-cdk-lib']), constructs: floor(manifest.peerDependencies.constructs) },
    newest: { awsCdkLib: manifest.devDependencies['aws-cdk-lib'], constructs: manifest.devDependencies.constructs },
  };
}

/** `npm pack` of the repository (its prepack builds dist/); returns the tarball's path. */
export async function packTarball(): Promise<string> {
  const destination = path.join(ROOT, 'tarball');
  fs.rmSync(destination, { recursive: true, force: true });
  fs.mkdirSync(destination, { recursive: true });
  const { stdout } = await run('npm', ['pack', '--pack-destination', destination, '--json'], { cwd: REPO, maxBuffer: 64 * 1024 * 1024 });
  const [{ filename }] = JSON.parse(stdout.slice(stdout.indexOf('[')));
  return path.join(destination, filename);
}

const HANDLER = 'exports.handler = async () => ({ batchItemFailures: [] });\n';
const PYTHON_HANDLER = 'from sqs_backoff import with_backoff\n\n\n@with_backoff\ndef handler(message, ctx):\n    return None\n';

/**
 * Synthesizes five stacks: one where the construct builds the consumer, one where the user hands
 * in a NodejsFunction made with the app's own aws-cdk-lib, and three delay transports as a user
 * picks them (`RetryTransport.auto()`, a FIFO queue's default, the user's function on
 * `RetryTransport.sqsDelay()`), and a Python consumer, the one stack bundled: its `sqs_backoff`
 * layer is built from the installed package. Bundling is skipped elsewhere; the templates are the
 * same but for asset hashes.
 */
const SYNTH = `
const path = require('path');
const { App, Stack } = require('aws-cdk-lib');
const lambda = require('aws-cdk-lib/aws-lambda');
const nodejs = require('aws-cdk-lib/aws-lambda-nodejs');
const { BackoffConsumer, BackoffQueue, RetryTransport } = require('sqs-backoff');
const app = new App({ outdir: path.join(__dirname, 'cdk.out'), context: { 'aws:cdk:bundling-stacks': ['Python'] } });
const env = { account: '123456789012', region: 'us-east-1' };
const entry = path.join(__dirname, 'handler.js');
const built = new Stack(app, 'Built', { env });
new BackoffQueue(built, 'Orders', { consumer: BackoffConsumer.nodejs({ entry }) });
const users = new Stack(app, 'Users', { env });
const fn = new nodejs.NodejsFunction(users, 'UsersFunction', { entry, runtime: lambda.Runtime.NODEJS_22_X });
new BackoffQueue(users, 'Orders', { consumer: BackoffConsumer.fromFunction(fn) });
const auto = new Stack(app, 'Auto', { env });
new BackoffQueue(auto, 'Orders', { consumer: BackoffConsumer.nodejs({ entry }), transport: RetryTransport.auto() });
const fifo = new Stack(app, 'Fifo', { env });
new BackoffQueue(fifo, 'Orders', { consumer: BackoffConsumer.nodejs({ entry }), queueProps: { fifo: true } });
const usersSqsDelay = new Stack(app, 'UsersSqsDelay', { env });
const delayed = new nodejs.NodejsFunction(usersSqsDelay, 'UsersFunction', { entry, runtime: lambda.Runtime.NODEJS_22_X });
new BackoffQueue(usersSqsDelay, 'Orders', { consumer: BackoffConsumer.fromFunction(delayed), transport: RetryTransport.sqsDelay() });
const python = new Stack(app, 'Python', { env });
new BackoffQueue(python, 'Orders', { consumer: BackoffConsumer.python({ code: lambda.Code.fromAsset(path.join(__dirname, 'py')), handler: 'handler.handler' }) });
app.synth();
`;

/** Creates (once) and installs an app pinned to `pins`, then installs `tarball` into it. */
export async function installApp(pins: Pins, tarball: string): Promise<string> {
  const dir = path.join(ROOT, `app-aws-cdk-lib-${pins.awsCdkLib}-constructs-${pins.constructs}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'handler.js'), HANDLER);
  fs.mkdirSync(path.join(dir, 'py'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'py', 'handler.py'), PYTHON_HANDLER);
  fs.writeFileSync(path.join(dir, 'synth.js'), SYNTH);
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'scratch-app', private: true, dependencies: { 'aws-cdk-lib': pins.awsCdkLib, constructs: pins.constructs } }, null, 2),
  );
  await npm(dir, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--save-exact', tarball]);
  return dir;
}

/** The stacks `SYNTH` writes. */
export const SCRATCH_STACKS = ['Built', 'Users', 'Auto', 'Fifo', 'UsersSqsDelay', 'Python'] as const;

export async function synthApp(dir: string): Promise<Record<string, any>> {
  fs.rmSync(path.join(dir, 'cdk.out'), { recursive: true, force: true });
  await run('node', ['synth.js'], { cwd: dir, maxBuffer: 64 * 1024 * 1024 });
  const read = (stack: string) => JSON.parse(fs.readFileSync(path.join(dir, 'cdk.out', `${stack}.template.json`), 'utf8'));
  return Object.fromEntries(SCRATCH_STACKS.map((stack) => [stack, read(stack)]));
}

/** Every installed aws-cdk-lib, as `npm ls` sees it: `path@version`. */
export async function installedAwsCdkLibs(dir: string): Promise<string[]> {
  const { stdout } = await npm(dir, ['ls', 'aws-cdk-lib', '--all', '--parseable', '--long']);
  return stdout
    .split('\n')
    .filter((line) => line.includes('aws-cdk-lib@'))
    .map((line) => `${path.relative(dir, line.split(':')[0]) || '.'}@${line.split('aws-cdk-lib@')[1].split(':')[0]}`);
}

export function installedVersion(dir: string, name: string): string {
  return JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8')).version;
}

function npm(cwd: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run('npm', args, { cwd, maxBuffer: 64 * 1024 * 1024 });
}
