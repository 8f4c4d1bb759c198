//! The client's page: the served HTML, changed by every action the server sends, with the
//! listeners wired on its elements and the state of its controls.

use std::collections::HashMap;
use std::fmt;

use dom_query::{Document, Matcher, NodeId, NodeRef};
use n2o_runtime::Term;
use n2o_runtime::action::Target;

use super::action::{Action, Listener, cut, show_target};

/// A parsed page that actions are applied to, as a browser applies the JavaScript.
pub(crate) struct Dom {
    doc: Document,
    listeners: Vec<Bound>,
    /// What controls hold now: like a browser, values set by the server (`set_value`) or
    /// typed by the test live in the control's state, not in its markup.
    fields: HashMap<NodeId, Field>,
    pub(crate) focused: Option<String>,
    pub(crate) alerts: Vec<String>,
    /// Confirm boxes shown: the question and the pickle sent on OK.
    pub(crate) confirms: Vec<(String, Option<String>)>,
    pub(crate) redirect: Option<String>,
    /// Actions whose target was not in the page (the browser skips them silently).
    pub(crate) missed: Vec<String>,
}

/// The state of a control.
#[derive(Clone, Debug)]
enum Field {
    Text(String),
    Checked(bool),
    Many(Vec<String>),
}

/// A listener as the browser holds it: on one element object, not on an id.
struct Bound {
    node: NodeId,
    event: String,
    listener: Listener,
}

/// What a click does besides the element's own listeners (see [`Dom::click_default`]).
pub(crate) enum ClickDefault {
    /// The browser follows a link to this path of the site.
    Navigate(String),
    /// The element's state changed, and this element's event fires: a checkbox's or
    /// radio's `change`, a form's `submit`.
    Fire(String, &'static str),
    /// Nothing more: a radio that was on already.
    Nothing,
}

/// Where content goes relative to its target.
#[derive(Clone, Copy)]
enum Place {
    Inner,
    Outer,
    Top,
    Bottom,
    Before,
    After,
}

impl fmt::Debug for Dom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Dom")
            .field("html", &self.html())
            .field("listeners", &self.listeners.len())
            .finish_non_exhaustive()
    }
}

impl Dom {
    pub(crate) fn parse(html: &str) -> Dom {
        Dom {
            doc: Document::from(html),
            listeners: Vec::new(),
            fields: HashMap::new(),
            focused: None,
            alerts: Vec::new(),
            confirms: Vec::new(),
            redirect: None,
            missed: Vec::new(),
        }
    }

    /// The whole document, serialized.
    pub(crate) fn html(&self) -> String {
        self.doc.html().to_string()
    }

    /// The code of the inline `<script>` elements, in document order: what the browser runs
    /// while it loads the page.
    pub(crate) fn inline_scripts(&self) -> Vec<String> {
        self.doc
            .select("script")
            .nodes()
            .iter()
            .filter(|n| !n.has_attr("src"))
            .map(|n| n.text().to_string())
            .collect()
    }

    fn node(&self, id: NodeId) -> NodeRef<'_> {
        self.doc.tree.get_unchecked(&id)
    }

    /// The element a test names: an id (`send`, `row-1`: `document.getElementById`, the first
    /// in document order), or a CSS selector (`#list li:nth-child(2) button.delete`) that
    /// matches exactly one element.
    ///
    /// A bare word is an id first, and a selector (`p`, `li`) when no element has that id.
    pub(crate) fn by_id(&self, id: &str) -> Option<NodeId> {
        if !is_selector(id) {
            let by_id = self
                .doc
                .root()
                .descendants_it()
                .find(|n| n.is_element() && n.id_attr().as_deref() == Some(id))
                .map(|n| n.id);
            if by_id.is_some() {
                return by_id;
            }
        }
        let matcher = Matcher::new(id).ok()?;
        let found = self.doc.select_matcher(&matcher);
        match found.nodes() {
            [one] => Some(one.id),
            _ => None,
        }
    }

    /// What a click on `target` does besides its own listeners, as the browser does it: a
    /// checkbox toggles and fires `change`; a radio turns on, turns the others of its group
    /// off and fires `change` (nothing, when it was on already); a submit button in a form
    /// submits the form; a link to a page of the site is followed. Applies the state change.
    pub(crate) fn click_default(&mut self, target: &str) -> Option<ClickDefault> {
        let node_id = self.by_id(target)?;
        let node = self.node(node_id);
        if node.has_name("a")
            && let Some(href) = node.attr("href").map(|h| h.to_string())
            && href.starts_with('/')
            && !href.starts_with("//")
        {
            return Some(ClickDefault::Navigate(href));
        }
        let kind = node.attr("type").map(|t| t.to_ascii_lowercase());
        let change = || ClickDefault::Fire(target.to_owned(), "change");
        if node.has_name("input") && kind.as_deref() == Some("checkbox") {
            let on = !self.checked(node_id);
            self.fields.insert(node_id, Field::Checked(on));
            return Some(change());
        }
        if node.has_name("input") && kind.as_deref() == Some("radio") {
            if self.checked(node_id) {
                return Some(ClickDefault::Nothing);
            }
            for other in self.group(node_id) {
                self.fields.insert(other, Field::Checked(false));
            }
            self.fields.insert(node_id, Field::Checked(true));
            return Some(change());
        }
        let submits = (node.has_name("button") && kind.as_deref().is_none_or(|k| k == "submit"))
            || (node.has_name("input") && kind.as_deref() == Some("submit"));
        if submits {
            let form = node.ancestors_it(None).find(|a| a.has_name("form"))?;
            let id = form.id_attr()?.to_string();
            return Some(ClickDefault::Fire(id, "submit"));
        }
        None
    }

    /// The other radios of `radio`'s group: the same `name`, in the same form (or, outside
    /// any form, outside every form).
    fn group(&self, radio: NodeId) -> Vec<NodeId> {
        let node = self.node(radio);
        let Some(name) = node.attr("name").map(|n| n.to_string()) else { return Vec::new() };
        let form_of =
            |n: &NodeRef<'_>| n.ancestors_it(None).find(|a| a.has_name("form")).map(|f| f.id);
        let form = form_of(&node);
        self.doc
            .root()
            .descendants_it()
            .filter(|n| {
                n.id != radio
                    && n.has_name("input")
                    && n.attr("type").is_some_and(|t| t.eq_ignore_ascii_case("radio"))
                    && n.attr("name").as_deref() == Some(name.as_str())
                    && form_of(n) == form
            })
            .map(|n| n.id)
            .collect()
    }

    /// The `id` attribute of the element `target` names (an id names itself).
    pub(crate) fn id_of(&self, target: &str) -> String {
        self.by_id(target)
            .and_then(|n| self.node(n).id_attr().map(|id| id.to_string()))
            .unwrap_or_else(|| target.to_owned())
    }

    /// Why `target` names no element: none has that id, or the selector is not one, matches
    /// none, or matches several (listed).
    pub(crate) fn why_missing(&self, target: &str) -> String {
        let Ok(matcher) = Matcher::new(target) else {
            return format!("`{target}` is neither an id nor a CSS selector");
        };
        let found = self.doc.select_matcher(&matcher);
        let nodes = found.nodes();
        if nodes.is_empty() {
            return if is_selector(target) {
                format!("no element matches `{target}`")
            } else {
                format!("no element #{target} in the page")
            };
        }
        let listed: Vec<String> =
            nodes.iter().take(10).map(|n| format!("    {}", cut(&n.html(), 120))).collect();
        format!(
            "`{target}` matches {} elements, not one; make it name one of them:\n{}",
            nodes.len(),
            listed.join("\n")
        )
    }

    fn resolve(&self, target: &Target) -> Option<NodeId> {
        match target {
            Target::Id(id) => self.by_id(id),
            Target::Selector(css) => {
                let matcher = Matcher::new(css).ok()?;
                self.doc.select_matcher(&matcher).nodes().first().map(|n| n.id)
            }
        }
    }

    /// Every id in the page, in document order: for messages about a missing one.
    pub(crate) fn ids(&self) -> Vec<String> {
        self.doc
            .root()
            .descendants_it()
            .filter(|n| n.is_element())
            .filter_map(|n| n.id_attr().map(|id| id.to_string()))
            .collect()
    }

    pub(crate) fn inner_html(&self, id: &str) -> Option<String> {
        self.by_id(id).map(|n| self.node(n).inner_html().to_string())
    }

    pub(crate) fn outer_html(&self, id: &str) -> Option<String> {
        self.by_id(id).map(|n| self.node(n).html().to_string())
    }

    /// `textContent`.
    pub(crate) fn text(&self, id: &str) -> Option<String> {
        self.by_id(id).map(|n| self.node(n).text().to_string())
    }

    pub(crate) fn attr(&self, id: &str, name: &str) -> Option<String> {
        self.by_id(id).and_then(|n| self.node(n).attr(name)).map(|v| v.to_string())
    }

    /// The outer HTML of every element matching `css`; `None` when `css` is not a selector.
    pub(crate) fn select(&self, css: &str) -> Option<Vec<String>> {
        // Not `try_select`: it says `None` for "nothing matched" too.
        let matcher = Matcher::new(css).ok()?;
        let found = self.doc.select_matcher(&matcher);
        Some(found.nodes().iter().map(|n| n.html().to_string()).collect())
    }

    /// Whether the element and its ancestors are neither `hidden` nor `display: none`.
    pub(crate) fn is_visible(&self, id: &str) -> Option<bool> {
        let node = self.node(self.by_id(id)?);
        let shown = |n: &NodeRef<'_>| {
            !n.is_element()
                || (!n.has_attr("hidden")
                    && n.attr("style").is_none_or(|s| display(&s).as_deref() != Some("none")))
        };
        Some(shown(&node) && node.ancestors_it(None).all(|a| shown(&a)))
    }

    /// The postback listeners and others wired on element `id` for `event`.
    pub(crate) fn listeners(&self, id: &str, event: &str) -> Vec<Listener> {
        let Some(node) = self.by_id(id) else { return Vec::new() };
        self.listeners
            .iter()
            .filter(|b| b.node == node && b.event == event)
            .map(|b| b.listener.clone())
            .collect()
    }

    /// The events element `id` has listeners for.
    pub(crate) fn events_of(&self, id: &str) -> Vec<String> {
        let Some(node) = self.by_id(id) else { return Vec::new() };
        let mut events: Vec<String> =
            self.listeners.iter().filter(|b| b.node == node).map(|b| b.event.clone()).collect();
        events.dedup();
        events
    }

    /// Applies one action as the browser would run its JavaScript.
    pub(crate) fn apply(&mut self, action: &Action) {
        use Action::*;
        let content = match action {
            Update { target, html } => Some((target, Place::Inner, html)),
            Replace { target, html } => Some((target, Place::Outer, html)),
            InsertTop { target, html } => Some((target, Place::Top, html)),
            InsertBottom { target, html } => Some((target, Place::Bottom, html)),
            InsertBefore { target, html } => Some((target, Place::Before, html)),
            InsertAfter { target, html } => Some((target, Place::After, html)),
            _ => None,
        };
        if let Some((target, place, html)) = content {
            match self.resolve(target) {
                Some(node) => self.put(node, place, html),
                None => self.missed.push(action.to_string()),
            }
            return;
        }
        match action {
            Listen { id, event, listener } => {
                if let Some(node) = self.by_id(id) {
                    self.listeners.push(Bound {
                        node,
                        event: event.clone(),
                        listener: listener.clone(),
                    });
                }
            }
            Alert { text } => self.alerts.push(text.clone()),
            Confirm { text, pickle } => self.confirms.push((text.clone(), pickle.clone())),
            Redirect { url } => self.redirect = Some(url.clone()),
            Validate { .. } | Script { .. } => {}
            other => {
                let Some(target) = other.target() else { return };
                match self.resolve(target) {
                    Some(node) => self.on_element(node, target, other),
                    None => self.missed.push(other.to_string()),
                }
            }
        }
    }

    fn on_element(&mut self, id: NodeId, target: &Target, action: &Action) {
        use Action::*;
        let node = self.node(id);
        match action {
            Remove { .. } => node.remove_from_parent(),
            Clear { .. } => node.remove_children(),
            AddClass { classes, .. } => classes.iter().for_each(|c| node.add_class(c)),
            RemoveClass { classes, .. } => classes.iter().for_each(|c| node.remove_class(c)),
            SetAttr { name, value, .. } => node.set_attr(name, value),
            Show { .. } => {
                node.remove_attr("hidden");
                set_display(&node, None);
            }
            Hide { .. } => set_display(&node, Some("none")),
            SetValue { value, .. } => {
                self.fields.insert(id, Field::Text(value.clone()));
            }
            Focus { .. } => {
                self.focused = Some(match node.id_attr() {
                    Some(id) => id.to_string(),
                    None => show_target(target),
                });
            }
            _ => {}
        }
    }

    /// Puts `html` at `place`, parsed in the context the browser would parse it in.
    ///
    /// A placeholder element goes where the content belongs and is then replaced by the
    /// markup: `replace_with_html` parses in the placeholder's parent context, so rows
    /// inserted into a `<tbody>` stay rows, as with `insertAdjacentHTML`.
    fn put(&mut self, at: NodeId, place: Place, html: &str) {
        let tree = &self.doc.tree;
        let slot = tree.new_element("n2o-slot").id;
        match place {
            Place::Inner => {
                tree.remove_children_of(&at);
                tree.append_child_of(&at, &slot);
            }
            Place::Outer => {
                tree.insert_before_of(&at, &slot);
                tree.remove_from_parent(&at);
            }
            Place::Top => tree.prepend_child_of(&at, &slot),
            Place::Bottom => tree.append_child_of(&at, &slot),
            Place::Before => tree.insert_before_of(&at, &slot),
            Place::After => tree.insert_after_of(&at, &slot),
        }
        self.node(slot).replace_with_html(html);
    }

    /// The browser's `.value` of element `id`: a control's current value, `textContent` for
    /// elements without one.
    pub(crate) fn value(&self, id: &str) -> Option<String> {
        let node = self.by_id(id)?;
        let el = self.node(node);
        if el.has_name("select") {
            return Some(self.selected(node).into_iter().next().unwrap_or_default());
        }
        if el.has_name("input") {
            // A checkbox's `.value` is its value attribute ("on"), not whether it is ticked.
            return Some(self.control_value(node));
        }
        Some(match self.source_raw(node) {
            Term::Binary(b) => String::from_utf8_lossy(&b).into_owned(),
            other => other.to_string(),
        })
    }

    /// Whether checkbox or radio `id` is ticked now.
    pub(crate) fn is_checked(&self, id: &str) -> Option<bool> {
        self.by_id(id).map(|n| self.checked(n))
    }

    /// Whether `querySource(id)` finds anything: an element with that id, or a radio group
    /// of that name.
    pub(crate) fn has_source(&self, id: &str) -> bool {
        self.by_id(id).is_some()
            || self
                .doc
                .root()
                .descendants_it()
                .any(|n| n.has_name("input") && n.attr("name").as_deref() == Some(id))
    }

    /// What `querySource(id)` in `nitro.js` would send for source `id`.
    pub(crate) fn source(&self, id: &str) -> Term {
        match self.by_id(id) {
            Some(node) => self.source_raw(node),
            // A radio group: the checked input named `id`.
            None => {
                let checked = self.doc.root().descendants_it().find(|n| {
                    n.has_name("input")
                        && n.attr("name").as_deref() == Some(id)
                        && self.checked(n.id)
                });
                Term::from(checked.map_or(String::new(), |n| self.control_value(n.id)))
            }
        }
    }

    fn source_raw(&self, id: NodeId) -> Term {
        let node = self.node(id);
        let kind = node.attr("type").map(|t| t.to_ascii_lowercase()).unwrap_or_default();
        if node.has_name("fieldset") {
            // `el.querySelector(':checked')`: a ticked checkbox or radio, or a selected option,
            // whichever comes first.
            let checked = node.descendants_it().find(|n| {
                (n.has_name("input") && self.checked(n.id))
                    || (n.has_name("option") && self.is_selected_option(n.id))
            });
            return Term::from(checked.map_or(String::new(), |n| self.control_value(n.id)));
        }
        if node.has_name("select") {
            let selected = self.selected(id);
            if node.has_attr("multiple") {
                return Term::list(selected.into_iter().map(Term::from));
            }
            return Term::from(selected.into_iter().next().unwrap_or_default());
        }
        if node.has_name("input") {
            match kind.as_str() {
                "checkbox" => return Term::from(self.checked(id)),
                "radio" if !self.checked(id) => return Term::from(""),
                "date" => return date(&self.control_value(id)),
                _ => {}
            }
        }
        if node.attr("contenteditable").as_deref() == Some("true") {
            return Term::from(node.inner_html().to_string());
        }
        let has_value = ["input", "textarea", "button", "option", "output", "data"]
            .iter()
            .any(|t| node.has_name(t));
        if has_value {
            Term::from(self.control_value(id))
        } else {
            Term::from(node.text().to_string())
        }
    }

    /// A control's current value: what was set or typed, else what its markup says.
    fn control_value(&self, id: NodeId) -> String {
        if let Some(Field::Text(v)) = self.fields.get(&id) {
            return v.clone();
        }
        let node = self.node(id);
        if node.has_name("textarea") {
            return node.text().to_string();
        }
        match node.attr("value") {
            Some(v) => v.to_string(),
            // An option without a value attribute has its text as value.
            None if node.has_name("option") => {
                node.text().split_whitespace().collect::<Vec<_>>().join(" ")
            }
            None if node.attr("type").is_some_and(|t| {
                t.eq_ignore_ascii_case("checkbox") || t.eq_ignore_ascii_case("radio")
            }) =>
            {
                "on".into()
            }
            None => String::new(),
        }
    }

    fn checked(&self, id: NodeId) -> bool {
        match self.fields.get(&id) {
            Some(Field::Checked(on)) => *on,
            _ => self.node(id).has_attr("checked"),
        }
    }

    /// Whether `option` is selected in its `<select>` (`:checked`).
    fn is_selected_option(&self, option: NodeId) -> bool {
        let node = self.node(option);
        let Some(select) = node.ancestors_it(None).find(|a| a.has_name("select")) else {
            return node.has_attr("selected");
        };
        self.selected(select.id).contains(&self.control_value(option))
    }

    /// The values of the selected options of a `<select>`.
    fn selected(&self, id: NodeId) -> Vec<String> {
        let node = self.node(id);
        let options: Vec<NodeId> =
            node.descendants_it().filter(|n| n.has_name("option")).map(|n| n.id).collect();
        let values = || options.iter().map(|&o| self.control_value(o));
        match self.fields.get(&id) {
            Some(Field::Text(v)) => return values().filter(|x| x == v).take(1).collect(),
            Some(Field::Many(vs)) => return values().filter(|x| vs.contains(x)).collect(),
            _ => {}
        }
        let marked: Vec<String> = options
            .iter()
            .filter(|&&o| self.node(o).has_attr("selected"))
            .map(|&o| self.control_value(o))
            .collect();
        if marked.is_empty() && !node.has_attr("multiple") {
            // A single select shows (and sends) its first option when none is selected.
            return values().take(1).collect();
        }
        marked
    }

    /// Chooses `option` in `<select>` `target` as a user picking it does: the option whose
    /// value is `option`, else the one whose visible text is. A single select then holds
    /// that one; a multiple select adds it. Returns whether the selection changed (the
    /// browser fires `change` only then); an error names what is wrong and lists the options.
    pub(crate) fn choose(&mut self, target: &str, option: &str) -> Result<bool, String> {
        let node = self.by_id(target).ok_or_else(|| self.why_missing(target))?;
        let el = self.node(node);
        if !el.has_name("select") {
            let tag = el.node_name().map(|n| n.to_string()).unwrap_or_default();
            return Err(format!("`{target}` is a <{tag}>, not a <select>"));
        }
        if el.has_attr("disabled") {
            return Err(format!("<select> `{target}` is disabled: a user cannot choose in it"));
        }
        let options: Vec<(NodeId, String, String)> = el
            .descendants_it()
            .filter(|n| n.has_name("option"))
            .map(|n| {
                let label = n.text().split_whitespace().collect::<Vec<_>>().join(" ");
                (n.id, self.control_value(n.id), label)
            })
            .collect();
        let found = options
            .iter()
            .find(|(_, value, _)| value == option)
            .or_else(|| options.iter().find(|(_, _, label)| label == option));
        let Some((chosen, value, _)) = found else {
            let listed: Vec<String> =
                options.iter().map(|(_, v, l)| format!("{v:?} ({l})")).collect();
            return Err(format!(
                "<select> `{target}` has no option with the value or text {option:?}; its \
                 options: {}",
                if listed.is_empty() { "none".to_owned() } else { listed.join(", ") }
            ));
        };
        let off = |n: &NodeRef<'_>| n.has_attr("disabled");
        let option_node = self.node(*chosen);
        if off(&option_node)
            || option_node.ancestors_it(None).any(|a| a.has_name("optgroup") && off(&a))
        {
            return Err(format!(
                "option {value:?} of `{target}` is disabled: a user cannot choose it"
            ));
        }
        let selected = self.selected(node);
        if selected.contains(value) && (el.has_attr("multiple") || selected.len() == 1) {
            return Ok(false);
        }
        let field = if el.has_attr("multiple") {
            Field::Many(selected.into_iter().chain([value.clone()]).collect())
        } else {
            Field::Text(value.clone())
        };
        self.fields.insert(node, field);
        Ok(true)
    }

    /// Puts a value the test gives into control `id`, as a user typing or ticking would;
    /// `false` when there is no such element.
    pub(crate) fn fill(&mut self, id: &str, value: &Term) -> bool {
        let Some(node) = self.by_id(id) else { return false };
        let field = match value {
            Term::Atom(a) if a == "true" || a == "false" => Field::Checked(a == "true"),
            Term::List(items) => {
                Field::Many(items.iter().filter_map(|t| t.as_text().map(str::to_owned)).collect())
            }
            other => match other.as_text() {
                Some(text) => Field::Text(text.to_owned()),
                None => return true,
            },
        };
        self.fields.insert(node, field);
        true
    }
}

/// `{Y, M, D}` for a `yyyy-mm-dd` value, as `nitro.js` sends a date input; the text otherwise.
/// A target with a character no id of the driver's pages has is a CSS selector only: `#`,
/// `.`, spaces, `[`, `:`, `>`, …. A bare word is an id first.
fn is_selector(target: &str) -> bool {
    !target.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn date(value: &str) -> Term {
    let parts: Vec<&str> = value.split('-').collect();
    if let [y, m, d] = parts[..]
        && y.len() >= 4
        && m.len() == 2
        && d.len() == 2
        && let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i64>(), m.parse::<i64>(), d.parse::<i64>())
    {
        return Term::tuple([Term::int(y), Term::int(m), Term::int(d)]);
    }
    Term::from(value)
}

/// The `display` of an inline style, if it sets one.
fn display(style: &str) -> Option<String> {
    style.split(';').find_map(|decl| {
        let (name, value) = decl.split_once(':')?;
        (name.trim().eq_ignore_ascii_case("display")).then(|| value.trim().to_ascii_lowercase())
    })
}

/// Sets (or with `None` clears) the inline `display`, keeping the rest of the style.
fn set_display(node: &NodeRef<'_>, value: Option<&str>) {
    let style = node.attr("style").map(|s| s.to_string()).unwrap_or_default();
    let mut decls: Vec<String> = style
        .split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .filter(|d| {
            d.split_once(':').is_none_or(|(n, _)| !n.trim().eq_ignore_ascii_case("display"))
        })
        .map(str::to_owned)
        .collect();
    if let Some(value) = value {
        decls.push(format!("display: {value}"));
    }
    if decls.is_empty() {
        node.remove_attr("style");
    } else {
        node.set_attr("style", &format!("{};", decls.join("; ")));
    }
}
