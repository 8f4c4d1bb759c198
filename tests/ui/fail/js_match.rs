// A `match` must be exhaustive, and its patterns are literals, ranges, names and options.
fn main() {
    let _ = n2o::js!(|n: i32| match n {
        0 => "zero",
        1..=9 => "digit",
    });
    let _ = n2o::js!(|p: i32| match p {
        [a, b] => a,
        _ => 0,
    });
}
