//! `partake._native`: the Rust half of the Python package.
//!
//! It stays thin on purpose: the column matching, the reading of each row into a
//! program and the scoring are the library's (`Plan::new`, `Engine::assess_with`),
//! so a frame is read exactly as the CLI reads a CSV. What is here is the crossing:
//! Arrow batches come in and go out through the Arrow C data interface (PyCapsules),
//! the GIL is released while all cores score, and the scores become Arrow columns.
//! The Python side (`partake/__init__.py`) turns records and frames into batches of
//! text and joins the input's own columns back on.

use arrow_array::builder::{BooleanBuilder, Int32Builder, Int64Builder, StringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::ffi::{from_ffi, to_ffi, FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::{Array, ArrayRef, RecordBatch, StructArray};
use arrow_schema::{DataType, Field, Schema};
use csv::ByteRecord;
use partake_core::score::{Assessment, Engine};
use partake_core::spec::{ErrorCode, InputError, Source};
use partake_core::understand::Normalized;
use partake_load::read::csv::Plan;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyTuple};
use rayon::prelude::*;
use std::ffi::CStr;
use std::sync::Arc;

const ARRAY: &CStr = c"arrow_array";
const SCHEMA: &CStr = c"arrow_schema";

/// The models, compiled once; scores batches of text columns.
#[pyclass(frozen, module = "partake._native")]
struct Scorer {
    engine: Engine,
}

/// The score columns of one batch, handed to pyarrow through `__arrow_c_array__`.
#[pyclass(module = "partake._native")]
struct ScoredBatch {
    batch: Option<RecordBatch>,
}

/// What is kept of each row's assessment: the CLI's score columns.
struct RowScore {
    program: String,
    primary: Option<usize>,
    secondary: Option<usize>,
    hybrid: bool,
    scores: Vec<u8>,
    mutual_benefit: u8,
    recognized: bool,
}

#[pymethods]
impl Scorer {
    /// The built-in models, replaced or extended by the model files in `models` (a folder).
    #[new]
    #[pyo3(signature = (models=None))]
    fn new(models: Option<std::path::PathBuf>) -> PyResult<Scorer> {
        // The built-in models come compiled with the package; a folder is compiled here.
        let Some(folder) = models else {
            return Ok(Scorer { engine: partake_builtin::engine() });
        };
        let set = partake_load::models::load(Some(&folder)).map_err(|errors| {
            let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
            PyValueError::new_err(lines.join("\n"))
        })?;
        Ok(Scorer { engine: Engine::new(set) })
    }

    /// The model ids, in column order.
    #[getter]
    fn model_ids(&self) -> Vec<String> {
        self.engine.models.ids()
    }

    /// A short hash of the models used.
    #[getter]
    fn models_hash(&self) -> String {
        self.engine.models.hash.clone()
    }

    /// How the columns `names` are read (`maps`: column → field renames, as `--map`):
    /// for each column, whether it feeds a field, and the warnings for columns that
    /// look like a misspelt field. A header the CLI would refuse raises ValueError.
    fn plan(&self, names: Vec<String>, maps: Vec<(String, String)>) -> PyResult<(Vec<bool>, Vec<String>)> {
        let plan = Plan::new(names, &maps).map_err(PyValueError::new_err)?;
        let fields = (0..plan.names.len()).map(|i| plan.is_field(i)).collect();
        let warnings = plan.near_misses.iter().map(|name| plan.near_miss_warning(name)).collect();
        Ok((fields, warnings))
    }

    /// Score a batch whose columns are all text (string or large_string; null is a
    /// blank cell). Rows where column `unparsed` (when given) is not null are rows
    /// the reader upstream could not parse: they become error rows. Rows are
    /// numbered from `first_row` in the `row` column.
    #[pyo3(signature = (batch, maps, unparsed=None, first_row=1))]
    fn score(
        &self,
        py: Python<'_>,
        batch: &Bound<'_, PyAny>,
        maps: Vec<(String, String)>,
        unparsed: Option<usize>,
        first_row: usize,
    ) -> PyResult<ScoredBatch> {
        let batch = import_batch(batch)?;
        let names: Vec<String> = batch.schema().fields().iter().map(|f| f.name().clone()).collect();
        let plan = Plan::new(names, &maps).map_err(PyValueError::new_err)?;
        let mut columns = Vec::with_capacity(batch.num_columns());
        for (column, field) in batch.columns().iter().zip(batch.schema().fields()) {
            columns.push(Text::of(column).ok_or_else(|| {
                PyTypeError::new_err(format!(
                    "column `{}` is {}, not text: cast it to string first",
                    field.name(),
                    field.data_type()
                ))
            })?);
        }
        let unparsed = unparsed.and_then(|i| batch.columns().get(i).cloned());
        let engine = &self.engine;
        let rows = batch.num_rows();
        let scored = py.detach(|| {
            let results = assess_rows(
                engine,
                &plan,
                "",
                first_row,
                rows,
                |i, record| {
                    if unparsed.as_ref().is_some_and(|raw| raw.is_valid(i)) {
                        return Err(UNPARSED.to_string());
                    }
                    for column in &columns {
                        record.push_field(column.cell(i));
                    }
                    Ok(())
                },
                |outcome| {
                    outcome.map(|a| RowScore {
                        program: a.program.name.clone(),
                        primary: a.verdict.primary,
                        secondary: a.verdict.secondary,
                        hybrid: a.verdict.hybrid,
                        scores: a.verdict.scores.iter().map(|s| s.score).collect(),
                        mutual_benefit: a.mutual.score,
                        recognized: a.recognised,
                    })
                },
            );
            score_columns(engine, first_row, &results)
        });
        Ok(ScoredBatch { batch: Some(scored.map_err(|e| PyValueError::new_err(e.to_string()))?) })
    }
}

/// The error of a row the upstream reader could not parse.
const UNPARSED: &str = "the CSV reader could not parse this record (an unclosed quote, or more or fewer \
cells than the header); its raw text is in the reader's corrupt-record column";

#[pymethods]
impl ScoredBatch {
    /// The Arrow PyCapsule interface: the batch as a struct array, given away once.
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_array__<'py>(
        &mut self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let _ = requested_schema;
        let batch = self.batch.take().ok_or_else(|| PyValueError::new_err("this batch was already exported"))?;
        let data = StructArray::from(batch).into_data();
        let (array, schema) = to_ffi(&data).map_err(|e| PyValueError::new_err(e.to_string()))?;
        let schema = PyCapsule::new_with_value(py, schema, SCHEMA)?;
        let array = PyCapsule::new_with_value(py, array, ARRAY)?;
        PyTuple::new(py, [schema.into_any(), array.into_any()])
    }
}

/// A pyarrow RecordBatch (anything with `__arrow_c_array__`), imported without copying.
fn import_batch(batch: &Bound<'_, PyAny>) -> PyResult<RecordBatch> {
    let pair = batch.call_method0("__arrow_c_array__")?;
    let (schema, array): (Bound<'_, PyCapsule>, Bound<'_, PyCapsule>) = pair.extract()?;
    let schema_ptr = schema.pointer_checked(Some(SCHEMA))?.cast::<FFI_ArrowSchema>();
    let array_ptr = array.pointer_checked(Some(ARRAY))?.cast::<FFI_ArrowArray>();
    // SAFETY: the capsules are named as the Arrow PyCapsule interface requires, so
    // they hold an ArrowSchema and an ArrowArray; `from_raw` takes the array over
    // (leaving it released in the capsule), and the schema is only borrowed while
    // its capsule is alive.
    let data = unsafe {
        let array = FFI_ArrowArray::from_raw(array_ptr.as_ptr());
        from_ffi(array, schema_ptr.as_ref())
    }
    .map_err(|e| PyValueError::new_err(e.to_string()))?;
    if !matches!(data.data_type(), DataType::Struct(_)) {
        return Err(PyTypeError::new_err("expected a record batch (a struct array)"));
    }
    Ok(RecordBatch::from(StructArray::from(data)))
}

/// A text column, whichever offset width it has.
enum Text<'a> {
    Utf8(&'a arrow_array::StringArray),
    Large(&'a arrow_array::LargeStringArray),
    View(&'a arrow_array::StringViewArray),
}

impl<'a> Text<'a> {
    fn of(column: &'a ArrayRef) -> Option<Text<'a>> {
        match column.data_type() {
            DataType::Utf8 => Some(Text::Utf8(column.as_string::<i32>())),
            DataType::LargeUtf8 => Some(Text::Large(column.as_string::<i64>())),
            DataType::Utf8View => Some(Text::View(column.as_string_view())),
            _ => None,
        }
    }

    /// Row `i`'s cell; null is a blank cell.
    fn cell(&self, i: usize) -> &'a [u8] {
        let valid = match self {
            Text::Utf8(a) => a.is_valid(i).then(|| a.value(i)),
            Text::Large(a) => a.is_valid(i).then(|| a.value(i)),
            Text::View(a) => a.is_valid(i).then(|| a.value(i)),
        };
        valid.unwrap_or("").as_bytes()
    }
}

/// The score columns, in the CLI's order: row, program, primary, secondary, hybrid,
/// one per model, mutual_benefit, recognized, error.
fn score_columns(
    engine: &Engine,
    first_row: usize,
    results: &[Result<RowScore, InputError>],
) -> Result<RecordBatch, arrow_schema::ArrowError> {
    let n = results.len();
    let ids = engine.models.ids();
    let mut row = Int64Builder::with_capacity(n);
    let mut program = StringBuilder::with_capacity(n, n * 24);
    let mut primary = StringBuilder::with_capacity(n, n * 12);
    let mut secondary = StringBuilder::with_capacity(n, n * 12);
    let mut hybrid = BooleanBuilder::with_capacity(n);
    let mut models: Vec<Int32Builder> = ids.iter().map(|_| Int32Builder::with_capacity(n)).collect();
    let mut mutual = Int32Builder::with_capacity(n);
    let mut recognized = BooleanBuilder::with_capacity(n);
    let mut error = StringBuilder::with_capacity(n, 0);
    for (i, result) in results.iter().enumerate() {
        row.append_value((first_row + i) as i64);
        match result {
            Ok(s) => {
                program.append_value(&s.program);
                primary.append_option(s.primary.map(|m| &ids[m]));
                secondary.append_option(s.secondary.map(|m| &ids[m]));
                hybrid.append_value(s.hybrid);
                for (builder, score) in models.iter_mut().zip(&s.scores) {
                    builder.append_value(i32::from(*score));
                }
                mutual.append_value(i32::from(s.mutual_benefit));
                recognized.append_value(s.recognized);
                error.append_null();
            }
            Err(e) => {
                program.append_null();
                primary.append_null();
                secondary.append_null();
                hybrid.append_null();
                for builder in &mut models {
                    builder.append_null();
                }
                mutual.append_null();
                recognized.append_null();
                error.append_value(&e.message);
            }
        }
    }
    let mut fields = vec![
        Field::new("row", DataType::Int64, true),
        Field::new("program", DataType::Utf8, true),
        Field::new("primary", DataType::Utf8, true),
        Field::new("secondary", DataType::Utf8, true),
        Field::new("hybrid", DataType::Boolean, true),
    ];
    let mut columns: Vec<ArrayRef> = vec![
        Arc::new(row.finish()),
        Arc::new(program.finish()),
        Arc::new(primary.finish()),
        Arc::new(secondary.finish()),
        Arc::new(hybrid.finish()),
    ];
    for (id, mut builder) in ids.iter().zip(models) {
        fields.push(Field::new(id, DataType::Int32, true));
        columns.push(Arc::new(builder.finish()));
    }
    fields.push(Field::new("mutual_benefit", DataType::Int32, true));
    columns.push(Arc::new(mutual.finish()));
    fields.push(Field::new("recognized", DataType::Boolean, true));
    columns.push(Arc::new(recognized.finish()));
    fields.push(Field::new("error", DataType::Utf8, true));
    columns.push(Arc::new(error.finish()));
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns)
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Scorer>()?;
    m.add_class::<ScoredBatch>()?;
    m.add("UNPARSED", UNPARSED)?;
    Ok(())
}

/// Score rows of cells under named columns — a frame, a batch, records — with the
/// CSV rules (SPEC §3): the columns of `plan` feed the fields, each row becomes a
/// program or an error as a CSV row would. `fill(i, record)` puts row `i`'s cells
/// (one per column of `plan`, in its order) into `record`, or says why the row could
/// not be given (the row's error); `keep` turns each outcome into what the caller holds
/// on to, so no whole assessment outlives its row: each worker's next row refills its
/// lists (`Engine::assess_reusing`). Rows are numbered from `first_row` under `path`
/// and scored on all cores; the result is in row order.
pub fn assess_rows<T: Send>(
    engine: &Engine,
    plan: &Plan,
    path: &str,
    first_row: usize,
    rows: usize,
    fill: impl Fn(usize, &mut ByteRecord) -> Result<(), String> + Sync,
    keep: impl Fn(Result<&Assessment, InputError>) -> T + Sync,
) -> Vec<T> {
    let ids = engine.models.ids();
    (0..rows)
        .into_par_iter()
        .with_min_len(32)
        .map_init(
            || (Normalized::default(), ByteRecord::new(), None),
            |(scratch, record, spare), i| {
                record.clear();
                let row = first_row + i;
                let program = fill(i, record)
                    .map_err(|message| InputError::new(ErrorCode::InvalidValue, Source::row(path, row), message))
                    .and_then(|()| {
                        // The program of the row before is refilled, as in the CLI's batches.
                        let done_with = spare.as_mut().map(|a: &mut Assessment| std::mem::take(&mut a.program));
                        plan.program_into(record, (path, row), b',', &ids, done_with.unwrap_or_default())
                    });
                match program {
                    Ok(program) => {
                        let a = engine.assess_reusing(program, scratch, false, spare.take());
                        let kept = keep(Ok(&a));
                        *spare = Some(a);
                        kept
                    }
                    Err(e) => keep(Err(e)),
                }
            },
        )
        .collect()
}
