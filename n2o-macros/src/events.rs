//! The event table (`n2o_shared::events`, the runtime's too): the DOM event names `on: {..}` and `bind: {..}` accept.
//!
//! Each name maps to its variant of `n2o::element::EventType`, so the expansion names the
//! variant (`EventType::KeyUp`) and the runtime's dedup and `prevents_default` see the same
//! value the builders would. A test compares the table with `EventType::KNOWN`.

pub(crate) use n2o_shared::events::{EVENTS, Event};

/// The event whose JS name is `name`.
pub(crate) fn find(name: &str) -> Option<&'static Event> {
    n2o_shared::events::find(name)
}

/// The names, for "expected one of" and "did you mean".
pub(crate) fn names() -> impl Iterator<Item = &'static str> + Clone {
    EVENTS.iter().map(|e| e.name)
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
            assert!(find(spec.event).is_some(), "#{}: {}", spec.name, spec.event);
        }
    }
}
