// `postback(..)` belongs in a bound block, not in a closure; unknown names say how to capture.
fn main() {
    let _ = n2o::js!(|v: &str| postback(()));
    let _ = n2o::js! {
        el("x").set_text(outer);
        el("x").set_html("<b>");
        eval("1");
    };
}
