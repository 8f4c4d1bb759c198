//! The JS templates that wire rendered elements: event listeners, postback sends, validation.
//!
//! Rendering uses exactly these functions, and they are public so tests and pages can
//! produce the same text; a postback's listener is `n2o_shared::js::binding_into`, next to
//! the escaping it relies on. Every id, event name and pickle enters the JS as a string
//! literal escaped by [`crate::js`]; only the listener body of [`listener_js`] and the
//! predicate of [`validation_js`] are code, and they come from the developer, never from
//! user input. Globals used: `qi`, `validateSources` and `N2O.pickle` from the client JS.

use super::event::EventType;
use crate::js::{self, Js};

/// `{var x=qi('<id>');x&&x.addEventListener('<event>',function(event){<body>});}`:
/// runs `body` (JS statements, with `event` in scope) on each `event` of element `id`;
/// nothing happens when the element is missing.
pub fn listener_js(id: &str, event: &str, body: &str) -> Js {
    let mut out = String::with_capacity(80 + id.len() + body.len());
    out.push_str("{var x=qi(");
    js::quote_into(id, &mut out);
    out.push_str(");x&&x.addEventListener(");
    js::quote_into(event, &mut out);
    out.push_str(",function(event){");
    out.push_str(body);
    out.push_str("});}");
    Js::trusted(out)
}

/// `N2O.pickle('<trigger>','<pickle>',['<source>',…]);`: sends NITRO's
/// `{pickle, Trigger, Pickled, Linked}` with the browser's values of `sources`.
pub fn pickle_js<S: AsRef<str>>(trigger: &str, pickle: &str, sources: &[S]) -> Js {
    let mut out = String::with_capacity(32 + trigger.len() + pickle.len());
    out.push_str("N2O.pickle(");
    js::quote_into(trigger, &mut out);
    out.push(',');
    js::quote_into(pickle, &mut out);
    out.push(',');
    out.push_str(&js::quote_array(sources));
    out.push_str(");");
    Js::trusted(out)
}

/// The listener of a postback binding, as N2O's `#event` renders it (modern shape):
///
/// ```text
/// {var x=qi('send');x&&x.addEventListener('click',function(event){event.preventDefault();
///  if(validateSources(['message']))N2O.pickle('send','<PICKLE>',['message']);});}
/// ```
///
/// (one line). `event.preventDefault();` is there only for events whose default action
/// would leave the page or submit a form ([`EventType::prevents_default`]).
pub fn binding_js<S: AsRef<str>>(id: &str, event: &EventType, pickle: &str, sources: &[S]) -> Js {
    let mut out = String::with_capacity(160 + pickle.len());
    n2o_shared::js::binding_into(
        &mut out,
        id,
        event.as_str(),
        event.prevents_default(),
        sources,
        pickle,
    );
    Js::trusted(out)
}

/// The listener wired instead of [`binding_js`] when a postback could not be converted to a
/// term: the event does nothing but say so in the browser console (the server logged it).
pub fn broken_binding_js(id: &str, event: &EventType) -> Js {
    let mut body = String::new();
    if event.prevents_default() {
        body.push_str("event.preventDefault();");
    }
    body.push_str("console.error(");
    js::quote_into(&format!("n2o: the postback of #{id} could not be encoded"), &mut body);
    body.push_str(");");
    listener_js(id, event.as_str(), &body)
}

/// The FTP wiring of `upload` element `id`:
/// `N2O.ftp.bind('<id>','<ticket>',{max:<bytes>,drop:'<zone>'});` (`max` and `drop` only when
/// set). `ticket` is the element's sealed [`Ticket`](crate::ftp::Ticket); `ftp.js` sends it
/// in every transfer's `Meta`.
pub fn upload_js(id: &str, ticket: &str, max_bytes: Option<u64>, drop_zone: Option<&str>) -> Js {
    let mut out = String::with_capacity(48 + id.len() + ticket.len());
    out.push_str("N2O.ftp.bind(");
    js::quote_into(id, &mut out);
    out.push(',');
    js::quote_into(ticket, &mut out);
    out.push_str(",{");
    if let Some(max) = max_bytes {
        out.push_str("max:");
        out.push_str(&max.to_string());
        if drop_zone.is_some() {
            out.push(',');
        }
    }
    if let Some(zone) = drop_zone {
        out.push_str("drop:");
        js::quote_into(zone, &mut out);
    }
    out.push_str("});");
    Js::trusted(out)
}

/// NITRO's validation hook for element `id`:
/// `{var x=qi('<id>');if(x){x.addEventListener('validation',function(e){if(!(<predicate>))e.preventDefault();});x.validation=true;}}`.
///
/// The client's `validateSources(ids)` dispatches a cancelable `validation` event, with the
/// value in `e.detail`, on each source that has `validation` set, and sends nothing when
/// one is cancelled.
pub fn validation_js(id: &str, predicate: &str) -> Js {
    let mut out = String::with_capacity(120 + id.len() + predicate.len());
    out.push_str("{var x=qi(");
    js::quote_into(id, &mut out);
    out.push_str(");if(x){x.addEventListener('validation',function(e){if(!(");
    out.push_str(predicate);
    out.push_str("))e.preventDefault();});x.validation=true;}}");
    Js::trusted(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn click_binding_is_the_modern_nitro_shape() {
        assert_eq!(
            binding_js("send", &EventType::Click, "P", &["message"]).as_str(),
            "{var x=qi('send');x&&x.addEventListener('click',function(event){\
             event.preventDefault();if(validateSources(['message']))\
             N2O.pickle('send','P',['message']);});}"
        );
    }

    #[test]
    fn key_binding_keeps_the_default() {
        assert_eq!(
            binding_js::<&str>("m", &EventType::KeyUp, "P", &[]).as_str(),
            "{var x=qi('m');x&&x.addEventListener('keyup',function(event){\
             if(validateSources([]))N2O.pickle('m','P',[]);});}"
        );
    }

    #[test]
    fn validation_hook() {
        assert_eq!(
            validation_js("m", "e.detail.length>0").as_str(),
            "{var x=qi('m');if(x){x.addEventListener('validation',function(e){\
             if(!(e.detail.length>0))e.preventDefault();});x.validation=true;}}"
        );
    }

    #[test]
    fn upload_wiring() {
        assert_eq!(upload_js("f", "T", None, None).as_str(), "N2O.ftp.bind('f','T',{});");
        assert_eq!(
            upload_js("f'", "T", Some(10), Some("z'")).as_str(),
            "N2O.ftp.bind('f\\'','T',{max:10,drop:'z\\''});"
        );
        assert_eq!(upload_js("f", "T", Some(1), None).as_str(), "N2O.ftp.bind('f','T',{max:1});");
    }

    #[test]
    fn broken_binding_names_the_element() {
        assert_eq!(
            broken_binding_js("a'b", &EventType::Change).as_str(),
            "{var x=qi('a\\'b');x&&x.addEventListener('change',function(event){\
             console.error('n2o: the postback of #a\\'b could not be encoded');});}"
        );
    }
}
