#!/usr/bin/env bash
# `npx projen test:workflows` — actionlint on every workflow projen generated (.github/workflows/*.yml).
# actionlint is built from the Go module proxy (`go install`, pinned) into a cache directory once.
# shellcheck and pyflakes integrations are off: the `run:` snippets are projen's, not ours, and a
# machine with or without shellcheck must give the same answer.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ACTIONLINT_VERSION=1.7.12
BIN="${REHEARSAL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cdk-cognito-protected-http-api/release-rehearsal}/actionlint-$ACTIONLINT_VERSION"
if [[ ! -x "$BIN/actionlint" ]]; then
  GOBIN="$BIN" go install "github.com/rhysd/actionlint/cmd/actionlint@v$ACTIONLINT_VERSION"
fi
cd "$ROOT"
workflows=(.github/workflows/*.yml)
"$BIN/actionlint" -version | sed -n 1p
"$BIN/actionlint" -shellcheck= -pyflakes= "${workflows[@]}"
echo "actionlint: ${#workflows[@]} workflows clean (${workflows[*]})"
