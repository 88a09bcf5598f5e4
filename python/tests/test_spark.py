"""The Spark recipe of the README, in local mode: a generated inventory with quoted
line breaks and bad rows, read by Spark's own CSV reader and scored with
mapInArrow across many partitions and batches, against the CLI on the same file.

Needs Java 17 and PySpark; under CI=true their absence is a failure, elsewhere a skip."""

import os
import shutil
import sys

import pytest

import partake
from conftest import assert_same_scores, cli_csv
import inventory

try:
    from pyspark.sql import SparkSession
    from pyspark.sql import types as T
except ImportError:  # pragma: no cover - reported below
    SparkSession = None

ROWS = 4000


def spark_or_skip():
    missing = []
    if SparkSession is None:
        missing.append("pyspark")
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        missing.append("java")
    if missing:
        message = f"the Spark test needs {' and '.join(missing)}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def spark():
    spark_or_skip()
    # The workers' Python is this one, where the package is installed.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("partake-spark-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "8")
        # Small Arrow batches: many batches per partition, each scored on its own.
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "97")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_the_spark_recipe_loses_and_repeats_nothing(spark, cli, tmp_path):
    path = tmp_path / "inventory.csv"
    inventory.write(path, ROWS)
    with open(path, "a", newline="", encoding="utf-8") as f:
        # Rows Spark's reader cannot parse: too many cells, too few, and last an
        # unclosed quote that runs to the end of the file.
        f.write("id-many,Too many,a,b,c,d,e,f,g,h,i\r\n")
        f.write("id-few,Too few\r\n")
        f.write('id-open,"Unclosed quote,a,b\r\nid-swallowed,After,a,b,c,d,e,f,g\r\n')

    # The recipe: the header names the columns, all text, plus the corrupt-record column.
    header = spark.read.csv(str(path), header=True).schema
    schema = T.StructType(
        [T.StructField(f.name, T.StringType()) for f in header]
        + [T.StructField(partake.CORRUPT_RECORD, T.StringType())]
    )
    df = spark.read.csv(
        str(path), schema=schema, header=True, multiLine=True, escape='"',
        mode="PERMISSIVE", columnNameOfCorruptRecord=partake.CORRUPT_RECORD,
    )
    scored = partake.score_spark(df.repartition(23, "id"))
    assert scored.rdd.getNumPartitions() == 23
    rows = [r.asDict() for r in scored.collect()]

    cli_header, cli_rows = cli_csv(cli, str(path))
    id_column = cli_header.index("id")
    assert len(rows) == len(cli_rows), "one output row per input record"
    ids = [r["id"] for r in rows]
    assert len(set(ids)) == len(ids), "no id twice"
    assert set(ids) == {row[id_column] for row in cli_rows}
    assert "id-swallowed" not in ids, "taken into the unclosed quote's cell, as by the CLI"

    by_id = {r["id"]: r for r in rows}
    unparsed = {"id-many", "id-few", "id-open"}
    for i in unparsed:
        assert "could not parse this record" in by_id[i]["error"], by_id[i]
    parsed = [row for row in cli_rows if row[id_column] not in unparsed]
    ours = [dict(by_id[row[id_column]], row=int(row[0].rsplit(" ", 1)[1])) for row in parsed]
    assert_same_scores(cli_header, parsed, ours, partake.model_ids())
    assert sum(1 for r in rows if r["error"]) == sum(1 for row in cli_rows if row[cli_header.index("error")]) > 100
    # The schema the recipe documents.
    assert scored.columns[:3] == ["row", "program", "primary"] and "Beneficiaries.Others" in scored.columns
