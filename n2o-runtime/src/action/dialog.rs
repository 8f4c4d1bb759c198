//! Browser dialogs: alert, and confirm with a postback.

use crate::element::wire;
use crate::js::{self, Js};
use crate::postback::{self, Postback, Seal};

/// Shows `text` in an `alert` box.
pub fn alert(text: &str) -> Js {
    Js::trusted(format!("alert({});", js::quote(text)))
}

/// Asks `text` in a `confirm` box and sends `postback` if the user agrees:
/// `if(confirm('…')){N2O.pickle('','<PICKLE>',[]);}`, with `seal` sealing it.
///
/// The trigger id is empty (no element was clicked) and no sources travel with it. A
/// postback that cannot become a term is logged, and the JS then only logs in the console.
#[allow(clippy::needless_pass_by_value)] // by value, to read as `confirm(.., Ev::Delete(7), ..)`
pub fn confirm<P: Postback>(text: &str, postback: P, seal: &dyn Seal) -> Js {
    let send = match postback::to_term(&postback) {
        Ok(term) => wire::pickle_js::<&str>("", &seal.seal(&term), &[]).into_string(),
        Err(_) => "console.error('n2o: the postback of a confirm could not be encoded');".into(),
    };
    Js::trusted(format!("if(confirm({})){{{send}}}", js::quote(text)))
}
