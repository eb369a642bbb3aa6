/**
 * The vitest projects (vitest.config.ts) that hold a mutation's explicit test files, by folder:
 * a file outside test/unit runs in its own project, with that project's globalSetup (an e2e file
 * starts or reuses MiniStack, so export MINISTACK_PORT). Vitest starts no globalSetup of a named
 * project none of whose files is selected, so naming both e2e projects costs nothing.
 */
const PROJECTS_BY_FOLDER: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['test/e2e/', ['e2e', 'e2e-own-stack']],
  ['test/localstack/', ['localstack']],
  ['test/python/', ['python']],
  ['test/package/', ['package']],
  ['test/jsii/', ['jsii']],
];

/** `unit` for no files (the whole unit project) and for every file outside the folders above. */
export function vitestProjectsOf(testFiles: readonly string[]): string[] {
  if (testFiles.length === 0) return ['unit'];
  const projects = testFiles.flatMap((file) => PROJECTS_BY_FOLDER.find(([folder]) => file.startsWith(folder))?.[1] ?? ['unit']);
  return [...new Set(projects)];
}
