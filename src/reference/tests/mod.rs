//! In-process tests of the reference server, grouped by concern.
