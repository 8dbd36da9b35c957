#!/usr/bin/env bash
# Runs the README's *Quick start* as written, in a new directory: its first block (a new npm app that
# installs the package, aws-cdk-lib, constructs, the CDK CLI and tsx), its app.ts, `cdk synth`, the
# local runner (in the background, as "leave it running" says), then the "second terminal" block,
# whose curl answers and check-access must be 200, 401 and exit 0. The only change to the commands:
# `npm install cdk-cognito-protected-http-api` installs the package under test.
#
# Usage: test/consumers/quick-start.sh WORK_DIR PACKAGE     (PACKAGE: a tarball, or name@version with
#        npm_config_registry set to the registry that has it)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORK="$1" PACKAGE="$2"

# The fenced blocks of the Quick start section, in order: setup, app.ts, synth + local, second terminal.
section="$(awk '/^## Quick start/ { on = 1; next } /^## / { on = 0 } on' "$ROOT/README.md")"
block() { awk -v n="$1" '/^```/ { fence = !fence; if (fence) count++; next } fence && count == n' <<< "$section"; }
setup="$(block 1)" app="$(block 2)" serve="$(block 3)" call="$(block 4)"
[[ "$setup" == *'npm install cdk-cognito-protected-http-api '* && "$app" == *CognitoProtectedHttpApi* &&
  "$serve" == *' local '* && "$call" == *check-access* ]] || { echo 'FAIL: the README has no Quick start of four blocks' >&2; exit 1; }

mkdir -p "$WORK" && cd "$WORK"
export CDK_DISABLE_CLI_TELEMETRY=true
echo "== setup (README block 1, package: $PACKAGE)"
bash -euo pipefail -c "${setup//npm install cdk-cognito-protected-http-api /npm install --no-audit --no-fund $PACKAGE }
printf '%s\n' \"\$PWD\" > '$WORK/app-dir'"
cd "$(cat "$WORK/app-dir")"
printf '%s\n' "$app" > app.ts
echo "installed $(node -p "['cdk-cognito-protected-http-api', 'aws-cdk-lib', 'aws-cdk', 'tsx', 'typescript'].map((p) => { try { return p + '@' + require(p + '/package.json').version } catch { return p + ': none' } }).join(', ')")"

echo '== synth and serve (README block 3)'
synth="$(sed -n 1p <<< "$serve")" local_runner="$(sed -n 2p <<< "$serve")"
bash -euo pipefail -c "$synth"
setsid bash -c "${local_runner%%#*}" > runner.log 2>&1 &
runner=$!
trap 'kill -TERM -- "-$runner" 2> /dev/null || true; wait "$runner" 2> /dev/null || true' EXIT
for _ in $(seq 1 300); do
  grep -q 'Ctrl-C stops everything' runner.log && break
  kill -0 "$runner" 2> /dev/null || { cat runner.log; echo 'FAIL: the local runner exited' >&2; exit 1; }
  sleep 1
done
grep -q 'Ctrl-C stops everything' runner.log || { cat runner.log; echo 'FAIL: the local runner did not start in 300 s' >&2; exit 1; }
sed -n '/^TasksApi/,/^Endpoints/p' runner.log

echo '== the second terminal (README block 4)'
bash -euo pipefail -c "$call" | tee calls.log
answers="$(grep -E '^[0-9]{3}$' calls.log | tr '\n' ' ')"
[[ "$answers" == '200 401 ' ]] || { echo "FAIL: curl answered '$answers', the README says 200 then 401" >&2; exit 1; }
echo 'quick start: 200, 401, check-access passed'

# The README's *Test it*, as written, in the same app: each "`file`:" block is written to that file,
# each bash block runs (jest with ts-jest, one runner per file and one for all files, the CI snippet);
# before the vitest block, test/api.test.ts gets the import line the text before it gives.
kill -TERM -- "-$runner" 2> /dev/null || true
wait "$runner" 2> /dev/null || true
trap - EXIT
echo '== the README'"'"'s Test it'
steps="$WORK/test-it-steps"
rm -rf "$steps" && mkdir -p "$steps"
node - "$ROOT/README.md" "$steps" <<'JS'
const fs = require('fs');
const [readme, out] = process.argv.slice(2);
const section = fs.readFileSync(readme, 'utf-8').split('\n## Test it\n')[1].split('\n## ')[0];
const lines = section.split('\n');
let n = 0, file, inBlock = false, lang, code = [], prose = [];
for (const line of lines) {
  if (!inBlock && line.startsWith('```')) { inBlock = true; lang = line.slice(3).trim(); code = []; continue; }
  if (inBlock && line === '```') {
    inBlock = false;
    const name = String(++n).padStart(2, '0');
    const vitest = /vitest/.test(prose.join(' ')) && lang === 'bash';
    if (file) fs.writeFileSync(`${out}/${name}.file`, `${file}\n${code.join('\n')}\n`);
    else fs.writeFileSync(`${out}/${name}.${vitest ? 'vitest' : 'run'}`, `${code.join('\n')}\n`);
    file = undefined; prose = [];
    continue;
  }
  if (inBlock) { code.push(line); continue; }
  const named = /^`([^`]+)`:$/.exec(line.trim());
  if (named) file = named[1]; else if (line.trim()) prose.push(line);
}
JS
import_line="$(sed -n "s/.*starts with \`\(import { afterAll[^\`]*\)\`.*/\1/p" <<< "$(awk '/^## Test it/{on=1} /^## Features/{on=0} on' "$ROOT/README.md" | tr '\n' ' ')")"
for step in "$steps"/*; do
  case "$step" in
    *.file) target="$(head -1 "$step")"; mkdir -p "$(dirname "$target")"; tail -n +2 "$step" > "$target"; echo "-- wrote $target" ;;
    *.vitest)
      [[ -n "$import_line" ]] || { echo 'FAIL: the Test it section gives no vitest import line' >&2; exit 1; }
      printf '%s\n' "$import_line" | cat - test/api.test.ts > test/api.test.ts.new && mv test/api.test.ts.new test/api.test.ts
      echo "-- test/api.test.ts now starts with: $import_line"
      bash -euo pipefail "$step" ;;
    *.run) echo "-- run: $(head -c 200 "$step" | tr '\n' ';')"; bash -euo pipefail "$step" ;;
  esac
done
# Every runner the tests started is gone: no Cognito emulator (moto) left working in this app's directory.
sleep 1
for pid in $(pgrep -f 'moto.server import' || true); do
  if [[ "$(readlink "/proc/$pid/cwd" 2> /dev/null)" == "$PWD" ]]; then
    ps -o pid,ppid,etime,args -p "$pid" >&2
    echo 'FAIL: a Cognito emulator the tests started is still running' >&2; exit 1
  fi
done
echo 'test it: jest (per file and shared runner), the CI snippet and vitest passed; nothing left running'
