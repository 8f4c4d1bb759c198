//! The typical messages the format benches encode and decode, built once so BERT and JSON
//! measure the same terms.

use std::time::SystemTime;

use n2o_runtime::format::bert;
use n2o_runtime::pickle::{Keys, Pickler};
use n2o_runtime::term::Term;

/// About a chat line's DOM update, padded to 1 KB: the JS of a typical `{io, Eval, <<>>}`.
pub(crate) fn eval_1kb() -> String {
    let mut js = String::from("{var x=qi('history');if(x){x.insertAdjacentHTML('beforeend','");
    let tail = "');}}";
    let line = "\\x3Cp class=\\\"line\\\"\\x3E\\x3Cspan\\x3Eann\\x3C/span\\x3E: hello \\x3C/p\\x3E";
    while js.len() + line.len() + tail.len() <= 1024 {
        js.push_str(line);
    }
    js.push_str(&"x".repeat(1024 - js.len() - tail.len()));
    js.push_str(tail);
    js
}

/// The server's reply to a click: `{io, Eval, <<>>}` with 1 KB of JS.
pub(crate) fn io() -> Term {
    Term::tuple([Term::atom("io"), Term::bin(eval_1kb()), Term::bin("")])
}

/// A click as `nitro.js` sends it: `{pickle, <<"send">>, <<Pickle>>, Linked}` with the
/// control's own entry and two sources, the pickle sealed for real (AES + HMAC, base64).
pub(crate) fn click() -> Term {
    let keys = Keys::from_secret("bench secret, thirty-two bytes!!").expect("long enough");
    let postback = bert::encode(&Term::atom("Send"));
    let pickle =
        Pickler::new(keys).seal(&postback, "0123456789abcdef0123456789abcdef", SystemTime::now());
    let linked = Term::list([
        Term::tuple([Term::tuple([Term::str("send"), Term::bin("detail")]), Term::nil()]),
        Term::tuple([Term::atom("message"), Term::bin("hello, how are you today?")]),
        Term::tuple([Term::atom("nick"), Term::bin("ann")]),
    ]);
    Term::tuple([Term::atom("pickle"), Term::bin("send"), Term::bin(pickle), linked])
}
