#!/usr/bin/env bash
# npm run test:go — builds the Go smoke app (test/jsii/go) against the generated cdksqsbackoff
# package (a `replace` in its go.mod), runs it (it synthesizes the stack) and checks the template
# with scripts/jsii/checkSmoke.ts. Modules are cached in the git-ignored .gomodcache/ (the first
# download is about 500 MB: aws-cdk-go embeds aws-cdk-lib). Needs `npm run package:jsii` first, or
# runs it when dist/jsii/dist/go is missing. Prints its seconds last.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
start=$(date +%s)
[[ -d "$repo/dist/jsii/dist/go/cdksqsbackoff" ]] || (cd "$repo" && npx tsx scripts/jsii/package.ts --targets go --api-md -)
export GOMODCACHE="$repo/.gomodcache" GOFLAGS=-modcacherw
bin="$repo/dist/jsii/go-smoke/app"
out="$repo/dist/jsii/go-smoke/cdk.out"
rm -rf "$out" && mkdir -p "$out"
(cd "$repo/test/jsii/go" && go build -o "$bin" .)
echo "go build: $(( $(date +%s) - start )) s"
JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION=1 JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=1 "$bin" "$out" 2>/dev/null
(cd "$repo" && npx tsx scripts/jsii/checkSmoke.ts go "$out/GoSmoke.template.json")
echo "go smoke app: built, synthesized and checked in $(( $(date +%s) - start )) s"
