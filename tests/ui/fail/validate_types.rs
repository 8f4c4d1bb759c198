use n2o::element::{checkbox, textbox};

fn main() {
    let check = n2o::js!(|v: &str| !v.is_empty());
    // The builder: a checkbox has no text value.
    let _ = checkbox().validate(&check, "required");
    // A closure that uses the DOM has no native twin for the server to run.
    let dom = n2o::js!(|v: &str| el("other").value() == v);
    let _ = textbox().validate(&dom, "must match");
}
