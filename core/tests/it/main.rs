//! The one integration test binary of spillproof-core (one binary links once: faster builds).
//!
//! - `catalogue`: docs/rules.md is generated from the rule files and must not be stale.
//! - `rule_examples`: every positive/negative example of every built-in rule, plus catalogue invariants.
//! - `scanning`: behaviour of the public API on realistic and hostile input.
//! - `extraction`: JS/HTML/JSON/source-map-aware extraction: split, escaped, encoded and mapped secrets, and malformed input.
//! - `verdicts`: for each family with a public and a secret key, which is which.
//! - `conformance`: public secret-scanner vectors from `../shared/conformance/`, with a committed summary.

mod catalogue;
mod conformance;
mod extraction;
mod fake;
mod rule_examples;
mod scanning;
mod verdicts;
