//! `js!` against Rust: each function below is written once, compiled natively and by `js!`,
//! and both run over the same inputs (negatives, unicode, empty strings, edges); node runs the
//! JavaScript. Also: what the macro expands to, and captured values escaped as literals.
//!
//! Without node the semantic tests print `SKIPPED: node not found` and pass, unless `CI` or
//! `N2O_REQUIRE_NODE` is set.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::Command;

/// A value printed the same way by Rust and by `canon` in the node script: integers (and
/// floats with an integral value) in decimal, other floats as their IEEE bits, strings as
/// JSON, `None` as `null`.
trait Canon {
    fn canon(&self) -> String;
    /// Whether the value is an integer: JavaScript's -0 is then 0, as it is for every
    /// integer operation js! compiles (see the docs).
    fn int() -> bool {
        false
    }
}

impl Canon for i32 {
    fn canon(&self) -> String {
        self.to_string()
    }
    fn int() -> bool {
        true
    }
}
impl Canon for i64 {
    fn canon(&self) -> String {
        self.to_string()
    }
    fn int() -> bool {
        true
    }
}
impl Canon for usize {
    fn canon(&self) -> String {
        self.to_string()
    }
    fn int() -> bool {
        true
    }
}
impl Canon for u32 {
    fn canon(&self) -> String {
        self.to_string()
    }
    fn int() -> bool {
        true
    }
}
impl Canon for f64 {
    fn canon(&self) -> String {
        if self.is_nan() {
            "NaN".into()
        } else if self.fract() == 0.0
            && self.abs() < 9007199254740992.0
            && !(*self == 0.0 && self.is_sign_negative())
        {
            format!("{}", *self as i64)
        } else {
            format!("f{:016x}", self.to_bits())
        }
    }
}
impl Canon for bool {
    fn canon(&self) -> String {
        self.to_string()
    }
}
impl Canon for String {
    fn canon(&self) -> String {
        serde_json::to_string(self).unwrap()
    }
}
impl Canon for &str {
    fn canon(&self) -> String {
        serde_json::to_string(self).unwrap()
    }
}
impl<T: Canon> Canon for Option<T> {
    fn canon(&self) -> String {
        self.as_ref().map_or_else(|| "null".into(), Canon::canon)
    }
    fn int() -> bool {
        T::int()
    }
}
impl<T: Canon> Canon for Vec<T> {
    fn canon(&self) -> String {
        format!("[{}]", self.iter().map(Canon::canon).collect::<Vec<_>>().join(","))
    }
}

/// How an argument is written into the node script.
trait Arg {
    fn js(&self) -> String;
}
impl Arg for i32 {
    fn js(&self) -> String {
        format!("({self})")
    }
}
impl Arg for f64 {
    fn js(&self) -> String {
        format!("({self:e})")
    }
}
impl Arg for &str {
    fn js(&self) -> String {
        serde_json::to_string(self).unwrap()
    }
}
impl<T: Arg> Arg for Option<T> {
    fn js(&self) -> String {
        self.as_ref().map_or_else(|| "null".into(), Arg::js)
    }
}

/// One check for the node script: the function's JS, arguments, and Rust's answer.
struct Case {
    name: &'static str,
    js: String,
    args: Vec<String>,
    want: String,
    int: bool,
}

/// `fn name(args) -> R { body }` natively, and the same text through `js!`; a case for
/// each input tuple.
macro_rules! same {
    ($cases:ident; fn $name:ident($($p:ident : $t:ty),*) -> $r:ty $body:block for [$(($($a:expr),*)),* $(,)?]) => {{
        #[allow(clippy::all, unused_mut, unused_parens)]
        fn $name($($p: $t),*) -> $r $body
        let js = n2o::js!(|$($p: $t),*| -> $r $body).into_string();
        $(
            $cases.push(Case {
                name: stringify!($name),
                js: js.clone(),
                args: vec![$(Arg::js(&$a)),*],
                want: Canon::canon(&$name($($a),*)),
                int: int_of(&$name($($a),*)),
            });
        )*
    }};
}

fn int_of<T: Canon>(_: &T) -> bool {
    T::int()
}

const INTS: [i32; 9] = [0, 1, -1, 7, -7, 13, -13, i32::MAX, i32::MIN + 1];
const STRINGS: [&str; 12] = [
    "",
    " ",
    "abc",
    "  padded\t",
    "é",
    "😀 astral 𝄞",
    "\u{85}nel\u{85}",
    "\u{feff}bom",
    "\u{3000}ideo\u{2028}",
    "ΣΑΣ",
    "straße",
    "x\u{0}y",
];

fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    let c = &mut cases;
    for a in INTS {
        for b in [1, -1, 2, -2, 3, -3, 10, i32::MAX] {
            same!(c; fn int_div(a: i32, b: i32) -> i32 { a / b } for [(a, b)]);
            same!(c; fn int_rem(a: i32, b: i32) -> i32 { a % b } for [(a, b)]);
        }
    }
    for a in [0.0, -0.0, 1.5, -1.5, 7.25, -7.25, 1e300, -2.5] {
        for b in [1.0, -1.0, 0.5, -3.0, 1e-300] {
            same!(c; fn float_div(a: f64, b: f64) -> f64 { a / b } for [(a, b)]);
            same!(c; fn float_rem(a: f64, b: f64) -> f64 { a % b } for [(a, b)]);
        }
        same!(c; fn rounded(x: f64) -> f64 { x.round() } for [(a)]);
        same!(c; fn to_int(x: f64) -> i32 { x as i32 } for [(a / 1e299)]);
        same!(c; fn floors(x: f64) -> f64 { x.floor() + x.ceil() + x.trunc() + x.abs() } for [(a)]);
    }
    for x in [0.5, -0.5, 1.5, -1.5, 2.5, -2.5, -0.4, 0.49999999999999994] {
        same!(c; fn rounded_halves(x: f64) -> f64 { x.round() } for [(x)]);
    }
    for s in STRINGS {
        same!(c; fn byte_len(s: &str) -> usize { s.len() } for [(s)]);
        same!(c; fn char_count(s: &str) -> usize { s.chars().count() } for [(s)]);
        same!(c; fn trimmed(s: &str) -> String { s.trim().to_string() } for [(s)]);
        same!(c; fn trimmed_ends(s: &str) -> String { format!("[{}|{}]", s.trim_start(), s.trim_end()) } for [(s)]);
        same!(c; fn cases(s: &str) -> String { s.to_lowercase() + &s.to_uppercase() } for [(s)]);
        same!(c; fn finds(s: &str) -> bool { s.contains("a") || s.starts_with("é") || s.ends_with("\t") } for [(s)]);
        same!(c; fn replaced(s: &str) -> String { s.replace("a", "$&").replace("s", "") } for [(s)]);
        same!(c; fn valid(v: &str) -> bool { !v.trim().is_empty() && v.len() <= 10 } for [(s)]);
        same!(c; fn indexed(s: &str) -> String {
            let mut out = String::new();
            for (i, ch) in s.chars().enumerate() {
                out += &format!("{i}{ch}");
            }
            let xs = vec![3, 1];
            for (i, x) in xs.iter().enumerate() {
                out += &format!("[{}]", i as i32 * x);
            }
            out
        } for [(s)]);
        same!(c; fn vowels(s: &str) -> i32 {
            let mut n = 0;
            for ch in s.chars() {
                match ch {
                    'a' | 'e' | 'i' | 'o' | 'u' | 'é' => n += 1,
                    _ => {}
                }
            }
            n
        } for [(s)]);
    }
    for s in [
        "1",
        "-0",
        "+3",
        "1.",
        ".5",
        "-.5",
        "1e3",
        "1E-3",
        "2.5e+2",
        "inf",
        "-Infinity",
        "INF",
        "nan",
        "NaN",
        "",
        " 1",
        "1 ",
        "0x10",
        "1_000",
        "e5",
        ".",
        "1e",
        "infinityx",
        "+",
        "-",
        "1e400",
        "007",
        "2147483647",
        "2147483648",
        "-2147483648",
        "-2147483649",
        "4294967295",
        "4294967296",
        "1.0",
        "٣",
    ] {
        same!(c; fn parse_f64(s: &str) -> Option<f64> { s.parse::<f64>().ok() } for [(s)]);
        same!(c; fn parse_i32(s: &str) -> Option<i32> { s.parse::<i32>().ok() } for [(s)]);
        same!(c; fn parse_u32(s: &str) -> Option<u32> { s.parse::<u32>().ok() } for [(s)]);
        same!(c; fn parse_or(s: &str) -> i32 { s.parse::<i32>().unwrap_or(-1) + if s.parse::<i32>().is_err() { 1 } else { 0 } } for [(s)]);
    }
    for n in [-3, 0, 1, 2, 5, 10] {
        same!(c; fn sum_to(n: i32) -> i32 { let mut s = 0; for i in 0..=n { s += i; } s } for [(n)]);
        same!(c; fn rev_digits(n: i32) -> String {
            let mut out = String::new();
            for i in (0..n).rev() {
                out += &i.to_string();
            }
            out
        } for [(n)]);
        same!(c; fn collatz(n: i32) -> i32 {
            let mut x = n;
            let mut steps = 0;
            while x > 1 {
                x = if x % 2 == 0 { x / 2 } else { 3 * x + 1 };
                steps += 1;
            }
            steps
        } for [(n)]);
        same!(c; fn classify(n: i32) -> &'static str {
            match n {
                0 => "zero",
                1 | 2 => "small",
                3..=9 => "digit",
                x if x < 0 => "negative",
                _ => "big",
            }
        } for [(n)]);
        same!(c; fn shadowed(n: i32) -> i32 {
            let x = n;
            let x = x * 2;
            let y = { let x = x + 1; x * 10 };
            x + y
        } for [(n)]);
        same!(c; fn formatted(n: i32) -> String {
            let name = "n";
            format!("{name}={} ({}, {}) {{{n}}}", n, n * 2, n as f64 / 4.0)
        } for [(n)]);
        same!(c; fn arrays(n: i32) -> String {
            let mut xs = vec![1, 2, 3];
            xs.push(n);
            let words = vec!["a", "b"];
            let last = xs.pop().unwrap_or(0);
            format!("{} {} {} {} {}", xs.len(), xs.contains(&2), last, words.join("-"), xs[0] + xs[xs.len() - 1])
        } for [(n)]);
        same!(c; fn closures(n: i32) -> i32 {
            let double = |x: i32| x * 2;
            let add = |a: i32, b: i32| -> i32 { let s = a + b; s };
            add(double(n), n.pow(2)).max(-5).min(50).abs()
        } for [(n)]);
        same!(c; fn options(n: i32) -> Option<i32> {
            let half = if n % 2 == 0 { Some(n / 2) } else { None };
            if let Some(h) = half {
                if h > 2 { return Some(h * 100); }
            }
            match half {
                Some(0) => None,
                Some(h) => Some(h + 1),
                None => Some(-1),
            }
        } for [(n)]);
        same!(c; fn leaves(n: i32) -> i32 {
            let x = if n > 2 { n } else { return -n; };
            let y = match x {
                3 => 30,
                _ => { return x * 2; }
            };
            y + 1
        } for [(n)]);
        same!(c; fn early(n: i32) -> bool {
            let mut i = 0;
            loop {
                i += 1;
                if i > 100 { break; }
                if i % 3 == 0 { continue; }
                if i == n { return true; }
            }
            false
        } for [(n)]);
    }
    for o in [None, Some("x"), Some(""), Some("é😀")] {
        same!(c; fn opt_str(o: Option<&str>) -> String {
            match o {
                Some(s) if s.is_empty() => "empty".to_string(),
                Some(s) => format!("<{s}>"),
                None => String::from("none"),
            }
        } for [(o)]);
    }
    for a in [i32::MAX - 1, 2_000_000_000, -5] {
        same!(c; fn edge_sum(a: i32, b: i32) -> i32 { a + b } for [(a, 1)]);
        same!(c; fn wide(a: i32) -> f64 { a as f64 * 0.5 } for [(a)]);
    }
    for a in [0, 1, -1] {
        same!(c; fn negative_zero(a: i32) -> f64 { 1.0 / ((a * -1) as f64) + 1.0 / ((a % 1) as f64) } for [(a)]);
    }
    cases
}

/// The node binary, or `None` when it is missing and that is allowed.
fn node() -> Option<PathBuf> {
    let node = std::env::var_os("NODE").map_or_else(|| PathBuf::from("node"), PathBuf::from);
    match Command::new(&node).arg("--version").output() {
        Ok(out) if out.status.success() => Some(node),
        other => {
            let required = ["CI", "N2O_REQUIRE_NODE"].iter().any(|v| std::env::var_os(v).is_some());
            assert!(
                !required,
                "node is required (CI or N2O_REQUIRE_NODE is set) but not runnable: {other:?}"
            );
            eprintln!("\n**********\nSKIPPED: node not found\n**********\n");
            None
        }
    }
}

/// Runs `script` in node with `canon` defined, returning its stdout.
fn run_node(script: &str) -> Option<String> {
    let node = node()?;
    let prelude = r#"
'use strict';
function canon(v, int) {
  if (v === null || v === undefined) return 'null';
  if (int && Object.is(v, -0)) v = 0;
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'NaN';
    if (Number.isInteger(v) && Math.abs(v) < 9007199254740992 && !Object.is(v, -0)) return String(v);
    const b = new DataView(new ArrayBuffer(8)); b.setFloat64(0, v);
    return 'f' + b.getBigUint64(0).toString(16).padStart(16, '0');
  }
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return '[' + v.map(canon).join(',') + ']';
  return String(v);
}
"#;
    let path = std::env::temp_dir().join(format!(
        "n2o-js-macro-{}-{}.js",
        std::process::id(),
        rand_suffix()
    ));
    std::fs::write(&path, format!("{prelude}\n{script}")).unwrap();
    let out = Command::new(node).arg(&path).output().expect("run node");
    let _ = std::fs::remove_file(&path);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "node failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(stdout)
}

fn rand_suffix() -> u64 {
    use std::hash::{BuildHasher, RandomState};
    RandomState::new().hash_one(std::thread::current().id())
}

#[test]
fn js_agrees_with_rust() {
    let cases = cases();
    let mut script = String::from("const fails = [];\n");
    for (i, c) in cases.iter().enumerate() {
        writeln!(
            script,
            "{{ const got = canon(({})({}), {}); if (got !== {}) fails.push({} + '(' + {} + '): rust ' + {} + ', js ' + got); }}",
            c.js,
            c.args.join(","),
            c.int,
            serde_json::to_string(&c.want).unwrap(),
            serde_json::to_string(c.name).unwrap(),
            serde_json::to_string(&c.args.join(", ")).unwrap(),
            serde_json::to_string(&c.want).unwrap(),
        )
        .unwrap();
        let _ = i;
    }
    script.push_str("console.log(JSON.stringify(fails));\n");
    let Some(out) = run_node(&script) else { return };
    let fails: Vec<String> = serde_json::from_str(out.trim()).expect("node's answer");
    assert!(
        fails.is_empty(),
        "{} of {} cases differ:\n{}",
        fails.len(),
        cases.len(),
        fails.join("\n")
    );
    assert!(cases.len() > 500, "{}", cases.len());
    println!("{} cases: JavaScript and Rust agree", cases.len());
}

/// Integers are JavaScript numbers: a sum past `i32::MAX` keeps its value (Rust would panic
/// in debug builds and wrap in release ones); the docs say so.
#[test]
fn integer_overflow_is_not_wrapped() {
    let js = n2o::js!(|a: i32, b: i32| -> i32 { a + b }).into_string();
    let Some(out) = run_node(&format!("console.log(canon(({js})(2147483647, 1)))")) else { return };
    assert_eq!(out.trim(), "2147483648");
}

const HOSTILE: &str = "a'b\"c\\d`${x}</script><!--&\n\r\t\u{2028}\u{2029}\u{0}\u{7f}é😀";

#[test]
fn captured_values_are_escaped_literals() {
    let text = HOSTILE.to_string();
    let n = -5;
    let list = vec![Some(1.5), None];
    let js = n2o::js!(|| -> String {
        let s: &str = #text;
        let n: i32 = #n;
        let xs: Vec<Option<f64>> = #list;
        format!("{s}|{}|{}|{}", 10 - n, xs.len(), xs[0].unwrap_or(0.0))
    });
    let code = js.as_str();
    for bad in ["</script>", "\u{2028}", "${", "`", "<!--"] {
        assert!(!code.contains(bad), "{bad:?} in {code}");
    }
    assert!(code.contains("10-(-5)") || code.contains("const n=(-5)"), "{code}");
    let want = format!("{HOSTILE}|15|2|1.5");
    let Some(out) = run_node(&format!("console.log(JSON.stringify(({code})()))")) else { return };
    let got: String = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(got, want);
}

#[test]
fn a_block_is_statements_with_the_event_in_scope() {
    let max = 140;
    let js = n2o::js! {
        let left: i32 = #max - event.value().chars().count() as i32;
        el("count").set_text(&format!("{left} left"));
        if left < 0 {
            el("count").add_class("over");
        } else {
            el("count").remove_class("over");
        }
    };
    assert_eq!(
        js.as_str(),
        "const left=140-[...event.target.value].length;qi('count').textContent=''+left+' left';if(left<0){qi('count').classList.add('over');}else{qi('count').classList.remove('over');}"
    );
}

#[test]
fn a_closure_is_a_function_expression() {
    let js = n2o::js!(|v: &str| !v.trim().is_empty() && v.len() <= 200);
    assert!(js.as_str().starts_with("(v)=>!(v.replace("), "{js:?}");
    let Some(out) = run_node(&format!(
        "const f = {js}; console.log([f(''), f('  '), f('hi'), f('é'.repeat(101)), f('é'.repeat(100))].join())"
    )) else {
        return;
    };
    assert_eq!(out.trim(), "false,false,true,false,true");
}

/// `nitro!`'s `bind` takes a `js!` block as it takes a string: the listener body.
#[test]
fn nitro_bind_takes_a_js_block() {
    let node = n2o::nitro! {
        #textbox{id: message, bind: {keyup: n2o::js! { el("count").set_text(&event.value().len().to_string()); }}}
    };
    let r = n2o::element::render(node, &n2o::postback::Unsealed);
    assert_eq!(
        r.js.as_str(),
        "{var x=qi('message');x&&x.addEventListener('keyup',function(event){qi('count').textContent=String(new TextEncoder().encode(event.target.value).length);});}"
    );
}
