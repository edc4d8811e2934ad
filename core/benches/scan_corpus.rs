//! Native throughput on a real corpus of shipped browser bundles.
//!
//! The corpus (minified UMD/ESM builds, source maps and stylesheets of ~35 popular npm
//! packages, pinned in `tests/corpus/packages.json`) is built outside the repo's history:
//!
//! ```text
//! node tests/corpus/build-corpus.mjs
//! cargo bench -p spillproof-core --bench scan_corpus
//! ```
//!
//! The corpus directory is `$SPILLPROOF_CORPUS`, or `<repo>/.cache/corpus` by default.
//! One scanner with the built-in rules scans every file single-threaded: one warm-up pass
//! (whose findings are reported), then `ITERATIONS` timed passes. It prints the median MB/s
//! (MB = 1e6 bytes) and writes one JSON line to `<repo>/target/bench-native.json`.
//! It runs twice: raw-text only (`extract: false`), then JS-aware (the default), and says
//! which share of the files the JS-aware pass could only partly read (`skipped` entries
//! such as `lexer-fallback`).
//! These bundles hold no real secrets, so every finding is a false positive or a
//! publishable key: the per-rule table is the thing to read when a rule changes.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use spillproof_core::{Config, Input, Scanner};

const ITERATIONS: usize = 5;
/// Findings printed one by one (redacted) so false positives can be looked at.
const SHOWN_FINDINGS: usize = 25;

struct CorpusFile {
    /// Path relative to the corpus root, `/`-separated (what the scanner sees as origin).
    name: String,
    bytes: Vec<u8>,
}

fn main() -> ExitCode {
    // `cargo bench` passes `--bench`; this harness-less bench takes no other arguments.
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let repo = manifest_dir
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| manifest_dir.clone());
    let corpus_dir = std::env::var_os("SPILLPROOF_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo.join(".cache/corpus"));

    let files = match load_corpus(&corpus_dir) {
        Ok(files) if !files.is_empty() => files,
        Ok(_) => return missing_corpus(&corpus_dir, "has no files"),
        Err(err) => return missing_corpus(&corpus_dir, &err.to_string()),
    };
    let mut modes = Vec::new();
    for (mode, extract) in [("raw text only", false), ("JS-aware", true)] {
        match run_mode(mode, extract, &files, &corpus_dir) {
            Some(result) => modes.push(result),
            None => return ExitCode::FAILURE,
        }
    }
    println!();
    for mode in &modes {
        println!(
            "{:>16}: {} MB/s (median)",
            mode["mode"].as_str().unwrap_or("?"),
            mode["median_mb_s"]
        );
    }
    let mut result = modes.pop().unwrap_or_default();
    let raw = modes.pop().unwrap_or_default();
    result["bench"] = "scan_corpus".into();
    result["target"] = "native".into();
    result["corpus"] = corpus_dir.display().to_string().into();
    result["raw_only"] = raw;
    result["unix_time"] = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
        .into();
    let out = repo.join("target").join("bench-native.json");
    let written = std::fs::create_dir_all(repo.join("target"))
        .and_then(|()| std::fs::write(&out, format!("{result}\n")));
    match written {
        Ok(()) => println!("wrote {}", out.display()),
        Err(err) => {
            eprintln!("scan_corpus: could not write {}: {err}", out.display());
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

/// Builds a scanner (`extract` on or off), then one warm-up and `ITERATIONS` timed passes.
fn run_mode(
    mode: &str,
    extract: bool,
    files: &[CorpusFile],
    corpus_dir: &Path,
) -> Option<serde_json::Value> {
    let total_bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
    let total_mb = total_bytes as f64 / 1e6;
    let build_start = Instant::now();
    let config = Config {
        extract: Some(extract),
        ..Config::default()
    };
    let scanner = match Scanner::new(config) {
        Ok(scanner) => scanner,
        Err(err) => {
            eprintln!("scan_corpus: the built-in rules do not compile: {err}");
            return None;
        }
    };
    let build_time = build_start.elapsed();
    let rule_count = scanner.rules().count();

    println!();
    println!("== {mode} ==");
    println!(
        "scan_corpus: {} files, {:.2} MB from {} ({} rules, scanner built in {:.1} ms)",
        files.len(),
        total_mb,
        corpus_dir.display(),
        rule_count,
        build_time.as_secs_f64() * 1e3
    );

    // Warm-up pass: also collects the findings and each file's own time.
    let mut by_verdict: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_rule: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    let mut by_file: BTreeMap<String, usize> = BTreeMap::new();
    let mut shown = Vec::new();
    let mut skipped = Vec::new();
    let mut degraded_files: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut per_file_time = Vec::with_capacity(files.len());
    let mut findings_total = 0usize;
    let warm_start = Instant::now();
    for file in files {
        let start = Instant::now();
        let report = scanner.scan(&Input::new(&file.name, &file.bytes));
        per_file_time.push((start.elapsed(), file));
        for skip in &report.skipped {
            skipped.push(format!("{}: {} ({})", skip.file, skip.code, skip.reason));
        }
        let mut codes: Vec<&'static str> = report.skipped.iter().map(|s| s.code).collect();
        codes.sort_unstable();
        codes.dedup();
        for code in codes {
            *degraded_files.entry(code).or_default() += 1;
        }
        findings_total += report.findings.len();
        for finding in &report.findings {
            let verdict = format!("{:?}", finding.verdict);
            *by_verdict.entry(verdict.clone()).or_default() += 1;
            *by_rule
                .entry(finding.rule_id.clone())
                .or_default()
                .entry(verdict.clone())
                .or_default() += 1;
            *by_file.entry(file.name.clone()).or_default() += 1;
            if shown.len() < SHOWN_FINDINGS {
                shown.push(format!(
                    "{}:{}:{} {} {} {}",
                    file.name,
                    finding.location.line,
                    finding.location.column,
                    finding.rule_id,
                    verdict,
                    finding.redacted
                ));
            }
        }
    }
    let warm_time = warm_start.elapsed();
    println!(
        "warm-up: {:.3} s ({:.1} MB/s)",
        warm_time.as_secs_f64(),
        mb_per_s(total_bytes, warm_time)
    );

    // Timed passes.
    let mut times = Vec::with_capacity(ITERATIONS);
    for i in 0..ITERATIONS {
        let start = Instant::now();
        let mut found = 0usize;
        for file in files {
            let report = scanner.scan(black_box(&Input::new(&file.name, &file.bytes)));
            found += black_box(report).findings.len();
        }
        let elapsed = start.elapsed();
        if found != findings_total {
            eprintln!("scan_corpus: iteration {i} found {found} findings, the warm-up found {findings_total}");
            return None;
        }
        println!(
            "  iteration {}: {:.3} s ({:.1} MB/s)",
            i + 1,
            elapsed.as_secs_f64(),
            mb_per_s(total_bytes, elapsed)
        );
        times.push(elapsed);
    }
    times.sort();
    let median = times[times.len() / 2];
    let (fastest, slowest) = (times[0], times[times.len() - 1]);
    let median_mb_s = mb_per_s(total_bytes, median);

    println!();
    println!(
        "native median ({mode}): {:.1} MB/s  ({:.3} s per pass of {:.2} MB; fastest {:.1} MB/s, slowest {:.1} MB/s; {} iterations)",
        median_mb_s,
        median.as_secs_f64(),
        total_mb,
        mb_per_s(total_bytes, fastest),
        mb_per_s(total_bytes, slowest),
        ITERATIONS
    );
    println!(
        "files: {}  total: {:.2} MB  skipped: {}",
        files.len(),
        total_mb,
        skipped.len()
    );
    for line in &skipped {
        println!("  skipped {line}");
    }
    for (code, count) in &degraded_files {
        println!(
            "files with `{code}`: {count} of {} ({:.1}%)",
            files.len(),
            *count as f64 * 100.0 / files.len() as f64
        );
    }
    println!(
        "findings: {findings_total}  by verdict: {}",
        if by_verdict.is_empty() {
            "none".to_owned()
        } else {
            by_verdict
                .iter()
                .map(|(v, n)| format!("{v}={n}"))
                .collect::<Vec<_>>()
                .join(" ")
        }
    );
    if !by_rule.is_empty() {
        println!("findings by rule (these bundles hold no real secrets: Secret/Review here are likely false positives):");
        let mut rules: Vec<_> = by_rule
            .iter()
            .map(|(id, v)| (v.values().sum::<usize>(), id, v))
            .collect();
        rules.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        for (count, id, verdicts) in rules {
            let split = verdicts
                .iter()
                .map(|(v, n)| format!("{v}={n}"))
                .collect::<Vec<_>>()
                .join(" ");
            println!("  {count:>6}  {id}  ({split})");
        }
        println!("findings by file (top 10):");
        let mut per_file: Vec<_> = by_file.iter().collect();
        per_file.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (name, count) in per_file.iter().take(10) {
            println!("  {count:>6}  {name}");
        }
        println!("first {} findings (redacted):", shown.len());
        for line in &shown {
            println!("  {line}");
        }
    }
    println!("slowest files in the warm-up (MB/s):");
    per_file_time.sort_by(|a, b| {
        let (ra, rb) = (
            mb_per_s(a.1.bytes.len(), a.0),
            mb_per_s(b.1.bytes.len(), b.0),
        );
        ra.total_cmp(&rb)
    });
    for (time, file) in per_file_time.iter().take(5) {
        println!(
            "  {:>8.1}  {} ({:.2} MB, {:.1} ms)",
            mb_per_s(file.bytes.len(), *time),
            file.name,
            file.bytes.len() as f64 / 1e6,
            time.as_secs_f64() * 1e3
        );
    }

    Some(serde_json::json!({
        "mode": mode,
        "files": files.len(),
        "bytes": total_bytes,
        "mb": round(total_mb, 3),
        "rules": rule_count,
        "iterations": ITERATIONS,
        "median_s": round(median.as_secs_f64(), 6),
        "median_mb_s": round(median_mb_s, 2),
        "fastest_mb_s": round(mb_per_s(total_bytes, fastest), 2),
        "slowest_mb_s": round(mb_per_s(total_bytes, slowest), 2),
        "iteration_s": times.iter().map(|t| round(t.as_secs_f64(), 6)).collect::<Vec<_>>(),
        "scanner_build_ms": round(build_time.as_secs_f64() * 1e3, 3),
        "findings": findings_total,
        "findings_by_verdict": by_verdict,
        "findings_by_rule": by_rule,
        "skipped": skipped.len(),
        "files_by_skip_code": degraded_files,
    }))
}

fn mb_per_s(bytes: usize, time: Duration) -> f64 {
    bytes as f64 / 1e6 / time.as_secs_f64().max(1e-9)
}

fn round(value: f64, digits: i32) -> f64 {
    let scale = 10f64.powi(digits);
    (value * scale).round() / scale
}

fn missing_corpus(dir: &Path, why: &str) -> ExitCode {
    eprintln!("scan_corpus: no corpus at {} ({why}).", dir.display());
    eprintln!(
        "Build it first (needs Node 20+ and the npm registry; lands in the gitignored .cache/):"
    );
    eprintln!("    node tests/corpus/build-corpus.mjs");
    eprintln!("or point SPILLPROOF_CORPUS at a folder of bundles.");
    ExitCode::FAILURE
}

/// Every regular file under `root` except the builder's `manifest.json`, in path order.
fn load_corpus(root: &Path) -> std::io::Result<Vec<CorpusFile>> {
    let mut paths = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let entry = entry?;
            let kind = entry.file_type()?;
            if kind.is_dir() {
                stack.push(entry.path());
            } else if kind.is_file() {
                paths.push(entry.path());
            }
        }
    }
    paths.sort();
    let manifest = root.join("manifest.json");
    let mut files = Vec::with_capacity(paths.len());
    for path in paths {
        if path == manifest {
            continue;
        }
        let name = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        let bytes = std::fs::read(&path)?;
        files.push(CorpusFile { name, bytes });
    }
    Ok(files)
}
