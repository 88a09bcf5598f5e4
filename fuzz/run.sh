#!/usr/bin/env bash
# Run the fuzz targets (cargo-fuzz with libFuzzer), one after another.
#
#   fuzz/run.sh                 every target, 60 seconds each
#   fuzz/run.sh 600 spec csv    these targets, 600 seconds each
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`) and a nightly toolchain; on a stable
# one it sets RUSTC_BOOTSTRAP=1 so the nightly-only flags libFuzzer needs are accepted.
# The seed corpus is made from examples/, models/ and tests/fixtures/ each time;
# what the fuzzer learns stays in fuzz/corpus/ (not committed), crashes in fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")"

seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(spec csv model policy render)

if ! rustc --version | grep -q nightly; then
  export RUSTC_BOOTSTRAP=1
fi

seed() {
  local target=$1
  shift
  mkdir -p "corpus/$target"
  for file in "$@"; do
    [ -f "$file" ] && cp "$file" "corpus/$target/seed-$(basename "$(dirname "$file")")-$(basename "$file")"
  done
  return 0
}
shopt -s nullglob globstar
seed spec ../examples/*.yaml ../tests/fixtures/**/*.yaml ../tests/sets/**/*.yaml
seed render ../examples/*.yaml ../tests/fixtures/html/*.yaml ../tests/fixtures/errors/*.yaml
seed csv ../tests/fixtures/csv/*.csv
seed model ../models/*.yaml ../tests/fixtures/models/**/*.yaml
seed policy ../tests/fixtures/check/*/partake.yaml

# No sanitizer: partake is safe Rust; the fuzzer looks for panics, hangs and memory blow-ups.
cargo fuzz build -s none -O
for target in "${targets[@]}"; do
  echo "== fuzz $target for ${seconds}s"
  cargo fuzz run -s none -O "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 -max_len=65536 -print_final_stats=1
done
