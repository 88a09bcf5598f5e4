"""The Python package against the CLI on the same rows (run by benches/python_vs_cli.sh).

  1. score_frame on a 200,000-row pandas frame vs `partake score --format csv` on the
     same rows as CSV;
  2. the Spark recipe (spark.read.csv + score_spark) on 1,000,000 rows in local[2]
     vs the CLI on the same file.

Times are wall clock, best of three for the first and one run for the second; the
frame is read before the clock starts (scoring is what is compared)."""

import os
import subprocess
import sys
import time

import pandas as pd

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "python", "tests"))
import inventory  # noqa: E402
import partake  # noqa: E402

cli, data = sys.argv[1], sys.argv[2]
os.makedirs(data, exist_ok=True)


def cli_seconds(path: str) -> float:
    start = time.perf_counter()
    subprocess.run([cli, "score", path, "--format", "csv", "--quiet", "--output", os.devnull],
                   stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def best(f, times=3) -> float:
    return min(f() for _ in range(times))


small = os.path.join(data, "python-200k.csv")
if not os.path.exists(small):
    inventory.write(small, 200_000)
df = pd.read_csv(small, dtype=str, keep_default_na=False)
partake.score_frame(df.head(10))  # models compiled once, as in any session


def frame_seconds() -> float:
    start = time.perf_counter()
    partake.score_frame(df)
    return time.perf_counter() - start


wheel, command = best(frame_seconds), best(lambda: cli_seconds(small))
print(f"200,000 rows: score_frame {wheel:.2f} s, CLI --format csv {command:.2f} s, ratio {wheel / command:.2f}x")

if "--no-spark" in sys.argv:
    sys.exit(0)
from pyspark.sql import SparkSession  # noqa: E402
from pyspark.sql import types as T  # noqa: E402

large = os.path.join(data, "python-1m.csv")
if not os.path.exists(large):
    inventory.write(large, 1_000_000)
os.environ["PYSPARK_PYTHON"] = sys.executable
spark = (SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false")
         .config("spark.driver.memory", "2g").getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
start = time.perf_counter()
header = spark.read.csv(large, header=True).schema
schema = T.StructType([T.StructField(f.name, T.StringType()) for f in header]
                      + [T.StructField(partake.CORRUPT_RECORD, T.StringType())])
df = spark.read.csv(large, schema=schema, header=True, multiLine=True, escape='"',
                    mode="PERMISSIVE", columnNameOfCorruptRecord=partake.CORRUPT_RECORD)
out = os.path.join(data, "python-1m-scored")
partake.score_spark(df).write.mode("overwrite").csv(out, header=True, escape='"')
job = time.perf_counter() - start
spark.stop()
command = cli_seconds(large)
print(f"1,000,000 rows: Spark local[2] read + score_spark + write {job:.1f} s, CLI --format csv {command:.1f} s, "
      f"ratio {job / command:.1f}x")
