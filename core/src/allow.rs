//! The compiled allowlist: fingerprints, path globs and value regexes from the config.
//! Everything it drops is counted, so a report can say how much was allowed.

use std::collections::HashSet;

use globset::{Glob, GlobSet, GlobSetBuilder};
use regex::bytes::{RegexSet, RegexSetBuilder};

use crate::config::{Allowlist, ConfigError};
use crate::report::redact::Secret;

const VALUE_REGEX_SIZE_LIMIT: usize = 1 << 20;

#[derive(Debug)]
pub(crate) struct AllowRules {
    fingerprints: HashSet<String>,
    paths: GlobSet,
    values: RegexSet,
}

impl AllowRules {
    pub fn new(allow: &Allowlist) -> Result<AllowRules, ConfigError> {
        let mut paths = GlobSetBuilder::new();
        for pattern in &allow.paths {
            let glob = Glob::new(pattern).map_err(|e| {
                ConfigError::new(
                    None,
                    format!("allow.paths: `{pattern}` is not a valid glob: {e}"),
                )
            })?;
            paths.add(glob);
        }
        let values = RegexSetBuilder::new(&allow.values)
            .size_limit(VALUE_REGEX_SIZE_LIMIT)
            .build()
            .map_err(|e| ConfigError::new(None, format!("allow.values: invalid regex: {e}")))?;
        Ok(AllowRules {
            fingerprints: allow
                .fingerprints
                .iter()
                .map(|f| f.trim().to_ascii_lowercase())
                .collect(),
            paths: paths
                .build()
                .map_err(|e| ConfigError::new(None, format!("allow.paths: {e}")))?,
            values,
        })
    }

    /// Origins are matched as given and, for URLs, by their path part.
    pub fn allows_path(&self, origin: &str) -> bool {
        if self.paths.is_empty() {
            return false;
        }
        let path = origin.split(['?', '#']).next().unwrap_or(origin);
        let url_path = path
            .split_once("://")
            .and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..]));
        self.paths.is_match(path)
            || url_path.is_some_and(|p| self.paths.is_match(p.trim_start_matches('/')))
    }

    pub fn allows_value(&self, secret: &Secret<'_>) -> bool {
        !self.values.is_empty() && self.values.is_match(secret.expose())
    }

    pub fn allows_fingerprint(&self, fingerprint: &str) -> bool {
        self.fingerprints.contains(fingerprint)
    }
}
