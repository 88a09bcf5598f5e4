#!/usr/bin/env bash
# The Python package's tests: builds the package into a virtualenv under
# target/python/venv (made on first use; later runs only check it) and runs pytest:
# records, pandas, Polars, Arrow, and the Spark recipe in local mode.
#
#   python/test.sh [PYTEST ARGS...]
#
# PARTAKE_BIN names the partake binary the scores are compared with (default: one
# built in target/). Exit 77 means a tool could not be provisioned (no python3, no
# venv module, pip could not install): tests/it/python.rs reports that as a skip,
# except under CI=true, where it fails.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p ../target/python
venv=$(cd ../target/python && pwd)/venv
python=${PYTHON:-python3}

if [ ! -x "$venv/bin/python" ]; then
  command -v "$python" >/dev/null || { echo "python/test.sh: $python not found" >&2; exit 77; }
  "$python" -m venv "$venv" || { echo "python/test.sh: $python -m venv failed (install python3-venv)" >&2; rm -rf "$venv"; exit 77; }
fi
"$venv/bin/python" -m pip install -q --disable-pip-version-check -r requirements-test.txt \
  || { echo "python/test.sh: pip could not install requirements-test.txt" >&2; exit 77; }
# A release build, as users get from pip; cargo rebuilds only what changed.
VIRTUAL_ENV=$venv PATH="$venv/bin:$PATH" maturin develop --release --quiet
exec "$venv/bin/python" -m pytest -q -p no:cacheprovider tests "$@"
