#!/usr/bin/env bash
# cfn-lint on every template the tests and the example synthesized, then checkov on the example
# templates against the justifications file. Both come from PyPI into .venv-lint (test/lint/venv.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
venv="$(bash test/lint/venv.sh)"
exec "$venv/bin/python" test/lint/lint_templates.py "$@"
