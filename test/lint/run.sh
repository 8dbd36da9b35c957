#!/usr/bin/env bash
# cfn-lint on every template the tests and the example synthesized, then checkov on the example
# templates against the justifications file. Installs both from PyPI into .venv-lint (reused).
set -euo pipefail
cd "$(dirname "$0")/../.."
CFN_LINT=cfn-lint==1.58.0
CHECKOV=checkov==3.3.30
venv=.venv-lint
if ! "$venv/bin/python" -c 'import cfnlint, checkov' 2>/dev/null \
   || [ "$("$venv/bin/pip" freeze 2>/dev/null | grep -ci -e "^$CFN_LINT\$" -e "^$CHECKOV\$")" != 2 ]; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "$CFN_LINT" "$CHECKOV"
fi
exec "$venv/bin/python" test/lint/lint_templates.py "$@"
