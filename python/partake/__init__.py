"""Score customer programs from Python: records, pandas and Polars frames, Arrow
batches and Spark DataFrames.

Every function reads its input the way ``partake score inventory.csv`` reads a CSV
(column names matched to the spec's fields, list cells split on ``;`` and line
breaks, other columns carried through) and returns one output row per input row, in
input order: the score columns first, then the input's own columns, unchanged.

Score columns, in order:

``row``             the row's position in the input, from 1 (for Spark: within each batch)
``program``         the program's name as read
``primary``         the best-fitting model id, or null when none fits
``secondary``       the runner-up, or null
``hybrid``          whether the top two are too close to call
one per model id    ``affiliate``, ``open_source``, ... : 0-100
``mutual_benefit``  0-100
``recognized``      false when none of the row's text could be read
``error``           why the row could not be scored (then every score is null), else null

An input column whose name is already a score column's (often ``program``) is kept,
renamed with an ``_input`` suffix.

``models=`` names a folder of model files that replace or extend the built-in ones,
as ``--models`` does; ``maps=`` renames columns to fields, as ``--map`` does
(``{"Programme name": "program"}``).
"""

from __future__ import annotations

import functools
import os
import re
import warnings
from typing import Any, Iterable, Iterator, Mapping, Optional

import pyarrow as pa
import pyarrow.compute as pc

from . import _native

__all__ = [
    "score",
    "score_frame",
    "score_arrow",
    "score_batches",
    "score_spark",
    "output_schema",
    "spark_schema",
    "model_ids",
    "PartakeWarning",
    "CORRUPT_RECORD",
]

#: The column Spark's CSV reader fills, in PERMISSIVE mode, with the raw text of a
#: record it could not parse. Where it is not null, the row becomes an error row.
CORRUPT_RECORD = "_corrupt_record"

#: Rows handed to the scorer at once: enough to keep every core busy, few enough
#: that a large frame's intermediate results stay small.
_BATCH_ROWS = 1 << 16


class PartakeWarning(UserWarning):
    """A column that looks like a misspelt field and is only carried through."""


@functools.lru_cache(maxsize=8)
def _scorer(models: Optional[str]) -> "_native.Scorer":
    return _native.Scorer(models)


def _scorer_for(models) -> "_native.Scorer":
    return _scorer(None if models is None else os.path.abspath(os.fspath(models)))


def model_ids(models=None) -> list:
    """The model ids, in column order (the built-ins, then any ``models=`` adds)."""
    return list(_scorer_for(models).model_ids)


def _maps(maps: Optional[Mapping[str, str]]) -> list:
    return [] if not maps else [(str(column), str(field)) for column, field in maps.items()]


def _score_types(ids) -> list:
    return (
        [
            ("row", pa.int64()),
            ("program", pa.string()),
            ("primary", pa.string()),
            ("secondary", pa.string()),
            ("hybrid", pa.bool_()),
        ]
        + [(model, pa.int32()) for model in ids]
        + [("mutual_benefit", pa.int32()), ("recognized", pa.bool_()), ("error", pa.string())]
    )


def _passthrough_names(names, score_names) -> list:
    """The input's column names in the output: a name a score column already has
    gets an ``_input`` suffix (repeated until it is free)."""
    taken = set(score_names)
    out = []
    for name in names:
        renamed = name
        while renamed in taken:
            renamed += "_input"
        taken.add(renamed)
        out.append(renamed)
    return out


def output_schema(input_schema: pa.Schema, *, models=None) -> pa.Schema:
    """The Arrow schema of what :func:`score_arrow` returns for ``input_schema``."""
    scores = _score_types(model_ids(models))
    names = _passthrough_names(input_schema.names, [name for name, _ in scores])
    return pa.schema(scores + [pa.field(name, field.type) for name, field in zip(names, input_schema)])


def _as_text(column, name: str):
    """A column as text cells, the way they would read in a CSV: numbers and
    booleans in their usual spelling, a list's items one per line, null blank."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    kind = column.type
    if pa.types.is_dictionary(kind):
        column = column.dictionary_decode()
        kind = column.type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_string_view(kind):
        return column
    if pa.types.is_null(kind):
        return pa.nulls(len(column), pa.string())
    if pa.types.is_list(kind) or pa.types.is_large_list(kind) or pa.types.is_fixed_size_list(kind):
        items = pc.cast(column, pa.large_list(pa.large_string()))
        return pc.binary_join(items, pa.scalar("\n", pa.large_string()))
    try:
        return pc.cast(column, pa.large_string())
    except (pa.ArrowNotImplementedError, pa.ArrowInvalid) as e:
        raise TypeError(f"column `{name}` holds {kind}, which partake cannot read as text: {e}") from None


def _score_text(batch: pa.RecordBatch, models, maps, first_row: int, corrupt_record: Optional[str]):
    """The score columns of a batch (a pa.RecordBatch of any column types)."""
    scorer = _scorer_for(models)
    names = batch.schema.names
    texts = [_as_text(column, name) for column, name in zip(batch.columns, names)]
    text_batch = pa.RecordBatch.from_arrays(texts, names=names)
    unparsed = names.index(corrupt_record) if corrupt_record in names else None
    scored = scorer.score(text_batch, _maps(maps), unparsed, first_row)
    return pa.record_batch(scored)


def _warn_about_columns(names, models, maps) -> None:
    """Check the header the way the CLI does: a header it would refuse raises
    ValueError; columns that look like a misspelt field are a warning."""
    _, notes = _scorer_for(models).plan(list(names), _maps(maps))
    for note in notes:
        # The library words its advice for the command line; here it is maps=.
        note = re.sub(r"pass --map '(.*)=(.*)'", lambda m: f"pass maps={{{m[1]!r}: {m[2]!r}}}", note)
        warnings.warn(note, PartakeWarning, stacklevel=3)


def _join(scores: pa.RecordBatch, batch: pa.RecordBatch) -> pa.RecordBatch:
    names = _passthrough_names(batch.schema.names, scores.schema.names)
    return pa.RecordBatch.from_arrays(
        scores.columns + batch.columns, names=scores.schema.names + names
    )


def score_arrow(batch, *, models=None, maps=None, corrupt_record: Optional[str] = CORRUPT_RECORD, first_row: int = 1):
    """Score a pyarrow RecordBatch (or Table): the score columns, then the batch's own.

    Columns of any type are read as text (numbers and booleans as usual, a list's
    items one per line). ``corrupt_record`` names the column where an upstream reader
    put records it could not parse (Spark's ``_corrupt_record``): where it is not
    null the row is an error row, with its cells passed through. ``first_row``
    numbers the ``row`` column.
    """
    if isinstance(batch, pa.Table):
        _warn_about_columns(batch.schema.names, models, maps)
        scored = list(_scored_batches(batch.to_batches(max_chunksize=_BATCH_ROWS), models, maps, corrupt_record, first_row))
        return pa.Table.from_batches(scored, schema=output_schema(batch.schema, models=models))
    if not isinstance(batch, pa.RecordBatch):
        batch = pa.record_batch(batch)
    _warn_about_columns(batch.schema.names, models, maps)
    return _join(_score_text(batch, models, maps, first_row, corrupt_record), batch)


def _scored_batches(batches, models, maps, corrupt_record, first_row: int) -> Iterator[pa.RecordBatch]:
    row = first_row
    for batch in batches:
        yield _join(_score_text(batch, models, maps, row, corrupt_record), batch)
        row += batch.num_rows


def score_batches(batches: Iterable[pa.RecordBatch], *, models=None, maps=None, corrupt_record=CORRUPT_RECORD):
    """Score a stream of RecordBatches, one out per one in: the function Spark's
    ``mapInArrow`` takes (its schema is :func:`spark_schema`). ``row`` counts
    within each batch, so keep an id column of your own to join on."""
    warned = False
    for batch in batches:
        if not warned:
            _warn_about_columns(batch.schema.names, models, maps)
            warned = True
        yield _join(_score_text(batch, models, maps, 1, corrupt_record), batch)


def spark_schema(input_schema, *, models=None):
    """The Spark schema of ``df.mapInArrow(partake.score_batches, ...)`` for a
    DataFrame whose schema is ``input_schema``: the score columns, then the input's."""
    from pyspark.sql import types as T

    spark_types = {
        pa.int64(): T.LongType(),
        pa.int32(): T.IntegerType(),
        pa.string(): T.StringType(),
        pa.bool_(): T.BooleanType(),
    }
    scores = _score_types(model_ids(models))
    fields = [T.StructField(name, spark_types[kind], nullable=True) for name, kind in scores]
    names = _passthrough_names(input_schema.names, [name for name, _ in scores])
    fields += [T.StructField(name, f.dataType, f.nullable) for name, f in zip(names, input_schema.fields)]
    return T.StructType(fields)


def score_spark(df, *, models=None, maps=None, corrupt_record=CORRUPT_RECORD):
    """Score a Spark DataFrame with ``mapInArrow``: a DataFrame of the score columns
    then ``df``'s own, one row per row, nothing dropped or repeated at any partition
    count. Rows where ``corrupt_record`` (the reader's corrupt-record column in
    PERMISSIVE mode) is set become error rows. ``row`` counts within each Arrow
    batch: join back on an id column of your own.

    Columns travel under positional names (``_c0``, ``_c1``, ...) and get theirs
    back at the end, since Spark cannot hand ``mapInArrow`` a column whose name has
    a dot (``beneficiaries.others``)."""
    names = list(df.columns)
    schema = spark_schema(df.schema, models=models)
    out_names = list(schema.names)
    safe_in = [f"_c{i}" for i in range(len(names))]
    safe_out = [f"_c{i}" for i in range(len(out_names))]
    for field, name in zip(schema.fields, safe_out):
        field.name = name

    def score_partition(batches):
        for batch in batches:
            batch = pa.RecordBatch.from_arrays(batch.columns, names=names)
            scored = _join(_score_text(batch, models, maps, 1, corrupt_record), batch)
            yield pa.RecordBatch.from_arrays(scored.columns, names=safe_out)

    return df.toDF(*safe_in).mapInArrow(score_partition, schema).toDF(*out_names)


def score_frame(df, *, models=None, maps=None):
    """Score a pandas DataFrame, or a Polars one: a frame of the same kind with the
    score columns first, then the frame's own columns, one row per row, in order.
    A pandas result keeps the input's index; scores are nullable integers."""
    module = type(df).__module__.split(".")[0]
    if module == "polars":
        return _score_polars(df, models, maps)
    if module == "pandas":
        return _score_pandas(df, models, maps)
    raise TypeError(f"score_frame takes a pandas or Polars DataFrame, not {type(df).__name__}; "
                    "use score_arrow for Arrow data and score for records")


def _score_polars(df, models, maps):
    import polars as pl

    table = df.to_arrow()
    _warn_about_columns(table.schema.names, models, maps)
    scores = pa.Table.from_batches(
        [_score_text(b, models, maps, 1 + i * _BATCH_ROWS, None) for i, b in enumerate(_batches(table))],
        schema=pa.schema(_score_types(model_ids(models))),
    )
    renamed = _passthrough_names(df.columns, scores.schema.names)
    own = df.rename(dict(zip(df.columns, renamed)))
    return pl.concat([pl.from_arrow(scores), own], how="horizontal")


def _batches(table: pa.Table) -> list:
    """A table cut into batches of at most _BATCH_ROWS rows; at least one, so an
    empty table still has a schema to score."""
    batches = table.combine_chunks().to_batches(max_chunksize=_BATCH_ROWS)
    return batches or [pa.RecordBatch.from_arrays([c.combine_chunks() for c in table.columns], names=table.schema.names)]


def _score_pandas(df, models, maps):
    import pandas as pd

    names = [str(name) for name in df.columns]
    _warn_about_columns(names, models, maps)
    columns = []
    for position, name in enumerate(names):
        series = df.iloc[:, position]
        try:
            columns.append(pa.array(series, from_pandas=True))
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
            # Mixed types in one column (text and numbers): each cell's own spelling.
            columns.append(pa.array([None if _missing(v) else str(v) for v in series], type=pa.large_string()))
    table = pa.Table.from_arrays(columns, names=names)
    scores = pa.Table.from_batches(
        [_score_text(b, models, maps, 1 + i * _BATCH_ROWS, None) for i, b in enumerate(_batches(table))],
        schema=pa.schema(_score_types(model_ids(models))),
    )
    nullable = {pa.int64(): pd.Int64Dtype(), pa.int32(): pd.Int32Dtype(), pa.bool_(): pd.BooleanDtype()}
    out = scores.to_pandas(types_mapper=nullable.get)
    out.index = df.index
    own = df.copy(deep=False)
    own.columns = _passthrough_names(names, list(out.columns))
    return pd.concat([out, own], axis=1)


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def score(records: Iterable[Mapping[str, Any]], *, models=None, maps=None) -> list:
    """Score an iterable of dicts (one program each, keyed by column name): a list
    of dicts, the score keys first, then the record's own, one per record, in order.
    A key missing from a record is a blank cell; a list value holds a list's items."""
    rows = records if isinstance(records, list) else list(records)
    names = list(dict.fromkeys(key for row in rows for key in row))
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"record keys are column names and must be text, not {name!r}")
    text = pa.schema([(name, pa.large_string()) for name in names])
    try:
        table = pa.Table.from_pylist(rows, schema=text)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        # Not every value is text: each column is typed on its own, then read as text.
        table = pa.Table.from_arrays([_column(rows, name) for name in names], names=names)
    if not names:
        table = pa.table({"program": pa.nulls(len(rows), pa.large_string())})
    _warn_about_columns(table.schema.names, models, maps)
    scored = []
    for i, batch in enumerate(_batches(table)):
        scored.extend(_score_text(batch, models, maps, 1 + i * _BATCH_ROWS, None).to_pylist())
    renamed = _passthrough_names(names, list(scored[0]) if scored else [])
    if renamed == names:
        return [{**s, **row} for s, row in zip(scored, rows)]
    return [{**s, **{renamed[names.index(k)]: v for k, v in row.items()}} for s, row in zip(scored, rows)]


def _column(rows, name: str):
    values = [row.get(name) for row in rows]
    try:
        return _as_text(pa.array(values), name)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, TypeError):
        return pa.array([None if _missing(v) else _spelled(v) for v in values], type=pa.large_string())


def _spelled(value) -> str:
    if isinstance(value, (list, tuple)):
        return "\n".join(str(item) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
