"""The Python package against the CLI: same column matching, same rows, same scores."""

import csv
import pathlib
import warnings

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
import yaml

import partake
from conftest import ROOT, assert_same_scores, cli_csv
import inventory

IDS = partake.model_ids()
SCORES = ["row", "program", "primary", "secondary", "hybrid", *IDS, "mutual_benefit", "recognized", "error"]


def example_records() -> list:
    """The bundled examples as records: lists one item per line, nested keys dotted,
    `rewards: []` as `none`."""
    records = []
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        spec = yaml.safe_load(path.read_text())
        record = {}
        for key, value in spec.items():
            if key == "beneficiaries":
                record.update({f"beneficiaries.{party}": level for party, level in value.items()})
            elif key == "rewards" and value == []:
                record[key] = "none"  # in a cell, as in a spreadsheet: a blank one is a value left out
            else:
                record[key] = value
        records.append(record)
    return records


def write_records(records: list, path: pathlib.Path) -> None:
    names = list(dict.fromkeys(key for record in records for key in record))
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(names)
        for record in records:
            w.writerow([partake._spelled(record[n]) if record.get(n) is not None else "" for n in names])


def test_records_come_back_scored_in_order_with_their_own_keys():
    records = [
        {"id": 7, "program": "Refer a friend", "rewards": ["$10 credit per signup", "a free month"]},
        {"id": 8, "program": " ", "summary": "Customers write reviews."},
        {"id": 9, "Program": "x"} if False else {"id": 9, "program": "Reviews", "network_effect": True,
                                                  "summary": "Customers write reviews and star ratings, unpaid."},
    ]
    out = partake.score(records)
    assert len(out) == 3
    assert list(out[0])[: len(SCORES)] == SCORES
    assert [r["row"] for r in out] == [1, 2, 3]
    assert [r["id"] for r in out] == [7, 8, 9], "the record's own values, unchanged"
    assert out[0]["rewards"] == ["$10 credit per signup", "a free month"]
    assert out[0]["primary"] == "affiliate" and out[0]["error"] is None and out[0]["recognized"] is True
    assert out[1]["error"].startswith("missing `program`") and out[1]["primary"] is None
    assert all(out[1][model] is None for model in IDS)
    assert out[2]["primary"] == "participation"
    # The record's `program` is kept beside the name as read.
    assert out[1]["program_input"] == " " and out[0]["program"] == "Refer a friend"


def test_the_examples_score_as_the_cli_scores_them(cli, tmp_path):
    records = example_records()
    out = partake.score(records)
    header, rows = cli_csv(cli, "examples/")
    assert [r["program"] for r in out] == [row[header.index("program")] for row in rows]
    for mine, theirs in zip(out, rows):
        for name in ["primary", "secondary", *IDS, "mutual_benefit"]:
            expected = theirs[header.index(name)]
            assert ("" if mine[name] is None else str(mine[name])) == expected, (mine["program"], name)
    # And as the CLI scores the same records written as a CSV, column for column.
    path = tmp_path / "examples.csv"
    write_records(records, path)
    header, rows = cli_csv(cli, str(path))
    assert_same_scores(header, rows, out, IDS)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> pathlib.Path:
    path = tmp_path_factory.mktemp("inventory") / "inventory.csv"
    inventory.write(path, 3000)
    return path


def read_as_text(path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def test_a_pandas_frame_scores_as_the_cli_scores_its_csv(cli, generated):
    df = read_as_text(generated)
    df.index = df.index * 10  # an index of the caller's own is kept
    out = partake.score_frame(df)
    assert len(out) == len(df) and list(out.index) == list(df.index)
    assert list(out.columns) == SCORES + inventory.HEADER
    assert (out["id"] == df["id"]).all() and (out["owner"] == df["owner"]).all()
    assert str(out["affiliate"].dtype) == "Int32", "scores are nullable integers"
    header, rows = cli_csv(cli, str(generated))
    assert_same_scores(header, rows, out.to_dict("records"), IDS)
    errors = out["error"].notna().sum()
    assert errors == sum(1 for row in rows if row[header.index("error")]) > 90


def test_a_polars_frame_scores_as_the_cli_scores_its_csv(cli, generated):
    df = pl.read_csv(generated, infer_schema=False)
    out = partake.score_frame(df)
    assert isinstance(out, pl.DataFrame) and out.height == df.height
    assert out.columns == SCORES + inventory.HEADER
    assert out["id"].to_list() == df["id"].to_list()
    header, rows = cli_csv(cli, str(generated))
    assert_same_scores(header, rows, out.to_dicts(), IDS)


@pytest.mark.parametrize("fixture", ["good.csv", "bom-crlf.csv", "bad-row-middle.csv", "utf8.csv", "formulas.csv"])
def test_the_cli_fixtures_score_alike(cli, fixture):
    path = ROOT / "tests/fixtures/csv" / fixture
    out = partake.score_frame(read_as_text(path))
    header, rows = cli_csv(cli, str(path))
    assert_same_scores(header, rows, out.to_dict("records"), IDS)


def test_arrow_batches_of_any_type_are_read_as_text():
    batch = pa.record_batch({
        "id": pa.array([1, 2, 3], pa.int64()),
        "program": ["Refer a friend", "Pledges", None],
        "rewards": pa.array([["$10 credit", "swag"], None, ["x"]], pa.list_(pa.string())),
        "platform": pa.array([True, False, None]),
        "summary": pa.array(["Members invite friends", "Backers pledge money", "x"]).dictionary_encode(),
    })
    out = partake.score_arrow(batch)
    assert isinstance(out, pa.RecordBatch) and out.num_rows == 3
    assert out.schema.names == SCORES + ["id", "program_input", "rewards", "platform", "summary"]
    assert out.schema == partake.output_schema(batch.schema)
    assert out.column("id") == batch.column("id"), "passed through with its type"
    assert out.column("primary").to_pylist()[:2] == ["affiliate", "financial"]
    assert out.column("error").to_pylist()[2].startswith("missing `program`")
    # A table comes back a table, batch by batch, rows numbered throughout.
    table = pa.Table.from_batches([batch, batch])
    scored = partake.score_arrow(table)
    assert isinstance(scored, pa.Table) and scored.column("row").to_pylist() == [1, 2, 3, 4, 5, 6]
    empty = partake.score_arrow(batch.slice(0, 0))
    assert empty.num_rows == 0 and empty.schema == out.schema


def test_rows_an_upstream_reader_could_not_parse_are_error_rows():
    batch = pa.record_batch({"program": ["Fine", "Broken"], "_corrupt_record": [None, 'Broken,"a']})
    out = partake.score_arrow(batch).to_pylist()
    assert out[0]["error"] is None
    assert "could not parse this record" in out[1]["error"] and out[1]["_corrupt_record"] == 'Broken,"a'
    assert partake.score_arrow(batch, corrupt_record=None).to_pylist()[1]["error"] is None


def test_columns_match_as_in_the_cli():
    out = partake.score([{"Program": "P", "Network-Effect": "yes", "beneficiaries.OTHERS": "direct"}])
    assert out[0]["error"] is None
    bad = partake.score([{"program": "P", "Beneficiaries.Others": "drect"}])
    assert bad[0]["error"] == "column `Beneficiaries.Others`: unknown level `drect` (did you mean `direct`?)"
    with pytest.raises(ValueError, match="no `program` column"):
        partake.score([{"owner": "P"}])
    with pytest.raises(ValueError, match="both hold `program`"):
        partake.score([{"program": "P", "Program": "Q"}])
    renamed = partake.score([{"Programme name": "P", "What they get": "10% commission"}],
                            maps={"Programme name": "program", "What they get": "rewards"})
    assert renamed[0]["program"] == "P" and renamed[0]["primary"] == "affiliate"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        partake.score([{"program": "P", "rewardz": "x"}])
    assert [str(w.message) for w in caught if w.category is partake.PartakeWarning] == [
        "column `rewardz` names no field and is only carried through (did you mean `rewards`? "
        "pass maps={'rewardz': 'rewards'})"
    ]


def test_a_models_folder_adds_its_model(cli):
    folder = ROOT / "tests/fixtures/models/seventh"
    assert partake.model_ids(folder)[: len(IDS)] == IDS and len(partake.model_ids(folder)) == len(IDS) + 1
    records = example_records()
    out = partake.score(records, models=folder)
    header, rows = cli_csv(cli, "examples/", "--models", str(folder))
    new = partake.model_ids(folder)[-1]
    assert [str(r[new]) for r in out] == [row[header.index(new)] for row in rows]
    with pytest.raises(ValueError, match="broken-model.yaml"):
        partake.score(records, models=ROOT / "tests/fixtures/models/bad")


def test_odd_records():
    assert partake.score([]) == []
    out = partake.score(iter([{"program": "P", "summary": 5}, {"program": "Q", "summary": "text", "extra": 1.5}]))
    assert [r["row"] for r in out] == [1, 2] and out[1]["extra"] == 1.5 and "extra" not in out[0]
    with pytest.raises(TypeError, match="pandas or Polars"):
        partake.score_frame([{"program": "P"}])
    with pytest.raises(TypeError, match="cannot read as text"):
        partake.score_arrow(pa.record_batch({"program": ["P"], "s": pa.array([{"a": 1}])}))
