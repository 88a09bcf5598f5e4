#!/usr/bin/env bash
# Speed and memory of partake, against tools that do the same reading with no
# scoring, in one run (a benchmark, not a timed test: ratios in one run on the same
# machine mean more than seconds).
#
#   benches/csv_throughput.sh                200k and 1M rows, and everything below
#   benches/csv_throughput.sh 10000 100000   other sizes
#   QUICK=1 benches/csv_throughput.sh        skip the 10M-row memory run
#   benches/csv_throughput.sh startup        only the start-up part (3. below)
#   benches/csv_throughput.sh floor [ROWS]   the floor (5. below), at 200k rows or ROWS
#   PARTAKE=path/to/partake benches/...      measure another build of partake
#
# Prints:
# 1. per size, the wall time of `partake score X.csv --format csv` against
#    `xsv select 1- X.csv` (parse and rewrite) and against the csv crate's fastest
#    loop (benches/csv_throughput.rs), their ratios, and partake's CPU time and peak RSS;
# 2. peak RSS at 10k, 1M and 10M rows (the 10M file, ~2.8 GB, is made and deleted);
# 3. one cell of one clause, 1 and 2 MB long (reading stays linear in its length);
# 4. start-up: `partake check` on one spec against `xsv count` on a one-line CSV.
# 5. with `floor`, instead: the same throughput for builds of the commit checked out
#    that read less of the text, one for each patch in benches/floor/ (no text read;
#    its words only looked up; read into tokens, no phrase), beside the same commit
#    unpatched: what each stage of the reading adds to the ratio (PARTAKE is not used).
# xsv is installed with `cargo install xsv --locked` when missing. Generated
# inventories stay in target/bench-data/, out of git.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
startup_only=""
floor=""
[ "${1:-}" = startup ] && { startup_only=1; sizes=(); }
[ "${1:-}" = floor ] && { floor=1; sizes=("${2:-200000}"); }
[ ${#sizes[@]} -eq 0 ] && [ -z "$startup_only" ] && sizes=(200000 1000000)
[ -x /usr/bin/time ] || { echo "needs GNU time (/usr/bin/time; apt-get install time)" >&2; exit 2; }
command -v xsv >/dev/null || cargo install xsv --locked --quiet
xsv=$(command -v xsv || echo "$HOME/.cargo/bin/xsv")

cargo build --release --quiet
if [ -z "$startup_only" ]; then
  helper=$(cargo bench --bench csv_throughput --no-run --message-format=json 2>/dev/null \
    | sed -n 's/.*"executable":"\([^"]*csv_throughput[^"]*\)".*/\1/p' | tail -1)
  [ -x "$helper" ] || { echo "could not build the benchmark helper" >&2; exit 2; }
fi
partake=${PARTAKE:-target/release/partake}
data=target/bench-data
mkdir -p "$data"

# Best of RUNS wall times (seconds), with that run's CPU seconds (user + system),
# and the largest peak RSS (KiB). The CPU time shows how much of the two cores a
# run got on a shared machine.
measure() {
  local runs=${RUNS:-3} best="" cpu="" peak=0 t u s rss
  for _ in $(seq "$runs"); do
    /usr/bin/time -f '%e %U %S %M' -o "$data/time.txt" "$@" > /dev/null 2> "$data/stderr.txt" || true
    read -r t u s rss < "$data/time.txt"
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; cpu=$(awk "BEGIN{print $u + $s}"); fi
    [ "$rss" -gt "$peak" ] && peak=$rss
  done
  echo "$best $cpu $peak"
}
ratio() { awk "BEGIN{if ($2 > 0) printf \"%.1f\", $1 / $2; else print \"-\"}"; }
inventory() {
  local file="$data/inventory-$1.csv"
  [ -f "$file" ] || "$helper" generate "$1" "$file"
  echo "$file"
}

if [ -n "$floor" ]; then
  # Each patch applied to a worktree of HEAD, built apart; a patch that no longer
  # applies stops the run, to be written again for the code as it is.
  work=target/floor
  rm -rf "$work/tree"
  git worktree prune
  git worktree add --quiet --detach "$work/tree" HEAD
  builds=()
  # The whole build too, from the same commit as the patched ones.
  for patch in benches/floor/*.patch whole; do
    name=$(basename "$patch" .patch)
    git -C "$work/tree" checkout --quiet -- .
    if [ "$name" != whole ]; then
      git -C "$work/tree" apply "$PWD/$patch" || { echo "benches/floor/$name.patch no longer applies" >&2; exit 2; }
    fi
    (cd "$work/tree" && CARGO_TARGET_DIR="$PWD/../target" cargo build --release --quiet)
    cp "$work/target/release/partake" "$work/partake-$name"
    builds+=("$name")
  done
  git worktree remove --force "$work/tree"
  file=$(inventory "${sizes[0]}")
  cat "$file" > /dev/null
  echo "== the floor: ${sizes[0]} rows, score --format csv by builds that read less, against xsv select 1-"
  read -r xs _ _ < <(measure "$xsv" select 1- "$file")
  printf '%-18s %8s %8s %8s\n' build wall_s vs_xsv cpu_s
  printf '%-18s %8s %8s\n' xsv "$xs" 1.0
  for name in "${builds[@]}"; do
    read -r ours cpu _ < <(measure "$work/partake-$name" score "$file" --format csv --quiet)
    printf '%-18s %8s %8s %8s\n' "$name" "$ours" "$(ratio "$ours" "$xs")" "$cpu"
  done
  exit 0
fi

if [ -z "$startup_only" ]; then
  echo "== throughput: score --format csv against reading and rewriting the same file"
  printf '%-9s %5s %8s %8s %10s %9s %9s %8s %8s\n' rows MB xsv_s csv_s partake_s vs_xsv vs_csv cpu_s RSS_MiB
  for rows in "${sizes[@]}"; do
    file=$(inventory "$rows")
    mb=$(awk "BEGIN{printf \"%.0f\", $(stat -c %s "$file") / 1e6}")
    cat "$file" > /dev/null # warm the page cache for all three
    read -r xs _ _ < <(measure "$xsv" select 1- "$file")
    read -r base _ _ < <(measure "$helper" baseline "$file")
    read -r ours cpu rss < <(measure "$partake" score "$file" --format csv --quiet)
    printf '%-9s %5s %8s %8s %10s %9s %9s %8s %8.1f\n' "$rows" "$mb" "$xs" "$base" "$ours" \
      "$(ratio "$ours" "$xs")" "$(ratio "$ours" "$base")" "$cpu" "$(awk "BEGIN{print $rss/1024}")"
  done
  echo "(target: vs_xsv <= 3, aim 1.5)"

  echo
  echo "== peak RSS of score --format csv, by rows (target: under 32 MiB and flat)"
  memory_sizes=(10000 1000000)
  [ -n "${QUICK:-}" ] || memory_sizes+=(10000000)
  for rows in "${memory_sizes[@]}"; do
    file=$(inventory "$rows")
    read -r _ _ rss < <(RUNS=1 measure "$partake" score "$file" --format csv --quiet)
    printf '%-9s %8.1f MiB\n' "$rows" "$(awk "BEGIN{print $rss/1024}")"
    # The largest file is made for this run only.
    [ "$rows" -ge 10000000 ] && rm -f "$file"
  done
  echo

  # A cell of one clause a megabyte long, and two: reading must stay linear in its
  # length (a phrase's actor, verb and the seller's network looked for nearby, not
  # across the whole clause), so the second takes about twice the first.
  echo "== one cell of one clause, 1 and 2 MB (target: linear, twice the text in about twice the time)"
  for reps in 30000 60000; do
    awk -v reps="$reps" 'BEGIN { printf "program,summary\nBig,\""; for (i = 0; i < reps; i++) printf "members sell cakes and earn commission "; print "\"" }' \
      > "$data/one-long-cell.csv"
    read -r ours _ rss < <(measure "$partake" score "$data/one-long-cell.csv" --format csv --quiet)
    printf '%4s MB   partake %s s   %.1f MiB\n' "$(awk "BEGIN{printf \"%.0f\", $(stat -c %s "$data/one-long-cell.csv") / 1e6}")" \
      "$ours" "$(awk "BEGIN{print $rss/1024}")"
  done
echo
fi

echo "== start-up: check on one spec against xsv count on a one-line CSV (target: within 4x)"
printf 'program\nP\n' > "$data/one-line.csv"
# Best of 20, in microseconds: a start-up is too short for /usr/bin/time's hundredths.
fastest() {
  local best="" t0 t
  for _ in $(seq 20); do
    t0=$(date +%s%N)
    "$@" > /dev/null 2>&1 || true
    t=$((($(date +%s%N) - t0) / 1000))
    if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
  done
  echo "$best"
}
ours=$(fastest "$partake" check --no-config examples/amazon-flex.yaml --quiet)
xs=$(fastest "$xsv" count "$data/one-line.csv")
printf 'partake check %s us   xsv count %s us   ratio %s\n' "$ours" "$xs" "$(ratio "$ours" "$xs")"
echo "($(nproc) cores; best of 3 wall times, of 20 for start-up)"
