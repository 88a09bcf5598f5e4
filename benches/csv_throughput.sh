#!/usr/bin/env bash
# Throughput and memory of `partake score inventory.csv --format csv`, against the
# floor: the csv crate parsing and rewriting the same file with one reused
# ByteRecord and no scoring. Prints, per size, both wall times, their ratio and
# partake's peak RSS (from /usr/bin/time -v).
#
#   benches/csv_throughput.sh              10k and 1M rows (~280 MB, generated once)
#   benches/csv_throughput.sh 10000 100000 other sizes
#
# Generated inventories stay in target/bench-data/, out of git.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(10000 1000000)
[ -x /usr/bin/time ] || { echo "needs GNU time (/usr/bin/time; apt-get install time)" >&2; exit 2; }

cargo build --release --quiet
helper=$(cargo bench --bench csv_throughput --no-run --message-format=json 2>/dev/null \
  | sed -n 's/.*"executable":"\([^"]*csv_throughput[^"]*\)".*/\1/p' | tail -1)
[ -x "$helper" ] || { echo "could not build the benchmark helper" >&2; exit 2; }
partake=target/release/partake
data=target/bench-data
mkdir -p "$data"

# Best of three wall times (seconds), with that run's CPU seconds (user + system),
# and the largest peak RSS (KiB) of the three. The CPU time shows how much of the
# two cores a run got on a shared machine.
measure() {
  local best="" cpu="" peak=0 t u s rss
  for _ in 1 2 3; do
    /usr/bin/time -f '%e %U %S %M' -o "$data/time.txt" "$@" > /dev/null 2> "$data/stderr.txt" || true
    read -r t u s rss < "$data/time.txt"
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; cpu=$(awk "BEGIN{print $u + $s}"); fi
    [ "$rss" -gt "$peak" ] && peak=$rss
  done
  echo "$best $cpu $peak"
}

printf '%-10s %8s %12s %12s %8s %14s %16s\n' rows MB baseline_s partake_s ratio partake_cpu_s partake_rss_MiB
for rows in "${sizes[@]}"; do
  file="$data/inventory-$rows.csv"
  [ -f "$file" ] || "$helper" generate "$rows" "$file"
  mb=$(awk "BEGIN{printf \"%.0f\", $(stat -c %s "$file") / 1e6}")
  cat "$file" > /dev/null # warm the page cache for both
  read -r base _ _ < <(measure "$helper" baseline "$file")
  read -r ours cpu rss < <(measure "$partake" score "$file" --format csv --quiet)
  # /usr/bin/time counts in hundredths: a baseline under 10 ms has no meaningful ratio.
  ratio=$(awk "BEGIN{if ($base > 0) printf \"%.1f\", $ours / $base; else print \"-\"}")
  printf '%-10s %8s %12s %12s %8s %14s %16.1f\n' "$rows" "$mb" "$base" "$ours" "$ratio" "$cpu" "$(awk "BEGIN{print $rss/1024}")"
done
echo "($(nproc) cores; best of 3 wall times; target: ratio <= 1.5, RSS <= 32 MiB and flat)"
