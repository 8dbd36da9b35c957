#!/usr/bin/env bash
# `npx projen test:release` — the release, rehearsed offline, end to end:
#   1. a scratch clone of HEAD (committed work only), registries on 127.0.0.1: verdaccio (npm),
#      pypiserver (PyPI), a file:// Maven repository and a bare Git repository (the Go module repo);
#   2. `npx projen release` there with every language (version from the commits since the last tag,
#      changelog, dist/ for npm, PyPI, Maven and Go);
#   3. each package published with the command release.yml runs (read from the workflow: the `run`
#      and the plain env of its `release` step; only endpoints and credentials are local);
#   4. the four consumer apps install cdk-cognito-protected-http-api BY NAME AND VERSION from those
#      registries and must synthesize the example's template (test/consumers/run.sh);
#   5. API compatibility: a compatible change (`feat:` adds a public property) released as N+1
#      (JavaScript only, without re-running the tests), jsii-diff against N installed by name (both on the same aws-cdk-lib); and the
#      reverse comparison (N+1 → N: the property removed) must FAIL, or the check proves nothing.
# The registries are stopped by their pids on every exit; the user's ~/.npmrc, pip user site, ~/.m2
# and Go module cache keep nothing of the rehearsal (checked at the end). Release N's dist/ is left in
# .release-rehearsal/dist for later steps (test:newest-cdk), its build's test reports in
# .release-rehearsal/test-reports, the log summary in .release-rehearsal/summary.txt. The release's
# build runs jest: with TEMPLATE_DUMP_DIR absolute (test:all), its templates land where test:lint reads.
#
# Env: KEEP_WORK=1 keeps the scratch directory; REHEARSAL_CACHE (default ~/.cache/cdk-cognito-protected-http-api/release-rehearsal)
#      holds verdaccio and the pypiserver venv between runs.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
VERDACCIO_VERSION=6.8.0  # the newest that runs on Node.js 20 (6.9 needs 22)
PYPISERVER_VERSION=2.4.2
CDK_VERSION=2.220.0
CONSTRUCTS_VERSION=10.4.2
PACKAGE=cdk-cognito-protected-http-api
MAVEN_GROUP_PATH=io/github/cdkcognitoprotectedhttpapi
GO_REPO=github.com/cdk-cognito-protected-http-api/cdk-cognito-protected-http-api-go
GO_PACKAGE=cdkcognitoprotectedhttpapi  # the module is $GO_REPO/$GO_PACKAGE, tagged $GO_PACKAGE/vX.Y.Z
CACHE="${REHEARSAL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cdk-cognito-protected-http-api/release-rehearsal}"
OUT="$ROOT/.release-rehearsal"
started=$SECONDS

# One rehearsal at a time on a machine: they share the Go module cache, ~/.m2 and the version number
# (0.0.0 until the first tag), so a second one waits here, before it touches anything, for the
# first one's cleanup. (The servers are started without the lock's descriptor.)
mkdir -p "$CACHE"
exec 9> "$CACHE/rehearsal.lock"
if ! flock -n 9; then
  echo "another release rehearsal holds $CACHE/rehearsal.lock: waiting for it to end"
  flock 9
fi

mkdir -p "$OUT"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/release-rehearsal.XXXXXX")"
CLONE="$WORK/repo"
summary=()
pids=()
note() { summary+=("$*"); echo "-- $*"; }
current_stage=start
stage() { current_stage="$1"; printf '\n==== release rehearsal: %s (%s, +%ss)\n' "$1" "$(date -u +%H:%M:%S)" "$((SECONDS - started))"; }

# What the rehearsal may not leave behind in the user's own files.
GOMODCACHE_DIR="$(go env GOMODCACHE)"
M2_GROUP_DIR="$HOME/.m2/repository/$MAVEN_GROUP_PATH"
npmrc_sum() { sha256sum "$HOME/.npmrc" 2>/dev/null || echo none; }
NPMRC_BEFORE="$(npmrc_sum)"
PIP_USER_SITE="$(python3 -m site --user-site)"
pip_user_sum() { { find "$PIP_USER_SITE" -maxdepth 1 2>/dev/null || true; } | sort | sha256sum; }
PIP_USER_BEFORE="$(pip_user_sum)"
go_vcs_ours() { # the module cache's git clones of our (local) module repository
  local dir
  for dir in "$GOMODCACHE_DIR"/cache/vcs/*/; do
    [[ -d "$dir" ]] && git -C "$dir" config remote.origin.url 2>/dev/null | grep -q -F "$GO_REPO" && echo "${dir%/}"
  done
  return 0
}
# Removes our module from the Go module cache: its download (zip, go.mod, info), its extracted copy
# and the git clone Go fetched it with. Go never re-fetches a version it has downloaded, and every
# rehearsal of an untagged repository publishes the same version (0.0.0): a copy left by an earlier,
# interrupted rehearsal (of other code) would be compiled instead of the one just published.
forget_go_module() {
  local ours=("$GOMODCACHE_DIR/${GO_REPO%%/*}/${GO_REPO#*/}" "$GOMODCACHE_DIR/cache/download/${GO_REPO%%/*}/${GO_REPO#*/}")
  local vcs
  while read -r vcs; do [[ -n "$vcs" ]] && ours+=("$vcs" "$vcs.info" "$vcs.lock"); done < <(go_vcs_ours)
  chmod -R u+w "${ours[@]}" 2>/dev/null || true
  rm -rf "${ours[@]}"
  local owner="${GO_REPO%/*}"  # github.com/<owner>: removed too when the rehearsal's module was all it held
  rmdir "$GOMODCACHE_DIR/$owner" "$GOMODCACHE_DIR/cache/download/$owner" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  # The rehearsal's own entries: our artifact in ~/.m2, our module (and its git clone) in the Go module cache.
  rm -rf "$M2_GROUP_DIR"
  forget_go_module
  # Left nothing? (checked after the removal, so a failure here is a leak the script does not know about)
  local leaks=()
  [[ "$(npmrc_sum)" == "$NPMRC_BEFORE" ]] || leaks+=("~/.npmrc changed")
  [[ "$(pip_user_sum)" == "$PIP_USER_BEFORE" ]] || leaks+=("pip user site changed ($PIP_USER_SITE)")
  [[ ! -e "$M2_GROUP_DIR" ]] || leaks+=("$M2_GROUP_DIR")
  compgen -G "$GOMODCACHE_DIR/cache/download/${GO_REPO%%/*}/${GO_REPO#*/}*" > /dev/null && leaks+=("Go module cache: $GO_REPO")
  [[ -z "$(go_vcs_ours)" ]] || leaks+=("Go module cache: a git clone of the rehearsal's repository")
  local removing=$SECONDS
  if [[ "${KEEP_WORK:-}" == 1 ]]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
  echo "scratch directory removed in $((SECONDS - removing)) s"
  if ((${#leaks[@]})); then note "LEAKED: ${leaks[*]}"; rc=1; else note "nothing left in ~/.npmrc, the pip user site, ~/.m2 or the Go module cache"; fi
  local pid_alive=0
  for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && pid_alive=1; done
  ((pid_alive == 0)) || { note "a registry is still running"; rc=1; }
  note "$( ((rc == 0)) && echo OK || echo "FAILED (stage: $current_stage)" ) in $((SECONDS - started)) s"
  printf '%s\n' "${summary[@]}" > "$OUT/summary.txt"
  printf '\n==== release rehearsal summary\n'
  printf '  %s\n' "${summary[@]}"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_http() { # url name log — until the last started server answers (or dies)
  local i
  for i in $(seq 1 120); do
    curl -sf -o /dev/null "$1" && return 0
    kill -0 "${pids[-1]}" 2>/dev/null || break
    sleep 0.5
  done
  echo "FAIL: $2 did not answer on $1" >&2
  tail -20 "$3" >&2
  return 1
}

stage 'tools (cached)'
if [[ ! -x "$CACHE/verdaccio-$VERDACCIO_VERSION/node_modules/.bin/verdaccio" ]]; then
  mkdir -p "$CACHE/verdaccio-$VERDACCIO_VERSION"
  (cd "$CACHE/verdaccio-$VERDACCIO_VERSION" && echo '{"private":true}' > package.json &&
    npm install --no-audit --no-fund --loglevel=error --no-save "verdaccio@$VERDACCIO_VERSION")
fi
if [[ ! -x "$CACHE/pypiserver-$PYPISERVER_VERSION/bin/pypi-server" ]]; then
  python3 -m venv "$CACHE/pypiserver-$PYPISERVER_VERSION"
  "$CACHE/pypiserver-$PYPISERVER_VERSION/bin/pip" install --quiet "pypiserver==$PYPISERVER_VERSION"
fi
echo "verdaccio $VERDACCIO_VERSION, pypiserver $PYPISERVER_VERSION"

stage 'registries on 127.0.0.1'
NPM_PORT="$(free_port)"
mkdir -p "$WORK/verdaccio/storage"
cat > "$WORK/verdaccio/config.yaml" <<EOF
storage: $WORK/verdaccio/storage
auth:
  htpasswd:
    file: $WORK/verdaccio/htpasswd
uplinks:
  upstream:
    url: $(npm config get registry)
packages:
  '$PACKAGE':
    access: \$all
    publish: \$authenticated
  '**':
    access: \$all
    publish: \$authenticated
    proxy: upstream
log: { type: stdout, format: pretty, level: warn }
EOF
"$CACHE/verdaccio-$VERDACCIO_VERSION/node_modules/.bin/verdaccio" --config "$WORK/verdaccio/config.yaml" --listen "127.0.0.1:$NPM_PORT" > "$WORK/verdaccio.log" 2>&1 9>&- &
pids+=($!)
NPM_REGISTRY_URL="http://127.0.0.1:$NPM_PORT/"
wait_http "${NPM_REGISTRY_URL}-/ping" verdaccio "$WORK/verdaccio.log"
NPM_TOKEN="$(curl -sf -X PUT -H 'content-type: application/json' -d '{"name":"rehearsal","password":"rehearsal-only"}' \
  "${NPM_REGISTRY_URL}-/user/org.couchdb.user:rehearsal" | node -p 'JSON.parse(require("fs").readFileSync(0, "utf-8")).token')"

PYPI_PORT="$(free_port)"
mkdir -p "$WORK/pypi"
"$CACHE/pypiserver-$PYPISERVER_VERSION/bin/pypi-server" run -i 127.0.0.1 -p "$PYPI_PORT" -a . -P . "$WORK/pypi" > "$WORK/pypiserver.log" 2>&1 9>&- &
pids+=($!)
PYPI_URL="http://127.0.0.1:$PYPI_PORT/"
wait_http "${PYPI_URL}simple/" pypiserver "$WORK/pypiserver.log"

MAVEN_DIR="$WORK/maven"
mkdir -p "$MAVEN_DIR"
GO_GIT_DIR="$WORK/git/cdk-cognito-protected-http-api-go.git"
git init -q --bare "$GO_GIT_DIR"
echo "npm $NPM_REGISTRY_URL (pid ${pids[0]}), PyPI $PYPI_URL (pid ${pids[1]}), Maven file://$MAVEN_DIR, Go git $GO_GIT_DIR"

stage 'scratch clone'
if [[ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no)" ]]; then
  echo "note: uncommitted changes in $ROOT are not part of the rehearsal (it releases HEAD)"
fi
git clone -q --no-local "$ROOT" "$CLONE"
git -C "$CLONE" config user.name 'Release Rehearsal'
git -C "$CLONE" config user.email 'rehearsal@localhost.invalid'
# The lock file's dependencies, as `npm ci` installs them (hard links: same files, no download).
cp -al "$ROOT/node_modules" "$CLONE/node_modules" 2>/dev/null || (cd "$CLONE" && npx -y npm@10 ci --no-audit --no-fund --loglevel=error)
echo "HEAD $(git -C "$CLONE" log -1 --format='%h %s')"

stage 'npx projen release (every language)'
release_start=$SECONDS
(cd "$CLONE" && env -u CI npx projen release)
VERSION="$(cat "$CLONE/dist/version.txt")"
note "released $(cat "$CLONE/dist/releasetag.txt") (version $VERSION) in $((SECONDS - release_start)) s; dist/: $(cd "$CLONE/dist" && ls -d js/*.tgz python/*.whl "java/$MAVEN_GROUP_PATH"/*/*/*.jar go/*/go.mod 2>/dev/null | sed 's#.*/##' | tr '\n' ' ')"
note "changelog: $(grep . "$CLONE/dist/changelog.md" | head -3 | cut -c1-110 | tr '\n' '|')"
# Kept for the steps after the rehearsal: the packages (test:newest-cdk) and the build's test reports
# (jest's junit.xml, the browser test's screenshot).
rm -rf "$OUT/dist" "$OUT/test-reports" && cp -r "$CLONE/dist" "$OUT/dist" && cp -r "$CLONE/test-reports" "$OUT/test-reports"

# publish JOB ENV... — runs the `release` step of release.yml's JOB with its plain env (secrets and
# expressions left out) and the given local overrides, in the clone (where the job has dist/).
publish() {
  local job="$1"; shift
  local spec
  spec="$(node -e '
    const yaml = require(require.resolve("yaml", { paths: [process.argv[1]] }));
    const wf = yaml.parse(require("fs").readFileSync(process.argv[1] + "/.github/workflows/release.yml", "utf-8"));
    const step = wf.jobs[process.argv[2]].steps.find((s) => s.id === "release");
    const env = Object.entries(step.env ?? {}).filter(([, v]) => !String(v).includes("${{"));
    console.log(JSON.stringify({ run: step.run, env: env.map(([k, v]) => `${k}=${v}`) }));
  ' "$CLONE" "$job")"
  local run
  run="$(node -p 'JSON.parse(process.argv[1]).run' "$spec")"
  local env=()
  mapfile -t env < <(node -e 'for (const e of JSON.parse(process.argv[1]).env) console.log(e)' "$spec")
  echo "$job: $(printf '%s\n' "${env[@]}" "$@" | sed -E 's/^([A-Z_]*(TOKEN|PASSWORD)[A-Z_]*)=.*/\1=***/' | tr '\n' ' '):: $run"
  # npm_config_yes: npx installs publib without asking, as on the workflow's runner (CI set).
  (cd "$CLONE" && env "${env[@]}" npm_config_yes=true "$@" bash -c "$run")
}

stage "publish $VERSION with release.yml's publib commands"
mkdir -p "$WORK/npm-home" "$WORK/pyuser" "$WORK/tmp"
# publib-npm writes ~/.npmrc: its own HOME (npm's cache stays the user's). Under `npx projen` npm
# exports npm_config_userconfig=~/.npmrc, which npm would read instead of the new HOME's: point it there.
publish release_npm HOME="$WORK/npm-home" npm_config_userconfig="$WORK/npm-home/.npmrc" npm_config_cache="$(npm config get cache)" \
  NPM_REGISTRY="127.0.0.1:$NPM_PORT" DISABLE_HTTPS=1 NPM_TOKEN="$NPM_TOKEN" NPM_CONFIG_PROVENANCE=false
# publib-pypi pip-installs twine into the user site: its own PYTHONUSERBASE.
publish release_pypi PYTHONUSERBASE="$WORK/pyuser" TWINE_REPOSITORY_URL="$PYPI_URL" TWINE_USERNAME=rehearsal TWINE_PASSWORD=rehearsal
# Any server id but ossrh/central-ossrh: a plain deploy-file, no signing, no staging.
publish release_maven MAVEN_SERVER_ID=rehearsal-file MAVEN_REPOSITORY_URL="file://$MAVEN_DIR" MAVEN_USERNAME=rehearsal MAVEN_PASSWORD=rehearsal
# publib-golang pushes to https://$GITHUB_TOKEN@github.com/<owner>/<repo>.git: git rewrites it to the bare repository.
publish release_golang GITHUB_TOKEN=rehearsal TMPDIR="$WORK/tmp" \
  GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0="url.file://$GO_GIT_DIR.insteadOf" GIT_CONFIG_VALUE_0="https://rehearsal@$GO_REPO.git"
# The Go repository's tag must hold the module release built, file for file.
go_tag="$GO_PACKAGE/v$VERSION"
mkdir -p "$WORK/go-tag" && git -C "$GO_GIT_DIR" archive "$go_tag" "$GO_PACKAGE" | tar -x -C "$WORK/go-tag"
diff -rq "$WORK/go-tag/$GO_PACKAGE" "$CLONE/dist/go/$GO_PACKAGE" > "$WORK/go-tag.diff" ||
  { echo "FAIL: the Go repository's tag $go_tag differs from dist/go/$GO_PACKAGE:"; head -20 "$WORK/go-tag.diff"; exit 1; }
note "Go tag $go_tag: the same $(find "$WORK/go-tag/$GO_PACKAGE" -type f | wc -l) files as dist/go/$GO_PACKAGE"
# What release_github does: the tag (the next release's version comes from the commits since it).
git -C "$CLONE" tag "$(cat "$CLONE/dist/releasetag.txt")"

npm_tag="$(npm view "$PACKAGE" dist-tags.latest --registry "$NPM_REGISTRY_URL")"
[[ "$npm_tag" == "$VERSION" ]] || { echo "FAIL: npm dist-tag latest is '$npm_tag', expected $VERSION"; exit 1; }
note "published $VERSION: npm (dist-tag latest → $npm_tag), PyPI $(ls "$WORK/pypi" | tr '\n' ' '), Maven $(cd "$MAVEN_DIR/$MAVEN_GROUP_PATH" && ls -d */*/ | tr -d '\n'), Go tags $(git -C "$GO_GIT_DIR" tag | tr '\n' ' ')"

stage "consumers install $PACKAGE $VERSION by name from the registries"
consumers_log="$WORK/consumers.log"
consumers_start=$SECONDS
forget_go_module  # Go must fetch what was just published, not a same-numbered copy from an earlier run
LIBRARY_VERSION="$VERSION" NPM_REGISTRY_URL="$NPM_REGISTRY_URL" PYPI_INDEX_URL="${PYPI_URL}simple/" \
  MAVEN_REPOSITORY_URL="file://$MAVEN_DIR" GO_GIT_URL="file://$GO_GIT_DIR" GO_PUBLISHED_DIR="$CLONE/dist/go/$GO_PACKAGE" GOFLAGS="-modcacherw $(go env GOFLAGS)" \
  "$CLONE/test/consumers/run.sh" 2>&1 | tee "$consumers_log" || { note "consumers FAILED"; exit 1; }
note "consumers: $((SECONDS - consumers_start)) s"
while read -r line; do note "$line"; done < <(grep -E '^(installed |  [a-z]+: (same|blog|.*FAILED))' "$consumers_log")

stage 'API compatibility: a compatible change released as N+1, jsii-diff against N'
next_start=$SECONDS
api_file="$CLONE/src/construct/cognito-protected-http-api.ts"
# A compatible change: one more public (optional, read-only) property on the construct.
sed -i '0,/^  public readonly userPoolClients/s//  \/** Release rehearsal: a compatible addition. *\/\n  public readonly rehearsalNote?: string;\n&/' "$api_file"
grep -q 'public readonly rehearsalNote' "$api_file"
(cd "$CLONE" && npx projen compile > /dev/null && npx projen docgen > /dev/null &&
  git add src API.md && git commit -q -m 'feat: rehearsalNote (a compatible addition)')
# Release N+1 as the release task does it (bump → build → unbump), npm only (CI set), without its
# test step: jest and eslint ran on N's release and the change only adds a property.
(cd "$CLONE" && export CI=true && rm -rf dist && for task in bump default pre-compile compile post-compile package unbump; do npx projen "$task" || exit 1; done > "$WORK/release-2.log" 2>&1) ||
  { tail -40 "$WORK/release-2.log"; exit 1; }
NEXT="$(cat "$CLONE/dist/version.txt")"
note "N+1 ($((SECONDS - next_start)) s with the commit): $(cat "$CLONE/dist/releasetag.txt") (from 'feat: rehearsalNote' since $(git -C "$CLONE" describe --tags --abbrev=0 HEAD))"
# N by name from the registry, on the aws-cdk-lib the clone builds with (the same on both sides).
mkdir -p "$WORK/base" && (cd "$WORK/base" && echo '{"private":true}' > package.json &&
  npm install --no-audit --no-fund --loglevel=error --registry "$NPM_REGISTRY_URL" "$PACKAGE@$VERSION" "aws-cdk-lib@$CDK_VERSION" "constructs@$CONSTRUCTS_VERSION")
BASE="$WORK/base/node_modules/$PACKAGE"
(cd "$CLONE" && node -p "'aws-cdk-lib ' + require('aws-cdk-lib/package.json').version + ' in the clone'")
(cd "$CLONE" && npx jsii-diff --error-on=all "$BASE" "$CLONE") || { note "jsii-diff $VERSION → $NEXT FAILED on a compatible change"; exit 1; }
note "jsii-diff $VERSION → $NEXT: compatible (exit 0)"
# The reverse (N+1 → N) removes a public property: jsii-diff must refuse it.
reverse_rc=0
(cd "$CLONE" && npx jsii-diff --error-on=all "$CLONE" "$BASE") > "$WORK/jsii-diff-reverse.log" 2>&1 || reverse_rc=$?
cat "$WORK/jsii-diff-reverse.log"
if ((reverse_rc == 0)) || ! grep -q rehearsalNote "$WORK/jsii-diff-reverse.log"; then
  note "jsii-diff did NOT fail on a removed public property: the check proves nothing"
  exit 1
fi
note "jsii-diff $NEXT → $VERSION (rehearsalNote removed): exit $reverse_rc, $(grep -m1 rehearsalNote "$WORK/jsii-diff-reverse.log")"
