//! `mizan bench receipt-pdf`: render the A4 receipt PDF many times — an Arabic receipt of 10
//! lines, one of 80 lines (several pages), and an English one of 10 — and report the median and
//! p95 time per receipt. No database: the PDF is drawn from already formatted strings, as the
//! server does on a blocking thread.

// A benchmark times itself: the one place outside the clock that reads time.
#![allow(clippy::disallowed_methods)]

use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use mizan_pdf::{Receipt, receipt_pdf, sample};

use crate::bench::pct;

#[derive(clap::Args)]
pub struct ReceiptPdfArgs {
    /// Times each receipt is rendered.
    #[arg(long, default_value_t = 200)]
    runs: usize,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
}

/// Renders `receipt` `runs` times (after one untimed run that parses the fonts); the sorted
/// times and the PDF's size.
fn time(receipt: &Receipt, runs: usize) -> Result<(Vec<Duration>, usize)> {
    let size = receipt_pdf(receipt)?.len();
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t0 = Instant::now();
        let pdf = receipt_pdf(receipt)?;
        times.push(t0.elapsed());
        std::hint::black_box(pdf);
    }
    times.sort_unstable();
    Ok((times, size))
}

pub fn receipt_pdf_bench(args: &ReceiptPdfArgs) -> Result<ExitCode> {
    if args.runs == 0 {
        bail!("--runs must be positive");
    }
    let cases = [
        ("arabic_10_lines", sample::arabic(10)),
        ("arabic_80_lines", sample::arabic(80)),
        ("english_10_lines", sample::english(10)),
    ];
    let mut report = serde_json::Map::new();
    for (name, receipt) in &cases {
        let (times, bytes) = time(receipt, args.runs)?;
        let (median, p95) = (pct(&times, 0.50), pct(&times, 0.95));
        if !args.json {
            println!(
                "{name}: {} runs, median {median:.2} ms, p95 {p95:.2} ms, {} KiB",
                args.runs,
                bytes / 1024
            );
        }
        report.insert(
            (*name).to_owned(),
            serde_json::json!({"runs": args.runs, "median_ms": median, "p95_ms": p95, "bytes": bytes}),
        );
    }
    if args.json {
        println!("{}", serde_json::Value::Object(report));
    }
    Ok(ExitCode::SUCCESS)
}
