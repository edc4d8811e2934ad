//! Converts the rule files (`rules/*.toml`) into one JSON document embedded in the crate,
//! so the library (and the Wasm module) never parses TOML at run time.

#[path = "src/rules/spec.rs"]
#[allow(
    dead_code,
    reason = "build.rs needs the types and `resolve_assignment` only"
)]
mod spec;

use std::{env, fs, path::PathBuf};

fn main() {
    let rules_dir =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
            .join("rules");
    println!("cargo:rerun-if-changed={}", rules_dir.display());
    let mut paths: Vec<PathBuf> = fs::read_dir(&rules_dir)
        .expect("core/rules exists")
        .map(|entry| entry.expect("readable rules dir").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    paths.sort();

    let mut all = Vec::new();
    for path in &paths {
        println!("cargo:rerun-if-changed={}", path.display());
        let text =
            fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
        let file: spec::RuleFile = toml::from_str(&text)
            .unwrap_or_else(|e| panic!("rule file {} is invalid:\n{e}", path.display()));
        let family = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        for mut rule in file.rules {
            // Context-anchored rules become plain patterns here, so the embedded JSON and
            // the catalogue hold the regex that actually runs.
            rule.resolve_assignment()
                .unwrap_or_else(|e| panic!("rule {} in {}: {e}", rule.id, path.display()));
            all.push(serde_json::json!({ "family": family, "rule": rule }));
        }
    }
    let out =
        PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin_rules.json");
    fs::write(out, serde_json::to_string(&all).expect("rules serialize"))
        .expect("write builtin_rules.json");
}
