"""Check the distributed-engine recipe: a local Spark pipes bare CSV lines
through partake and gets exactly one scored line back per line.

    pip install pyspark          # needs Java 17
    cargo build --release
    python3 docs/spark_pipe.py [path/to/partake]

Not part of CI: it needs Spark. The header-less protocol itself is tested in
tests/csv.rs.
"""

import csv
import io
import os
import sys
import tempfile

from pyspark import SparkContext

partake = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "target/release/partake")
rows = 10_000
texts = [
    ("Bloggers earn a commission on every sale they refer.", "10% commission"),
    ("Backers pledge money so the team can build the next product.", "early access"),
    ("Customers write reviews and star ratings of local businesses.", "none"),
]

with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "inventory.csv")
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        for i in range(rows):
            summary, rewards = texts[i % 3]
            # Every 1,000th line has no program name: it must come back with its error.
            w.writerow([f"id-{i}", "" if i % 1000 == 999 else f"Program {i}", summary, rewards])

    sc = SparkContext("local[2]", "partake-pipe-check")
    sc.setLogLevel("ERROR")
    lines = sc.textFile(path, minPartitions=4)
    command = (
        f"{partake} score - --no-header --columns id,program,summary,rewards "
        "--format csv --no-output-header --quiet"
    )
    scored = lines.pipe(command).collect()
    sc.stop()

    out = list(csv.reader(io.StringIO("\n".join(scored))))
    assert len(out) == rows, f"{len(out)} lines came back for {rows}"
    ids = sorted(r[-4] for r in out)
    assert ids == sorted(f"id-{i}" for i in range(rows)), "every id comes back once"
    errors = [r for r in out if r[12]]
    assert len(errors) == rows // 1000, f"{len(errors)} error rows"
    primaries = {r[2] for r in out if not r[12]}
    assert {"affiliate", "financial", "participation"} <= primaries, primaries
    print(f"ok: {rows} lines in, {len(out)} scored lines out, {len(errors)} with an error; primaries {sorted(primaries)}")
