//! Actions on one element: update, replace, insert, remove, clear, classes, value, attributes, focus, show, hide.

use super::Target;
use super::redirect::{Refused, is_safe_url};
use crate::element::Rendered;
use crate::js::{self, Js};

/// `{var x=<target>;x&&<expr>;}`: `expr` (which uses `x`) only when the target exists.
fn guarded(target: &Target, expr: &str) -> Js {
    let mut out = String::with_capacity(24 + expr.len());
    out.push_str("{var x=");
    out.push_str(&target.to_js());
    out.push_str(";x&&");
    out.push_str(expr);
    out.push_str(";}");
    Js::trusted(out)
}

/// `{var x=<target>;if(x){<head>'<html>'<tail><js>}}`: puts `content`'s HTML in with the
/// statement around it, then runs its wiring, which needs the new elements in the DOM.
fn with_content(target: &Target, head: &str, content: &Rendered, tail: &str) -> Js {
    let html = content.html.as_str();
    let wiring = content.js.as_str();
    let mut out = String::with_capacity(40 + html.len() + html.len() / 8 + wiring.len());
    out.push_str("{var x=");
    out.push_str(&target.to_js());
    out.push_str(";if(x){");
    out.push_str(head);
    js::quote_into(html, &mut out);
    out.push_str(tail);
    out.push_str(wiring);
    out.push_str("}}");
    Js::trusted(out)
}

/// Replaces the **content** of the target with `content` (`innerHTML`); the target stays.
///
/// N2O's `wf:update` replaced the element itself: that is [`replace`].
pub fn update(target: impl Into<Target>, content: &Rendered) -> Js {
    with_content(&target.into(), "x.innerHTML=", content, ";")
}

/// Replaces the target **element itself** with `content` (`outerHTML`), as N2O's `wf:update`.
pub fn replace(target: impl Into<Target>, content: &Rendered) -> Js {
    with_content(&target.into(), "x.outerHTML=", content, ";")
}

/// Inserts `content` as the first children of the target (`afterbegin`).
pub fn insert_top(target: impl Into<Target>, content: &Rendered) -> Js {
    with_content(&target.into(), "x.insertAdjacentHTML('afterbegin',", content, ");")
}

/// Inserts `content` as the last children of the target (`beforeend`): a chat line.
pub fn insert_bottom(target: impl Into<Target>, content: &Rendered) -> Js {
    with_content(&target.into(), "x.insertAdjacentHTML('beforeend',", content, ");")
}

/// Inserts `content` just before the target, as its siblings (`beforebegin`).
pub fn insert_before(target: impl Into<Target>, content: &Rendered) -> Js {
    with_content(&target.into(), "x.insertAdjacentHTML('beforebegin',", content, ");")
}

/// Inserts `content` just after the target, as its siblings (`afterend`).
pub fn insert_after(target: impl Into<Target>, content: &Rendered) -> Js {
    with_content(&target.into(), "x.insertAdjacentHTML('afterend',", content, ");")
}

/// Removes the target from the page.
pub fn remove(target: impl Into<Target>) -> Js {
    guarded(&target.into(), "x.remove()")
}

/// Removes every child of the target (NITRO's `clear`).
pub fn clear(target: impl Into<Target>) -> Js {
    guarded(&target.into(), "x.replaceChildren()")
}

/// `x.classList.<method>('a','b')` for the space-separated names in `classes`.
fn class_list(target: &Target, method: &str, classes: &str) -> Js {
    let names: Vec<&str> = classes.split_ascii_whitespace().collect();
    let args = js::quote_array(&names);
    let expr = format!("x.classList.{method}({})", &args[1..args.len() - 1]);
    guarded(target, &expr)
}

/// Adds the CSS classes in `classes` (one, or several separated by spaces).
pub fn add_class(target: impl Into<Target>, classes: &str) -> Js {
    class_list(&target.into(), "add", classes)
}

/// Removes the CSS classes in `classes` (one, or several separated by spaces).
pub fn remove_class(target: impl Into<Target>, classes: &str) -> Js {
    class_list(&target.into(), "remove", classes)
}

/// Sets a control's current value (`x.value`, what the user sees and a source sends).
pub fn set_value(target: impl Into<Target>, value: &str) -> Js {
    guarded(&target.into(), &format!("(x.value={})", js::quote(value)))
}

/// Attributes whose value is a URL the browser may navigate to or load as a document.
const URL_ATTRIBUTES: &[&str] = &["href", "src", "action", "formaction", "xlink:href", "data"];

/// Sets attribute `name` to `value` (`setAttribute`).
///
/// Refused: names that are not attribute names, event handlers (`on…`) and `srcdoc`, whose
/// values are code or markup, and script URLs (`javascript:`, …) in URL attributes.
pub fn set_attr(target: impl Into<Target>, name: &str, value: &str) -> Result<Js, Refused> {
    let valid = name.bytes().next().is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'));
    if !valid {
        return Err(Refused::InvalidName(name.to_owned()));
    }
    let lower = name.to_ascii_lowercase();
    if lower.starts_with("on") || lower == "srcdoc" {
        return Err(Refused::CodeAttribute(name.to_owned()));
    }
    if URL_ATTRIBUTES.contains(&lower.as_str()) && !is_safe_url(value) {
        return Err(Refused::ScriptUrl(value.to_owned()));
    }
    let expr = format!("x.setAttribute({},{})", js::quote(name), js::quote(value));
    Ok(guarded(&target.into(), &expr))
}

/// Moves the keyboard focus to the target.
pub fn focus(target: impl Into<Target>) -> Js {
    guarded(&target.into(), "x.focus()")
}

/// Shows the target: clears its `hidden` attribute and its inline `display`, so its CSS
/// display applies again.
pub fn show(target: impl Into<Target>) -> Js {
    guarded(&target.into(), "(x.hidden=false,x.style.display='')")
}

/// Hides the target with an inline `display:none`.
pub fn hide(target: impl Into<Target>) -> Js {
    guarded(&target.into(), "(x.style.display='none')")
}
