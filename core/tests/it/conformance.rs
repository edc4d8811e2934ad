//! Conformance vectors (filled below).
