//! Helpers shared by the integration tests; each test file uses part of them.
#![allow(dead_code)]

pub(crate) mod term_strategy;
