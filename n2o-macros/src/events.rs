//! The event table: the DOM event names `on: {..}` and `bind: {..}` accept, mirroring `EventType`.
//!
//! Each name maps to its variant of `n2o::element::EventType`, so the expansion names the
//! variant (`EventType::KeyUp`) and the runtime's dedup and `prevents_default` see the same
//! value the builders would. A test compares this table with `EventType::KNOWN`.

/// One named event: its JS name (what the user writes) and its `EventType` variant.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Event {
    pub(crate) name: &'static str,
    pub(crate) variant: &'static str,
}

/// Every named event, in the order of `EventType::KNOWN`.
pub(crate) const EVENTS: &[Event] = &[
    event("click", "Click"),
    event("dblclick", "DblClick"),
    event("change", "Change"),
    event("input", "Input"),
    event("keyup", "KeyUp"),
    event("keydown", "KeyDown"),
    event("submit", "Submit"),
    event("focus", "Focus"),
    event("blur", "Blur"),
    event("mouseover", "MouseOver"),
    event("mouseout", "MouseOut"),
    event("mouseenter", "MouseEnter"),
    event("mouseleave", "MouseLeave"),
    event("contextmenu", "ContextMenu"),
];

const fn event(name: &'static str, variant: &'static str) -> Event {
    Event { name, variant }
}

impl Event {
    /// The event whose JS name is `name`.
    pub(crate) fn find(name: &str) -> Option<&'static Event> {
        EVENTS.iter().find(|e| e.name == name)
    }

    /// The names, for "expected one of" and "did you mean".
    pub(crate) fn names() -> impl Iterator<Item = &'static str> + Clone {
        EVENTS.iter().map(|e| e.name)
    }
}

#[cfg(test)]
mod tests {
    use n2o::element::EventType;

    use super::*;
    use crate::elements::ELEMENTS;

    #[test]
    fn the_table_is_the_runtimes_list() {
        // `Debug` of a unit variant is its name, so this checks the variants too.
        let runtime: Vec<(String, String)> =
            EventType::KNOWN.iter().map(|e| (e.as_str().to_owned(), format!("{e:?}"))).collect();
        let ours: Vec<(String, String)> =
            EVENTS.iter().map(|e| (e.name.to_owned(), e.variant.to_owned())).collect();
        assert_eq!(ours, runtime);
    }

    #[test]
    fn every_natural_event_is_in_the_table() {
        for spec in ELEMENTS.iter().filter(|s| s.is_element()) {
            assert!(Event::find(spec.event).is_some(), "#{}: {}", spec.name, spec.event);
        }
    }
}
