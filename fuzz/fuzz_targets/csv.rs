//! The CSV reader: every row read becomes exactly one program or error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use partake_load::read::csv::{Inventory, Options, Record};

fuzz_target!(|data: &[u8]| {
    let source = Box::new(std::io::Cursor::new(data.to_vec()));
    let Ok(mut inventory) = Inventory::from_source("fuzz.csv".into(), source, None, &Options::default()) else {
        return;
    };
    let ids = vec!["affiliate".to_string()];
    let mut record = Record::default();
    while let Ok(true) = inventory.read(&mut record) {
        let row = inventory.rows_read();
        let result = inventory.plan.program(&record.cells, "fuzz.csv", row, inventory.delimiter, &ids);
        let source = match &result {
            Ok(p) => &p.source,
            Err(e) => &e.source,
        };
        assert_eq!(source.row, Some(row), "a row's program or error is that row's");
    }
});
