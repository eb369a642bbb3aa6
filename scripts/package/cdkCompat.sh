#!/usr/bin/env bash
# Does the construct library work with aws-cdk-lib VERSION? Copies the sources into a scratch
# directory, installs the project's dev dependencies with aws-cdk-lib pinned to VERSION, then
# type-checks lib/ against that version's typings and runs the construct unit tests.
# cdk-nag is left out (its peer range starts at aws-cdk-lib 2.257.0 and users do not need it),
# and so are the two test files that import it.
# TYPECHECK_ONLY=1 stops after the type check (for a quick bisection).
# Usage: scripts/package/cdkCompat.sh 2.230.0 [scratch-root]   (exit 0 = compatible)
set -euo pipefail
version="$1"
root="${2:-/tmp/sqs-backoff-cdk-compat}"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
dir="$root/$version"
rm -rf "$dir" && mkdir -p "$dir"
cp -r "$repo/lib" "$repo/lambda" "$repo/bin" "$repo/test" "$repo/tsconfig.json" "$repo/vitest.config.ts" "$dir/"
node -e '
  const fs = require("fs");
  const p = JSON.parse(fs.readFileSync(process.argv[1] + "/package.json"));
  p.devDependencies["aws-cdk-lib"] = process.argv[2];
  delete p.devDependencies["cdk-nag"];
  delete p.scripts.prepack;
  fs.writeFileSync(process.argv[3] + "/package.json", JSON.stringify(p, null, 2));
' "$repo" "$version" "$dir"
rm -f "$dir/test/unit/construct/cdk-nag.test.ts" "$dir/test/unit/construct/security.test.ts"
cd "$dir"
npm install --no-audit --no-fund --prefer-offline --ignore-scripts >install.log 2>&1 || { tail -20 install.log; exit 2; }
echo "installed: $(node -p 'require("aws-cdk-lib/package.json").version')"
# lib/ (and what it imports) must compile against this version's typings.
npx tsc --noEmit --skipLibCheck -p tsconfig.json 2>&1 | grep -E '^(lib|lambda)/' | head -20 | tee tsc.log || true
[ -s tsc.log ] && { echo "typecheck of lib/ fails on $version"; exit 3; }
[ "${TYPECHECK_ONLY:-}" = 1 ] && { echo "typecheck of lib/ passes on $version"; exit 0; }
npx vitest run --project unit test/unit/construct 2>&1 | tail -25
