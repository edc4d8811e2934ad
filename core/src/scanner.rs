//! The public entry point: compile once with [`Scanner::new`], then [`Scanner::scan`] many inputs.

use crate::allow::AllowRules;
use crate::config::{Config, ConfigError};
use crate::engine::{Engine, Hit};
use crate::extract::{self, sourcemap, Steps, Synthetic};
use crate::input::{Input, InputKind};
use crate::report::finding::SourceLocation;
use crate::report::{location, Report, SkipReason, Skipped};
use crate::rules::{self, RuleInfo};

const DEFAULT_MAX_INPUT_BYTES: usize = 256 * 1024 * 1024;
/// A `.map` inside a `.map`'s `sourcesContent` is scanned; one more level is not.
const MAX_SOURCE_DEPTH: u8 = 2;

/// A compiled set of rules. Cheap to share; `scan` takes `&self`.
#[derive(Debug)]
pub struct Scanner {
    engine: Engine,
    allow: AllowRules,
    max_input_bytes: usize,
    extract: bool,
}

impl Scanner {
    /// Compiles the built-in rules plus the user's configuration.
    pub fn new(config: Config) -> Result<Scanner, ConfigError> {
        let rules = rules::compile_all(&config)?;
        Ok(Scanner {
            engine: Engine::new(rules),
            allow: AllowRules::new(&config.allow)?,
            max_input_bytes: config.max_input_bytes.unwrap_or(DEFAULT_MAX_INPUT_BYTES),
            extract: config.extract.unwrap_or(true),
        })
    }

    /// Scans one input. Never fails: whatever could not be scanned is in `report.skipped`.
    pub fn scan(&self, input: &Input<'_>) -> Report {
        let kind = input.resolved_kind();
        let mut report = Report::new(input.origin, kind, input.bytes.len());
        if self.allow.allows_path(input.origin) {
            report
                .skipped
                .push(Skipped::new(input.origin, SkipReason::AllowlistedPath));
            return report;
        }
        if kind == InputKind::Binary {
            report
                .skipped
                .push(Skipped::new(input.origin, SkipReason::Binary));
            return report;
        }
        if input.bytes.len() > self.max_input_bytes {
            report.skipped.push(Skipped::new(
                input.origin,
                SkipReason::TooLarge {
                    bytes: input.bytes.len(),
                    limit: self.max_input_bytes,
                },
            ));
            return report;
        }
        report.scanned_bytes = input.bytes.len();
        let mut inline_map = None;
        if self.extract {
            let hits = self.scan_layers(
                input.bytes,
                kind,
                input.origin,
                0,
                &mut report.skipped,
                &mut inline_map,
            );
            (report.findings, report.suppressed) =
                self.engine.findings(input.bytes, hits, &self.allow);
        } else {
            // Raw text only: also covers invalid UTF-8 and anything that does not lex.
            (report.findings, report.suppressed) = self.engine.scan_raw(input.bytes, &self.allow);
        }
        // Findings in a generated file get their original position through its map: the
        // one the caller passed, else its inline one. Parsed only when a finding needs it.
        let map = input.source_map.or(inline_map.as_deref());
        if let Some(bytes) = map.filter(|_| report.findings.iter().any(|f| f.source.is_none())) {
            match sourcemap::parse(bytes) {
                Ok(map) => {
                    for finding in report.findings.iter_mut().filter(|f| f.source.is_none()) {
                        finding.source = sourcemap::original_position(
                            &map,
                            finding.location.line,
                            finding.location.column_utf16,
                        );
                    }
                }
                Err(error) => report.skipped.push(Skipped::new(
                    input.origin,
                    SkipReason::Degraded {
                        code: "source-map-invalid",
                        reason: format!(
                            "its source map does not parse ({error}): findings keep their generated positions"
                        ),
                    },
                )),
            }
        }
        report
    }

    /// The raw pass over `bytes`, plus what extraction finds in its decoded values and
    /// embedded sources, merged so each secret is one hit, in `bytes`' coordinates.
    fn scan_layers(
        &self,
        bytes: &[u8],
        kind: InputKind,
        origin: &str,
        depth: u8,
        skipped: &mut Vec<Skipped>,
        inline_map: &mut Option<Vec<u8>>,
    ) -> Vec<Hit> {
        let mut hits = self.engine.hits(bytes);
        let extraction = extract::extract(kind, bytes, origin);
        skipped.extend(extraction.degraded.iter().map(|d| {
            Skipped::new(
                origin,
                SkipReason::Degraded {
                    code: d.code,
                    reason: d.reason.clone(),
                },
            )
        }));
        if !extraction.fragments.is_empty() {
            let synthetic = Synthetic::new(&extraction.fragments);
            for candidate in self.engine.candidates(&synthetic.text) {
                let Some((index, start, end)) = synthetic.locate(candidate.start, candidate.end)
                else {
                    continue;
                };
                let fragment = &extraction.fragments[index];
                let Some((start, end)) = fragment.map_range(start, end) else {
                    continue;
                };
                hits.push(Hit {
                    rule: candidate.rule,
                    start,
                    end,
                    downgrade: candidate.downgrade,
                    secret: synthetic.text[candidate.start..candidate.end].to_vec(),
                    steps: fragment.steps,
                    source: None,
                    note: None,
                });
            }
        }
        if depth < MAX_SOURCE_DEPTH {
            for source in &extraction.sources {
                let name = format!("{origin} → {}", source.name);
                let inner = self.scan_layers(
                    &source.text,
                    source.kind,
                    &name,
                    depth + 1,
                    skipped,
                    &mut None,
                );
                let ranges: Vec<(usize, usize)> = inner.iter().map(|h| (h.start, h.end)).collect();
                let locations = location::locate(&source.text, &ranges);
                for (mut hit, at) in inner.into_iter().zip(locations) {
                    let mapped = source
                        .maps
                        .iter()
                        .try_fold((hit.start, hit.end), |(s, e), map| map.map_range(s, e));
                    let Some((start, end)) = mapped else {
                        continue;
                    };
                    hit.source.get_or_insert_with(|| SourceLocation {
                        file: source.name.clone(),
                        line: at.line,
                        column: at.column,
                    });
                    hit.note.get_or_insert(source.note);
                    // The map holds the source as a JSON string: read through its escapes.
                    hit.steps = hit.steps.with(Steps::JSON);
                    (hit.start, hit.end) = (start, end);
                    hits.push(hit);
                }
            }
        }
        *inline_map = extraction.inline_map;
        self.engine.merge(hits)
    }

    /// The rules this scanner runs (built-in minus disabled, plus user rules).
    pub fn rules(&self) -> impl Iterator<Item = &RuleInfo> {
        self.engine.rules().map(|rule| &rule.info)
    }

    /// Every built-in rule with its examples, for catalogue tests and docs.
    pub fn builtin_rule_specs() -> Vec<(String, crate::RuleSpec)> {
        rules::builtin_specs()
    }
}
