//! What a run counted, for the closing summary and the overview of large inputs.

use partake_core::score::Assessment;

/// Counts; mergeable, so each chunk of rows counts its own.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// Data rows (and programs of YAML specs) read, scored or not.
    pub rows: usize,
    pub scored: usize,
    /// Rows that could not be scored, and inputs that could not be read.
    pub errors: usize,
    /// Programs per primary model, by model index; the last slot is "no model fits".
    pub primary: Vec<usize>,
    pub mutual_sum: u64,
    /// Mutual benefit in fifths: 0–19, 20–39, 40–59, 60–79, 80–100.
    pub mutual: [usize; 5],
    pub unrecognised: usize,
    pub expect_mismatches: usize,
}

impl Stats {
    pub fn new(models: usize) -> Stats {
        Stats { primary: vec![0; models + 1], ..Stats::default() }
    }

    pub fn add(&mut self, a: &Assessment) {
        self.scored += 1;
        let slot = a.verdict.primary.unwrap_or(self.primary.len() - 1);
        self.primary[slot] += 1;
        self.mutual_sum += u64::from(a.mutual.score);
        self.mutual[(a.mutual.score as usize / 20).min(4)] += 1;
        self.unrecognised += usize::from(!a.recognised);
        self.expect_mismatches += usize::from(a.expect_matches == Some(false));
    }

    pub fn merge(&mut self, other: &Stats) {
        self.rows += other.rows;
        self.scored += other.scored;
        self.errors += other.errors;
        for (a, b) in self.primary.iter_mut().zip(&other.primary) {
            *a += b;
        }
        self.mutual_sum += other.mutual_sum;
        for (a, b) in self.mutual.iter_mut().zip(&other.mutual) {
            *a += b;
        }
        self.unrecognised += other.unrecognised;
        self.expect_mismatches += other.expect_mismatches;
    }
}
