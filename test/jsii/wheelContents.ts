import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { JSII_PATHS } from './paths';

export interface WheelContents {
  readonly path: string;
  readonly bytes: number;
  /** Entries of the wheel itself. */
  readonly entries: string[];
  /** Entries of the npm tarball jsii embeds in the wheel (the JavaScript the kernel loads). */
  readonly tarballEntries: string[];
}

/** The built wheel and what is inside it, read with Python's zipfile and tarfile. */
export function wheelContents(): WheelContents {
  const name = readdirSync(JSII_PATHS.pythonDist).find((file) => file.endsWith('.whl'))!;
  const path = join(JSII_PATHS.pythonDist, name);
  const script = [
    'import io, json, sys, tarfile, zipfile',
    'z = zipfile.ZipFile(sys.argv[1])',
    'tgz = next(n for n in z.namelist() if n.endswith(".jsii.tgz"))',
    't = tarfile.open(fileobj=io.BytesIO(z.read(tgz)))',
    'print(json.dumps({"entries": z.namelist(), "tarball": t.getnames()}))',
  ].join('\n');
  const listing = JSON.parse(execFileSync('python3', ['-c', script, path], { encoding: 'utf8' }));
  return { path, bytes: statSync(path).size, entries: listing.entries, tarballEntries: listing.tarball };
}
