#!/usr/bin/env bash
# Proves the packages in dist/ with real consumers: each language builds the blog example stack, the
# monitored blog and the authorization examples against the built package, synthesizes them and
# compares each template with the TypeScript example's (`npx projen example`), asset hashes scrubbed.
# Any difference fails and prints a path-by-path diff. The Python app's cloud assembly is then served
# by the npm package's CLI and the blog's flow runs through it (test/consumers/local-flow.ts), as a
# Python user would run it locally, and the app's pytest suite runs on it through the README's fixture
# (python/conftest.py, python/test_local_app.py). The README's Quick start runs as written in a new
# npm app (test/consumers/quick-start.sh).
#
# Usage: test/consumers/run.sh [typescript|python|java|go ...]     (no argument: all four)
# Needs: `npx projen dist:all` first (dist/js, dist/python, dist/java, dist/go), or, with
#        LIBRARY_VERSION set, the registries below (test/release/rehearse.sh sets them): each app then
#        installs cdk-cognito-protected-http-api BY NAME AND VERSION, as users do.
# Env:   PACKAGES_DIR      where the built packages are (default dist/)
#        LIBRARY_VERSION   install this version from the registries instead of files:
#          NPM_REGISTRY_URL      npm  --registry
#          PYPI_INDEX_URL        pip  --index-url
#          MAVEN_REPOSITORY_URL  the Java app's <repository>
#          GO_GIT_URL            the bare Git repository publib-golang pushed to (GOPRIVATE + insteadOf)
#          GO_PUBLISHED_DIR      optional: the module as published; the one Go compiles must equal it
# Env:   MAVEN_LOCAL_REPO  Maven local repository (default ~/.m2/repository; our own artifact is
#                          removed from it before and after the Java run, nothing else)
#        KEEP_WORK=1       keep the temporary directory (venv, npm project) for debugging
set -euo pipefail
# Stage functions run inside `if`, where bash ignores `set -e`: chain their commands with `&&`.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/test/consumers"
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
# The example template the consumers must reproduce; given by the newest-aws-cdk-lib lane, else synthesized.
GIVEN_REFERENCE="${REFERENCE_TEMPLATE:-}"
export REFERENCE_TEMPLATE="${REFERENCE_TEMPLATE:-$ROOT/cdk.out/BlogExampleStack.template.json}"
# The authorization example's Reporter function is a directory of code (Code.fromAsset): every consumer's
# copy of the stack takes the example's own, wherever the consumer runs (run.sh copies some of them).
export REPORTER_CODE="$ROOT/test/example/reporter"

# The floor every language's consumer pins (test/newest-cdk/run.sh passes the newest).
CDK_VERSION="${CDK_VERSION:-2.220.0}"
CONSTRUCTS_VERSION="${CONSTRUCTS_VERSION:-10.4.2}"
MAVEN_LOCAL_REPO="${MAVEN_LOCAL_REPO:-$HOME/.m2/repository}"
PACKAGES_DIR="$(cd "$ROOT" && realpath -m "${PACKAGES_DIR:-dist}")"
LIBRARY_VERSION="${LIBRARY_VERSION:-}"
GO_MODULE=github.com/cdk-cognito-protected-http-api/cdk-cognito-protected-http-api-go/cdkcognitoprotectedhttpapi
OUR_MAVEN_GROUP_DIR="$MAVEN_LOCAL_REPO/io/github/cdkcognitoprotectedhttpapi"

langs=()
for arg in "${@:-typescript python java go}"; do
  for lang in $arg; do
    case "$lang" in
      ts | typescript) langs+=(typescript) ;;
      py | python) langs+=(python) ;;
      java) langs+=(java) ;;
      go) langs+=(go) ;;
      *) echo "unknown consumer '$lang' (typescript, python, java, go)" >&2; exit 2 ;;
    esac
  done
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/consumers.XXXXXX")"
timings=()
results=()

cleanup() {
  rm -rf "$OUR_MAVEN_GROUP_DIR" "$HERE/java/target"
  if [[ "${KEEP_WORK:-}" == 1 ]]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
  if ((${#timings[@]})); then
    echo
    echo "== consumer stages (seconds)"
    printf '  %s\n' "${timings[@]}"
  fi
  if ((${#results[@]})); then
    echo "== results"
    printf '  %s\n' "${results[@]}"
  fi
}
trap cleanup EXIT

# stage NAME COMMAND... — runs the command, records its wall time; a failure stops the script.
stage() {
  local name="$1"; shift
  local start="$EPOCHREALTIME" rc=0
  echo
  echo "== $name"
  "$@" || rc=$?
  timings+=("$(printf '%-26s %7.1f%s' "$name" "$(awk "BEGIN { print $EPOCHREALTIME - $start }")" "$([[ $rc == 0 ]] || echo '  (failed)')")")
  return $rc
}

need() {
  [[ -z "$LIBRARY_VERSION" ]] || return 0
  compgen -G "$PACKAGES_DIR/$1" > /dev/null || { echo "missing $PACKAGES_DIR/$1: run 'npx projen dist:all' first" >&2; exit 1; }
}
# What npm is given: the tarball from dist/, or the name and version (and the registry).
npm_install() {
  local package=("$PACKAGES_DIR"/js/*.tgz)
  if [[ -n "$LIBRARY_VERSION" ]]; then package=(--registry="$NPM_REGISTRY_URL" "cdk-cognito-protected-http-api@$LIBRARY_VERSION"); fi
  npm install --no-audit --no-fund --loglevel=error "${package[@]}" "aws-cdk-lib@$CDK_VERSION" "constructs@$CONSTRUCTS_VERSION" &&
    echo "installed $(node -p "const p = require('cdk-cognito-protected-http-api/package.json'); p.name + '@' + p.version")"
}

reference() {
  [[ -n "$GIVEN_REFERENCE" ]] || (cd "$ROOT" && npx projen example)
  test -s "$REFERENCE_TEMPLATE"
}

typescript_setup() {
  need 'js/*.tgz'
  mkdir -p "$WORK/typescript" &&
    cp "$HERE/typescript/package.json" "$HERE/typescript/tsconfig.json" "$HERE"/typescript/*.ts "$WORK/typescript/" &&
    (cd "$WORK/typescript" && npm_install)
}
typescript_test() {
  (cd "$WORK/typescript" && npm test --silent)
}

python_setup() {
  need 'python/*.whl'
  local package=("$PACKAGES_DIR"/python/*.whl)
  if [[ -n "$LIBRARY_VERSION" ]]; then package=(--index-url "$PYPI_INDEX_URL" "cdk-cognito-protected-http-api==$LIBRARY_VERSION"); fi
  python3 -m venv "$WORK/venv" &&
    "$WORK/venv/bin/pip" install --quiet "${package[@]}" "aws-cdk-lib==$CDK_VERSION" pytest boto3 &&
    echo "installed cdk-cognito-protected-http-api==$("$WORK/venv/bin/pip" show cdk-cognito-protected-http-api | sed -n 's/^Version: //p')"
}
python_test() {
  (cd "$HERE/python" && CONSUMER_OUTDIR="$WORK/python-cdk.out" PYTHONDONTWRITEBYTECODE=1 "$WORK/venv/bin/python" -m pytest -p no:cacheprovider -q --tb=short test_blog_consumer.py)
}
# The README's Quick start as written, in a new npm app (test/consumers/quick-start.sh): the package
# installed by name and version from the registry, or the tarball from dist/js.
typescript_quick_start() {
  if [[ -n "$LIBRARY_VERSION" ]]; then
    npm_config_registry="$NPM_REGISTRY_URL" "$HERE/quick-start.sh" "$WORK/quick-start" "cdk-cognito-protected-http-api@$LIBRARY_VERSION"
  else
    "$HERE/quick-start.sh" "$WORK/quick-start" "$(echo "$PACKAGES_DIR"/js/*.tgz)"
  fi
}
# The Python app's directory as its user has it: the app and its tests (python/*.py), cdk.out/ (the
# assembly python_test synthesized) and the npm package installed with npm for its CLI, which
# `npx cdk-cognito-protected-http-api` (the README, conftest.py) finds in ./node_modules/.bin.
PYTHON_APP="$WORK/python-app"
python_app() {
  mkdir -p "$PYTHON_APP" && cp "$HERE"/python/*.py "$PYTHON_APP/" && ln -sfn "$WORK/python-cdk.out" "$PYTHON_APP/cdk.out" &&
    (cd "$PYTHON_APP" && npm init -y > /dev/null && npm_install)
}
# The npm package's CLI on the Python app's cloud assembly: the blog's flow, then boto3's
# (python/boto3_local_flow.py, from the consumer's venv), as a Python user runs them.
python_local() {
  python_app &&
    (cd "$ROOT" && LOCAL_FLOW_PYTHON="$WORK/venv/bin/python" npx ts-node --transpile-only test/consumers/local-flow.ts \
      "$PYTHON_APP/node_modules/.bin/cdk-cognito-protected-http-api" "$WORK/python-cdk.out")
}
# The processes a run marked with $1 left (npx, the runner and moto inherit its environment) and those
# working in the assembly $2 (the Lambda workers, whose environment is the function's).
marked_processes() {
  local proc
  for proc in /proc/[0-9]*; do
    { tr '\0' '\n' < "$proc/environ" | grep -qxF "CONSUMERS_RUN=$1" || [[ "$(readlink "$proc/cwd")" == "$2"/* ]]; } 2> /dev/null &&
      echo "${proc#/proc/}"
  done
  return 0
}
# The app's pytest suite on the local runner, as its user runs it in the app's directory with the venv
# activated: conftest.py's local_app fixture starts `npx cdk-cognito-protected-http-api local --app
# cdk.out` and stops its process group at the end. No runner process it started may be left.
python_pytest() {
  local mark="pytest-$$" assembly left=""
  assembly="$(realpath "$WORK/python-cdk.out")" &&
    (cd "$PYTHON_APP" && CONSUMERS_RUN="$mark" PATH="$WORK/venv/bin:$PATH" VIRTUAL_ENV="$WORK/venv" PYTHONDONTWRITEBYTECODE=1 \
      python -m pytest -p no:cacheprovider -v --tb=short test_local_app.py) &&
    for _ in 1 2 3 4 5 6; do
      left="$(marked_processes "$mark" "$assembly")"
      [[ -n "$left" ]] || break
      sleep 0.5
    done &&
    if [[ -n "$left" ]]; then
      echo "FAIL: processes of the local runner left after pytest:" >&2
      ps -o pid,pgid,stat,args -p "$(echo $left | tr ' ' ,)" | cut -c1-200 >&2
      return 1
    else
      echo "no process left: none carries the run's environment or works in $assembly"
    fi
}

# The Java app's repository and version: dist/java (0.0.0), or the Maven repository and the version given.
java_args=(-Dlibrary.version="${LIBRARY_VERSION:-0.0.0}" -Dlibrary.repository="${MAVEN_REPOSITORY_URL:-file://$PACKAGES_DIR/java}")
java_setup() {
  need 'java/io/github/cdkcognitoprotectedhttpapi/*/0.0.0/*.jar'
  # Maven never re-fetches a release version: drop any stale copy of our artifact.
  rm -rf "$OUR_MAVEN_GROUP_DIR" "$HERE/java/target" &&
    mvn -B -ntp -Dstyle.color=never -q -f "$HERE/java/pom.xml" -Dmaven.repo.local="$MAVEN_LOCAL_REPO" "${java_args[@]}" test-compile &&
    printf '\ninstalled %s\n' "$(cd "$OUR_MAVEN_GROUP_DIR" && ls -d */* | sed 's#^#io.github.cdkcognitoprotectedhttpapi:#; s#/#:#')"  # after mvn's colour resets
}
java_test() {
  mvn -B -ntp -Dstyle.color=never -f "$HERE/java/pom.xml" -Dmaven.repo.local="$MAVEN_LOCAL_REPO" "${java_args[@]}" surefire:test \
    | grep -v -E '^\[INFO\] (Download|-+$|$)'
  return "${PIPESTATUS[0]}"
}

# dist/go through the go.mod's replace directive, or a copy of the app that requires the released
# version, fetched with git from GO_GIT_URL (GOPRIVATE: no module proxy, no checksum database for it).
GO_DIR="$HERE/go"
go_setup() {
  need 'go/*/go.mod'
  if [[ -z "$LIBRARY_VERSION" ]]; then
    (cd "$GO_DIR" && go mod tidy && go vet ./...)
    return
  fi
  GO_DIR="$WORK/go"
  # Go indexes a module-cache directory's files in its build cache (GOCACHE) once, as if a version's
  # content never changed; every rehearsal publishes 0.0.0 again, so a file a release adds was left out
  # of the package ("undefined: ApiMonitoring") after an earlier run. goindex=0: Go reads the directory.
  export GODEBUG="goindex=0${GODEBUG:+,$GODEBUG}"
  export GOPRIVATE="${GO_MODULE%/*}" GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0="url.$GO_GIT_URL.insteadOf" GIT_CONFIG_VALUE_0="https://${GO_MODULE%/*}"
  mkdir -p "$GO_DIR" && cp "$HERE"/go/*.go "$HERE/go/go.mod" "$HERE/go/go.sum" "$GO_DIR/" &&
    (cd "$GO_DIR" && go mod edit -dropreplace="$GO_MODULE" -require="$GO_MODULE@v$LIBRARY_VERSION" && go mod tidy && go vet ./... &&
      echo "installed $(go list -m -f '{{.Path}}@{{.Version}}' "$GO_MODULE")" && go_same_as_published)
}
# With GO_PUBLISHED_DIR (the rehearsal): the module Go compiles is, file for file, the one published —
# not a copy of the same version left in the module cache by an earlier build.
go_same_as_published() {
  [[ -n "${GO_PUBLISHED_DIR:-}" ]] || return 0
  local dir
  dir="$(go list -m -f '{{.Dir}}' "$GO_MODULE")" &&
    if diff -rq "$dir" "$GO_PUBLISHED_DIR" > "$WORK/go-published.diff"; then
      echo "installed module files = the published module's ($(find "$dir" -type f | wc -l) files, diff -r)"
    else
      echo "FAIL: Go compiles $dir, which differs from the published module $GO_PUBLISHED_DIR:" >&2
      head -20 "$WORK/go-published.diff" >&2
      return 1
    fi
}
go_test() {
  (cd "$GO_DIR" && go test -count=1 ./...)
}

stage reference reference
for lang in "${langs[@]}"; do
  if stage "$lang: setup" "${lang}_setup" && stage "$lang: synth+compare" "${lang}_test"; then
    results+=("$lang: same template")
    if [[ "$lang" == typescript ]]; then
      if stage "typescript: quick start" typescript_quick_start; then results+=("typescript: the README's quick start as written"); else results+=("typescript: quick start FAILED"); fi
    fi
    if [[ "$lang" == python ]]; then
      if stage "python: local flow" python_local; then
        results+=("python: blog flow and boto3 on the local runner")
        if stage "python: pytest local_app" python_pytest; then results+=("python: pytest with the README's local_app fixture, no process left"); else results+=("python: pytest local_app FAILED"); fi
      else
        results+=("python: local flow FAILED")
      fi
    fi
  else
    results+=("$lang: FAILED")
  fi
done

[[ "${results[*]}" != *FAILED* ]]
