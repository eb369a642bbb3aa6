#!/usr/bin/env bash
# npm run test:java — compiles the Java smoke app (test/jsii/java) together with the generated
# io.github.sqsbackoff.cdk sources with Maven, runs it (it synthesizes the stack), then checks
# the template and the error with scripts/jsii/checkSmoke.ts. Maven's repository is the
# git-ignored .m2-jsii/ (the first run downloads aws-cdk-lib's jar). Needs `npm run package:jsii`
# first, or runs it when dist/jsii/dist/java is missing. Prints its seconds last.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
start=$(date +%s)
[[ -d "$repo/dist/jsii/dist/java/src" ]] || (cd "$repo" && npx tsx scripts/jsii/package.ts --targets java --api-md -)
work="$repo/dist/jsii/java-smoke"
rm -rf "$work" && mkdir -p "$work/src/main/java/smoke"
cp -r "$repo/dist/jsii/dist/java/src" "$work/"
cp "$repo/test/jsii/java/App.java" "$work/src/main/java/smoke/App.java"
cp "$repo/test/jsii/java/pom.xml" "$work/pom.xml"
out="$work/cdk.out"
JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION=1 JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=1 \
  mvn -q -B -Dmaven.repo.local="$repo/.m2-jsii" -f "$work/pom.xml" compile exec:java -Dexec.args="$out"
(cd "$repo" && npx tsx scripts/jsii/checkSmoke.ts java "$out/JavaSmoke.template.json" "$out/error.txt")
echo "java smoke app: compiled, synthesized and checked in $(( $(date +%s) - start )) s"
