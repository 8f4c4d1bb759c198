// A captured value of the wrong Rust type is a compile error at the capture.
fn main() {
    let name = "x".to_string();
    let _ = n2o::js! {
        let n: i32 = #name;
        console_log(n);
    };
}
