//! The DOM events n2o names: what `nitro!`'s `on: {..}` and `bind: {..}` accept, and the
//! runtime's `EventType` variants, in the same order.

/// One named event: its JS name and the name of its `EventType` variant.
#[derive(Debug, PartialEq, Eq)]
pub struct Event {
    /// The JS name: `click`, `keyup`, ….
    pub name: &'static str,
    /// The variant of `n2o::element::EventType`: `Click`, `KeyUp`, ….
    pub variant: &'static str,
    /// Whether a postback on it cancels the browser's default action (a click would follow
    /// a link or submit a form); key, input and focus events keep theirs.
    pub prevents_default: bool,
}

/// Every named event, in the order of `EventType::KNOWN` (a runtime test compares them).
pub const EVENTS: &[Event] = &[
    event("click", "Click", true),
    event("dblclick", "DblClick", true),
    event("change", "Change", false),
    event("input", "Input", false),
    event("keyup", "KeyUp", false),
    event("keydown", "KeyDown", false),
    event("submit", "Submit", true),
    event("focus", "Focus", false),
    event("blur", "Blur", false),
    event("mouseover", "MouseOver", false),
    event("mouseout", "MouseOut", false),
    event("mouseenter", "MouseEnter", false),
    event("mouseleave", "MouseLeave", false),
    event("contextmenu", "ContextMenu", true),
];

const fn event(name: &'static str, variant: &'static str, prevents_default: bool) -> Event {
    Event { name, variant, prevents_default }
}

/// The event whose JS name is `name`.
pub fn find(name: &str) -> Option<&'static Event> {
    EVENTS.iter().find(|e| e.name == name)
}
