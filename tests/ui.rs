//! Compile-time behaviour of `nitro!` and `#[derive(Postback)]`: what compiles, and each error.
//!
//! The `.stderr` files are rustc's exact output, so they are pinned to one compiler.
//! Regenerate with `TRYBUILD=overwrite cargo test -p n2o --test ui` and review the diff.

#[rustversion::attr(not(stable(1.95)), ignore = "the .stderr files are rustc 1.95's")]
#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/pass/*.rs");
    t.compile_fail("tests/ui/fail/*.rs");
}
