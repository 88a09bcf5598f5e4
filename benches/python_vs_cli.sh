#!/usr/bin/env bash
# The Python package against the CLI: score_frame on 200k rows, and the Spark recipe
# on 1M rows in local[2], each against `partake score --format csv` on the same rows.
# Uses the virtualenv python/test.sh makes (run it once first); data goes to
# target/bench-data/. `--no-spark` skips the Spark half.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
venv=target/python/venv
[ -x "$venv/bin/python" ] || { echo "run python/test.sh first: it makes $venv" >&2; exit 2; }
(cd python && VIRTUAL_ENV=$PWD/../$venv PATH="$PWD/../$venv/bin:$PATH" maturin develop --release --quiet)
exec "$venv/bin/python" benches/python_vs_cli.py target/release/partake target/bench-data "$@"
