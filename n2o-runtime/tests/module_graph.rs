//! The runtime's layering, checked: no import cycle between its top-level modules (but the
//! deliberate `cx` ↔ `page` pair), and nothing below the server imports `server`.
//!
//! Every `.rs` file under `src/` is parsed with `syn`; each `crate::<module>` path in it (in a
//! `use` tree or in code) is an edge from the file's top-level module to `<module>`. Comments
//! and doc links are not paths, so they do not count.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit::Visit;

/// Modules allowed to import each other: a page's handler takes the `Cx`, and the `Cx` holds the
/// page it drives.
const ALLOWED_CYCLE: &[&str] = &["cx", "page"];

/// Modules allowed to import `server` (the root re-exports it).
const ABOVE_SERVER: &[&str] = &["lib"];

type Graph = BTreeMap<String, BTreeSet<String>>;

#[test]
fn no_module_cycles_and_nothing_imports_the_server() {
    let graph = graph();
    assert!(graph.len() > 10, "the graph looks empty: {graph:?}");

    let mut wrong = Vec::new();
    for scc in strongly_connected(&graph) {
        if scc.len() < 2 {
            continue;
        }
        let mut names: Vec<&str> = scc.iter().map(String::as_str).collect();
        names.sort_unstable();
        if names != ALLOWED_CYCLE {
            wrong.push(format!("cycle between {names:?}: {}", describe(&graph, &scc)));
        }
    }
    for (from, to) in &graph {
        if to.contains("server") && from != "server" && !ABOVE_SERVER.contains(&from.as_str()) {
            wrong.push(format!("`{from}` imports `server`, a layer above it"));
        }
    }
    assert!(wrong.is_empty(), "module graph of n2o-runtime:\n{}", wrong.join("\n"));
}

#[test]
fn the_checker_sees_a_cycle() {
    // The checker itself must be able to fail.
    let mut graph = Graph::new();
    graph.entry("a".into()).or_default().insert("b".into());
    graph.entry("b".into()).or_default().insert("c".into());
    graph.entry("c".into()).or_default().insert("a".into());
    graph.entry("d".into()).or_default().insert("a".into());
    let sccs = strongly_connected(&graph);
    assert!(sccs.iter().any(|s| s.len() == 3), "{sccs:?}");
    assert!(sccs.iter().all(|s| !s.contains("d") || s.len() == 1));
}

/// Top-level module → the top-level modules its files name.
fn graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut graph = Graph::new();
    for file in rust_files(&src) {
        let rel = file.strip_prefix(&src).unwrap();
        let first = rel.components().next().unwrap().as_os_str().to_string_lossy().into_owned();
        let module = first.trim_end_matches(".rs").to_owned();
        if module == "private" {
            // `__private` serves generated code; it sits above everything it re-exports.
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let ast = syn::parse_file(&text)
            .unwrap_or_else(|e| panic!("{}: does not parse: {e}", file.display()));
        let mut paths = CratePaths::default();
        paths.visit_file(&ast);
        let edges = graph.entry(module.clone()).or_default();
        for target in paths.0 {
            if target != module && target != "__private" {
                edges.insert(target);
            }
        }
    }
    graph
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

/// The first segment after `crate::` of every path and `use` tree in a file.
#[derive(Default)]
struct CratePaths(BTreeSet<String>);

impl<'ast> Visit<'ast> for CratePaths {
    fn visit_path(&mut self, path: &'ast syn::Path) {
        let mut segments = path.segments.iter();
        if let (Some(first), Some(second)) = (segments.next(), segments.next())
            && first.ident == "crate"
        {
            self.0.insert(second.ident.to_string());
        }
        syn::visit::visit_path(self, path);
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        if let syn::UseTree::Path(p) = &item.tree
            && p.ident == "crate"
        {
            let mut firsts = Vec::new();
            use_firsts(&p.tree, &mut firsts);
            self.0.extend(firsts);
        }
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        // Paths inside macro calls (`matches!(x, crate::a::B)`) are tokens: look for
        // `crate :: name` in them.
        let tokens: Vec<String> = mac.tokens.clone().into_iter().map(|t| t.to_string()).collect();
        for w in tokens.windows(4) {
            if w[0] == "crate" && w[1] == ":" && w[2] == ":" {
                self.0.insert(w[3].clone());
            }
        }
        syn::visit::visit_macro(self, mac);
    }
}

fn use_firsts(tree: &syn::UseTree, out: &mut Vec<String>) {
    match tree {
        syn::UseTree::Path(p) => out.push(p.ident.to_string()),
        syn::UseTree::Name(n) => out.push(n.ident.to_string()),
        syn::UseTree::Rename(r) => out.push(r.ident.to_string()),
        syn::UseTree::Group(g) => g.items.iter().for_each(|t| use_firsts(t, out)),
        syn::UseTree::Glob(_) => {}
    }
}

/// Tarjan's strongly connected components.
fn strongly_connected(graph: &Graph) -> Vec<BTreeSet<String>> {
    struct State<'a> {
        graph: &'a Graph,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        next: usize,
        out: Vec<BTreeSet<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        s.on_stack.insert(v);
        for w in s.graph.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(lw);
            } else if s.on_stack.contains(w) {
                let iw = s.index[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut scc = BTreeSet::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                scc.insert(w.to_owned());
                if w == v {
                    break;
                }
            }
            s.out.push(scc);
        }
    }
    let mut s = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in graph.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.out
}

/// The edges inside one component, for the failure message.
fn describe(graph: &Graph, scc: &BTreeSet<String>) -> String {
    let mut edges = Vec::new();
    for from in scc {
        for to in graph.get(from).into_iter().flatten() {
            if scc.contains(to) {
                edges.push(format!("{from} → {to}"));
            }
        }
    }
    edges.join(", ")
}
