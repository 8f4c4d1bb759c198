//! Names: Rust bindings mapped to JavaScript names, renamed where JavaScript would refuse or mean something else.
//!
//! JavaScript's `let` cannot declare a name twice in one block, and an inner `let x = x + 1`
//! reads the new, uninitialised `x`. So a binding whose name is already visible gets a fresh
//! one (`x$1`); `$` never appears in a Rust identifier, so no user name can collide. Reserved
//! words and the browser globals a page relies on are renamed the same way.

use std::collections::HashMap;

use super::ty::Ty;

/// A binding the generated code can read.
#[derive(Clone, Debug)]
pub(crate) struct Var {
    /// The JavaScript expression it reads as: its name, or a match's scrutinee.
    pub(crate) js: String,
    pub(crate) ty: Ty,
    pub(crate) mutable: bool,
}

/// The bindings in scope, innermost block last.
#[derive(Debug, Default)]
pub(crate) struct Scopes {
    blocks: Vec<HashMap<String, Var>>,
    /// How many times each Rust name was declared, for fresh JavaScript names.
    counts: HashMap<String, usize>,
    temps: usize,
}

/// Words a JavaScript binding must not be named: reserved words, and globals that generated
/// code or the page's scripts rely on (`eval` is refused in strict mode anyway).
#[rustfmt::skip]
const RESERVED: &[&str] = &[
    "arguments", "await", "case", "catch", "class", "const", "debugger", "default", "delete",
    "do", "document", "eval", "event", "export", "extends", "finally", "function", "globalThis",
    "import", "in", "instanceof", "Infinity", "interface", "let", "Math", "N2O", "NaN", "new",
    "null", "Number", "package", "private", "protected", "public", "qi", "String", "switch",
    "TextEncoder", "this", "throw", "try", "typeof", "undefined", "var", "void", "window", "with",
    "yield", "console", "setTimeout", "Array", "alert", "implements", "static", "enum", "JSON",
    "Object", "Function", "super", "true", "false",
];

impl Scopes {
    pub(crate) fn push(&mut self) {
        self.blocks.push(HashMap::new());
    }

    pub(crate) fn pop(&mut self) {
        self.blocks.pop();
    }

    pub(crate) fn get(&self, name: &str) -> Option<&Var> {
        self.blocks.iter().rev().find_map(|b| b.get(name))
    }

    /// Declares `name` in the innermost block and returns its JavaScript name.
    pub(crate) fn declare(&mut self, name: &str, ty: Ty, mutable: bool) -> String {
        let count = self.counts.entry(name.to_owned()).or_default();
        // `r#type` is `type` in JavaScript.
        let base = name.strip_prefix("r#").unwrap_or(name);
        let js = if *count == 0 && !RESERVED.contains(&base) {
            base.to_owned()
        } else {
            format!("{base}${count}")
        };
        *count += 1;
        self.alias(name, Var { js: js.clone(), ty, mutable });
        js
    }

    /// Makes `name` read as `var` in the innermost block (a match arm's binding).
    pub(crate) fn alias(&mut self, name: &str, var: Var) {
        if self.blocks.is_empty() {
            self.push();
        }
        self.blocks.last_mut().expect("a block").insert(name.to_owned(), var);
    }

    /// A fresh temporary: `$m`, `$m1`, … (only the macro makes names with a leading `$`).
    pub(crate) fn temp(&mut self, stem: &str) -> String {
        self.temps += 1;
        if self.temps == 1 { format!("${stem}") } else { format!("${stem}{}", self.temps - 1) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shadowing_and_reserved_names_are_renamed() {
        let mut s = Scopes::default();
        s.push();
        assert_eq!(s.declare("x", Ty::Int, false), "x");
        assert_eq!(s.declare("x", Ty::Int, false), "x$1");
        s.push();
        assert_eq!(s.declare("x", Ty::Str, false), "x$2");
        assert_eq!(s.get("x").unwrap().ty, Ty::Str);
        s.pop();
        assert_eq!(s.get("x").unwrap().js, "x$1");
        assert_eq!(s.declare("eval", Ty::Int, false), "eval$0");
        assert_eq!(s.declare("r#type", Ty::Int, false), "type");
        assert_eq!(s.declare("r#new", Ty::Int, false), "new$0");
        assert_eq!(s.temp("m"), "$m");
        assert_eq!(s.temp("m"), "$m1");
    }
}
