#!/usr/bin/env bash
# The second aws-cdk-lib lane: what users who `npm install aws-cdk-lib` today get (the newest 2.x),
# resolved now and printed. In a copy of the repository with that version (the repository's own
# node_modules and lock file are not touched):
#   1. src/ type-checked, and the jest suite (snapshot tests excepted: they pin the floor's template);
#   2. the example app synthesized with aws-cdk-lib's validation against the CloudFormation resource
#      schemas turned on (@aws-cdk/core:validateAgainstDefaultRules: a violation fails synth);
#   3. the TypeScript and Python consumers (packages from $PACKAGES_DIR, default dist/) compared with
#      that template, so with each other, on the newest version both registries serve.
# Every failure names the version. Needs lib/, assets/ and the packages: `npx projen dist:all` first,
# or (test:all) the release rehearsal's PACKAGES_DIR=.release-rehearsal/dist.
#
# Env: CDK_LIB_VERSION (default: newest 2.x on npm), KEEP_WORK=1 keeps the copy.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20

newest_npm() { npm view "$1" version --json 2>/dev/null | python3 -c 'import json,sys; v=json.load(sys.stdin); print(v[-1] if isinstance(v, list) else v)'; }
VERSION="${CDK_LIB_VERSION:-$(newest_npm 'aws-cdk-lib@2')}"
CONSTRUCTS="$(newest_npm 'constructs@10')"
# The newest version PyPI serves too (PyPI can trail npm by a release): the consumers compare on it.
PYPI_VERSIONS="$(pip index versions aws-cdk-lib 2>/dev/null | sed -n 's/^Available versions: //p' | tr -d ' ' | tr ',' '\n')"
CONSUMER_VERSION="$(grep -m1 -x -F "$VERSION" <<<"$PYPI_VERSIONS" || sed -n 1p <<<"$PYPI_VERSIONS")"
[[ -n "$VERSION" && -n "$CONSUMER_VERSION" ]] || { echo 'FAIL: could not resolve the newest aws-cdk-lib 2.x'; exit 1; }
echo "newest aws-cdk-lib 2.x on npm: $VERSION (constructs $CONSTRUCTS); consumers on $CONSUMER_VERSION (newest on both npm and PyPI)"

fail() { echo "FAIL [aws-cdk-lib $1]: $2"; exit 1; }
stage() { printf '\n== [aws-cdk-lib %s] %s (%s)\n' "$1" "$2" "$(date -u +%H:%M:%S)"; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/newest-cdk.XXXXXX")"
cleanup() { if [[ "${KEEP_WORK:-}" == 1 ]]; then echo "kept $WORK"; else rm -rf "$WORK"; fi; }
trap cleanup EXIT

stage "$VERSION" 'a copy of the repository with it'
(cd "$ROOT" && git ls-files -z | xargs -0 cp --parents -t "$WORK" && cp -r lib assets .jsii "$WORK/")
# The schema-coverage test reads CloudFormation's schemas from the lint venv: share it, don't rebuild it.
if [[ -d "$ROOT/.venv-lint" ]]; then ln -s "$ROOT/.venv-lint" "$WORK/.venv-lint"; fi
(cd "$WORK" && node -e "
  const fs = require('fs');
  const pkg = JSON.parse(fs.readFileSync('package.json', 'utf-8'));
  Object.assign(pkg.devDependencies, { 'aws-cdk-lib': '$VERSION', constructs: '$CONSTRUCTS' });
  delete pkg.overrides; // the Go module pin is about 2.220's dependencies
  fs.writeFileSync('package.json', JSON.stringify(pkg, null, 2));
" && npx -y npm@10 install --no-audit --no-fund --loglevel=error) || fail "$VERSION" 'npm install'
(cd "$WORK" && node -p "'installed aws-cdk-lib ' + require('aws-cdk-lib/package.json').version + ', constructs ' + require('constructs/package.json').version")

stage "$VERSION" 'type-check the construct library and the handlers against it'
(cd "$WORK" && npx tsc --noEmit -p . && npx tsc -p src/handlers) || fail "$VERSION" 'src/ does not compile against it'

stage "$VERSION" 'jest (snapshot tests excepted)'
(cd "$WORK" && npx jest --ci --silent --coverage=false --testNamePattern '^(?!.*matches its snapshot)') || fail "$VERSION" 'the jest suite'

stage "$VERSION" 'example synthesized with template validation against the CloudFormation schemas'
# What `cdk synth` passes to the app, plus the validation flag (fails synth on a schema violation).
export REFERENCE_TEMPLATE="$WORK/cdk.out/BlogExampleStack.template.json"
(cd "$WORK" && CDK_OUTDIR="$WORK/cdk.out" CDK_CONTEXT_JSON='{"aws:cdk:enable-path-metadata":true,"aws:cdk:enable-asset-metadata":true,"@aws-cdk/core:validateAgainstDefaultRules":true}' \
  npx ts-node --prefer-ts-exts test/example/app.ts) || fail "$VERSION" 'the example does not synthesize with schema validation'
ls "$WORK/cdk.out"/*.template.json | sed 's#.*/#  #'

stage "$CONSUMER_VERSION" 'TypeScript and Python consumers against that template'
if [[ "$CONSUMER_VERSION" != "$VERSION" ]]; then
  (cd "$WORK" && npx -y npm@10 install --no-audit --no-fund --loglevel=error "aws-cdk-lib@$CONSUMER_VERSION" >/dev/null &&
    CDK_OUTDIR="$WORK/cdk.out" CDK_CONTEXT_JSON='{"aws:cdk:enable-path-metadata":true,"aws:cdk:enable-asset-metadata":true}' npx ts-node --prefer-ts-exts test/example/app.ts) ||
    fail "$CONSUMER_VERSION" 'the example (reference for the consumers)'
fi
CDK_VERSION="$CONSUMER_VERSION" CONSTRUCTS_VERSION="$CONSTRUCTS" "$ROOT/test/consumers/run.sh" typescript python || fail "$CONSUMER_VERSION" 'the TypeScript and Python consumers'
echo
echo "newest aws-cdk-lib lane: OK on $VERSION (consumers on $CONSUMER_VERSION)"
