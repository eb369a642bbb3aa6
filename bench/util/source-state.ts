import { spawnSync } from 'node:child_process';
import { PROJECT_ROOT } from './project-root';

/** Which code was measured: the commit, and whether lambda/ had uncommitted changes. */
export function describeSource(): string {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: PROJECT_ROOT, encoding: 'utf8' }).stdout?.trim() ?? '';
  const commit = git('rev-parse', '--short', 'HEAD') || 'unknown commit';
  const dirty = git('status', '--porcelain', '--', 'lambda') !== '';
  return `commit ${commit}${dirty ? ' + uncommitted changes in lambda/' : ''}`;
}
