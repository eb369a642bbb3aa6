import { join } from 'node:path';
import { REPO, STAGE } from '../../scripts/jsii/stage';

/** Where test/jsii/buildPackage.ts leaves what it built. */
export const JSII_PATHS = {
  freshApiMd: join(STAGE, 'API.fresh.md'),
  committedApiMd: join(REPO, 'API.md'),
  pythonDist: join(STAGE, 'dist', 'python'),
  goDist: join(STAGE, 'dist', 'go'),
  javaDist: join(STAGE, 'dist', 'java'),
  dotnetDist: join(STAGE, 'dist', 'dotnet'),
  venv: join(REPO, '.venv-jsii'),
  timings: join(STAGE, 'timings.json'),
};
