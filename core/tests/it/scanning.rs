//! Behaviour of the public API: verdicts, locations, redaction, fingerprints, hostile input.
