// Constructs outside js!'s subset: each is refused at its token, saying what is supported.
fn main() {
    let _ = n2o::js! {
        let x = 1;
        let y = x << 2;
        let s = "abc";
        let t = s.find("b");
        let u = &s[1..];
        x = 3;
    };
}
