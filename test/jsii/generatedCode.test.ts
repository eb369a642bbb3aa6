import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JSII_PATHS } from './paths';

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
