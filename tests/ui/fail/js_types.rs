// js! checks the types its JavaScript depends on: no int/float mix, no string ordering,
// annotations where a captured value's type matters.
fn main() {
    let n = 5;
    let _ = n2o::js!(|a: i32, b: f64| a + b);
    let _ = n2o::js!(|a: &str, b: &str| a < b);
    let _ = n2o::js! {
        let m = #n;
    };
    let _ = n2o::js!(|v: HashMap<u8, u8>| v);
}
