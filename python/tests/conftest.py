"""Shared by the package's tests: the partake binary to compare with, and its CSV report."""

import csv
import io
import os
import pathlib
import subprocess

import pandas as pd
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def cli() -> str:
    """The partake binary: PARTAKE_BIN (the cargo test that runs these sets it), else
    one built in target/. Every comparison needs it, so it is a failure, never a skip."""
    named = os.environ.get("PARTAKE_BIN")
    candidates = [pathlib.Path(named)] if named else [ROOT / "target/release/partake", ROOT / "target/debug/partake"]
    for candidate in candidates:
        if candidate.is_file():
            return str(candidate)
    pytest.fail("no partake binary to compare with: run `cargo build`, or set PARTAKE_BIN")


def cli_csv(cli: str, *args: str) -> tuple:
    """`partake score ARGS --format csv`: (header, rows), cells as written."""
    run = subprocess.run(
        [cli, "score", *args, "--format", "csv", "--quiet", "--no-formula-guard"],
        capture_output=True,
        cwd=ROOT,
        timeout=600,
    )
    assert run.returncode in (0, 2), run.stderr.decode()
    rows = list(csv.reader(io.StringIO(run.stdout.decode("utf-8-sig"), newline="")))
    return rows[0], rows[1:]


def cell(value) -> str:
    """A Python value as the CLI's CSV writes it."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


SCORE_COLUMNS = ["program", "primary", "secondary", "hybrid"]


def assert_same_scores(header: list, cli_rows: list, ours: list, ids: list) -> None:
    """Each of `ours` (dicts of score columns) equals the CLI's row at the same place:
    every score column the CLI writes, by name (the first of a repeated name), and
    the row number in `source`."""
    assert len(ours) == len(cli_rows), f"{len(ours)} rows scored, the CLI wrote {len(cli_rows)}"
    columns = SCORE_COLUMNS + ids + ["mutual_benefit", "recognized", "error"]
    at = {name: header.index(name) for name in columns if name in header}
    for required in SCORE_COLUMNS + ids + ["mutual_benefit", "error"]:
        assert required in at, f"the CLI's report has no `{required}` column"
    for index, (mine, theirs) in enumerate(zip(ours, cli_rows)):
        assert theirs[header.index("source")].endswith(f":row {mine['row']}"), (index, theirs[0], mine["row"])
        for name, column in at.items():
            assert cell(mine[name]) == theirs[column], (index, name, mine[name], theirs[column])
