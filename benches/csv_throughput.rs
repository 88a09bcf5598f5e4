//! Helpers for `benches/csv_throughput.sh` (a benchmark, not a timed test):
//!
//!   csv_throughput generate ROWS FILE   a synthetic inventory, ~280 bytes a row
//!   csv_throughput baseline FILE        parse and rewrite FILE with the csv crate, to stdout
//!
//! The baseline is the floor partake is measured against: the csv crate's fastest
//! form (one reused `ByteRecord`), the same reader settings partake uses, no scoring.

use std::io;

fn main() {
    // `cargo bench` passes `--bench`; the script runs the binary directly.
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["generate", rows, file] => generate(rows.parse().expect("ROWS is a number"), file),
        ["baseline", file] => baseline(file),
        [] => eprintln!("run benches/csv_throughput.sh"),
        _ => {
            eprintln!("usage: csv_throughput generate ROWS FILE | baseline FILE");
            std::process::exit(2);
        }
    }
}

fn baseline(file: &str) {
    let input = std::fs::File::open(file).expect("the inventory exists");
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).buffer_capacity(256 * 1024).from_reader(input);
    let stdout = io::stdout();
    let mut writer =
        csv::WriterBuilder::new().flexible(true).from_writer(io::BufWriter::with_capacity(256 * 1024, stdout.lock()));
    let mut record = csv::ByteRecord::new();
    while reader.read_byte_record(&mut record).expect("readable") {
        writer.write_byte_record(&record).expect("writable");
    }
    writer.flush().expect("writable");
}

/// A small deterministic generator (xorshift), so every run scores the same file.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, choices: &[&'a str]) -> &'a str {
        choices[(self.next() % choices.len() as u64) as usize]
    }
}

const ORGS: &[&str] = &["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne", "Tyrell"];
const KINDS: &[&str] = &["Partners", "Community", "Insiders", "Makers", "Circle", "Club", "Network", "Crew"];
const SENTENCES: &[&str] = &[
    "Bloggers and creators earn a commission on every sale they refer.",
    "Members invite friends and both get a discount on their next order.",
    "Volunteers contribute code, documentation and translations to the project.",
    "Everyone gets the improvements other contributors make.",
    "Workers complete small paid tasks that improve the search results.",
    "Backers pledge money so the team can build the next product.",
    "Customers buy shares and own a piece of the company.",
    "Sellers list handmade goods and buyers pay them directly through the platform.",
    "Customers write reviews and star ratings of local businesses.",
    "Hosts guide guests around their city and the company sells more stays.",
    "Drivers deliver parcels in their own cars and are paid per block.",
    "A support team answers questions within a day.",
    "Ratings and insurance protect both sides of every trade.",
    "The network grows more useful with every member who joins.",
];
const CONTRIBUTIONS: &[&str] = &[
    "links and recommendations",
    "referrals; invitations",
    "pull requests; bug reports",
    "reviews; photos",
    "money pledged up front",
    "listings of their own goods",
    "answers to micro-tasks",
    "local knowledge and time",
];
const REWARDS: &[&str] = &[
    "10% commission on qualifying purchases",
    "a $20 credit for each friend who joins",
    "a better product that everyone shares",
    "none",
    "early access to the product",
    "income from their own sales",
    "cash per task",
    "a badge and a ranking",
];
const REGIONS: &[&str] = &["EMEA", "AMER", "APAC", "LATAM"];

fn generate(rows: usize, file: &str) {
    let out = std::fs::File::create(file).expect("FILE can be written");
    let mut w = csv::Writer::from_writer(io::BufWriter::with_capacity(1 << 20, out));
    w.write_record(["program", "organization", "summary", "contributions", "rewards", "owner", "region"])
        .expect("writable");
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut summary = String::new();
    for i in 0..rows {
        let org = rng.pick(ORGS);
        let program = format!("{org} {} {i}", rng.pick(KINDS));
        summary.clear();
        for s in 0..2 + rng.next() % 3 {
            if s > 0 {
                summary.push(' ');
            }
            summary.push_str(rng.pick(SENTENCES));
        }
        let owner = format!("owner{}@{}.example", rng.next() % 1000, org.to_lowercase());
        w.write_record([
            program.as_str(),
            org,
            summary.as_str(),
            rng.pick(CONTRIBUTIONS),
            rng.pick(REWARDS),
            owner.as_str(),
            rng.pick(REGIONS),
        ])
        .expect("writable");
    }
    w.flush().expect("writable");
}
