import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../../scripts/jsii/stage';

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
