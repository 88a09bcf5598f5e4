#!/usr/bin/env bash
# Remake the README's pictures of the HTML report from examples/ (needs Debian's chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/screenshots
mkdir -p "$out"
cargo run -q -- score examples/ --format html --output "$out/report.html" --quiet

shoot() { # PNG SIZE PAGE
  local profile
  profile=$(mktemp -d)
  chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
    --disable-background-networking --hide-scrollbars --user-data-dir="$profile" \
    --screenshot="$1" --window-size="$2" "file://$PWD/$3" 2>/dev/null
  rm -rf "$profile"
}

# The top of the report: the portfolio and the start of the table.
shoot docs/report.png 1280,1250 "$out/report.html"
# One program in full: the same report with everything else hidden.
sed 's|</style>|body>header,#portfolio,#table,#programs>h2,.program:not(#p8){display:none}</style>|' \
  "$out/report.html" >"$out/program.html"
shoot docs/report-program.png 1280,760 "$out/program.html"
ls -l docs/report.png docs/report-program.png
