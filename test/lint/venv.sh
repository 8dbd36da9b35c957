#!/usr/bin/env bash
# Creates (or reuses) .venv-lint with the pinned cfn-lint and checkov from PyPI; prints its path.
# Used by test/lint/run.sh and by the schema-coverage test (cfn-lint ships CloudFormation's resource schemas).
set -euo pipefail
cd "$(dirname "$0")/../.."
CFN_LINT=cfn-lint==1.58.0
CHECKOV=checkov==3.3.30
venv=.venv-lint
if ! "$venv/bin/python" -c 'import cfnlint, checkov' 2>/dev/null \
   || [ "$("$venv/bin/pip" freeze 2>/dev/null | grep -ci -e "^$CFN_LINT\$" -e "^$CHECKOV\$")" != 2 ]; then
  rm -rf "$venv"
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check "$CFN_LINT" "$CHECKOV" >&2
fi
echo "$PWD/$venv"
