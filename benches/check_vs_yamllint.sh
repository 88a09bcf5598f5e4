#!/usr/bin/env bash
# Times `partake check` over 1,000 spec files against `yamllint -d relaxed` over
# the same files, in one run, and prints the ratio (the goal is <= 0.15).
#
#   cargo build --release && pip install yamllint
#   benches/check_vs_yamllint.sh [N_FILES]
#
# The specs are copies of tests/sets/corpus/ and examples/, in a
# temporary git repository with two commits, so `--baseline HEAD~1` reads 1,000
# old versions too. Each tool runs RUNS times; the best time counts.
set -euo pipefail

N=${1:-1000}
RUNS=${RUNS:-5}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PARTAKE=${PARTAKE:-$ROOT/target/release/partake}
[ -x "$PARTAKE" ] || { echo "build first: cargo build --release" >&2; exit 2; }
command -v yamllint >/dev/null || { echo "install yamllint first: pip install yamllint" >&2; exit 2; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/specs"
mapfile -t SOURCES < <(ls "$ROOT"/tests/sets/corpus/*.yaml "$ROOT"/examples/*.yaml)
for ((i = 0; i < N; i++)); do
    src=${SOURCES[$((i % ${#SOURCES[@]}))]}
    cp "$src" "$WORK/specs/$(printf 'p%04d' "$i")-$(basename "$src")"
done
cd "$WORK"
git init -q && git add . && git -c user.name=bench -c user.email=bench@example.com commit -qm one
# Change one file in ten, so the baseline diff has something to report.
for f in $(ls specs | awk 'NR % 10 == 0'); do
    sed -i 's/^  participants: direct/  participants: indirect/' "specs/$f"
done
git add . && git -c user.name=bench -c user.email=bench@example.com commit -qm two

best() { # best wall time in seconds of RUNS runs of "$@" (output discarded)
    local best=999999 start end t
    for ((r = 0; r < RUNS; r++)); do
        start=$(date +%s.%N)
        "$@" >/dev/null 2>&1 || true
        end=$(date +%s.%N)
        t=$(echo "$end - $start" | bc -l)
        if (($(echo "$t < $best" | bc -l))); then best=$t; fi
    done
    echo "$best"
}

yl=$(best yamllint -d relaxed specs)
pc=$(best "$PARTAKE" check specs --no-config --format json)
pb=$(best "$PARTAKE" check specs --no-config --format json --baseline HEAD~1)
printf 'files: %d (best of %d runs each)\n' "$N" "$RUNS"
printf 'yamllint -d relaxed specs               %7.3f s\n' "$yl"
printf 'partake check specs                     %7.3f s  ratio %.3f\n' "$pc" "$(echo "$pc / $yl" | bc -l)"
printf 'partake check specs --baseline HEAD~1   %7.3f s  ratio %.3f\n' "$pb" "$(echo "$pb / $yl" | bc -l)"
