//! The client JavaScript: its node tests, its size budget, and how the crate serves it.
//!
//! Each `tests/js/*_test.js` runs under `node`; node's exit code decides. Without node the
//! node tests print `SKIPPED: node not found` and pass, unless `CI` or `N2O_REQUIRE_NODE` is
//! set, in which case they fail.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use flate2::Compression;
use flate2::write::GzEncoder;
use n2o_runtime::client;

/// Gzipped size budget of all client files together: 12 KiB for the socket, codec and
/// NITRO, and 3 KiB more for `ftp.js` (uploads, issue 15).
const BUDGET: usize = 15 * 1024;

fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The node binary, or `None` when it is missing and that is allowed.
fn node() -> Option<PathBuf> {
    let node = std::env::var_os("NODE").map_or_else(|| PathBuf::from("node"), PathBuf::from);
    match Command::new(&node).arg("--version").output() {
        Ok(out) if out.status.success() => Some(node),
        other => {
            let why = match other {
                Ok(out) => format!("`{} --version` exited with {}", node.display(), out.status),
                Err(e) => format!("cannot run `{}`: {e}", node.display()),
            };
            let required = ["CI", "N2O_REQUIRE_NODE"].iter().any(|v| std::env::var_os(v).is_some());
            assert!(
                !required,
                "node is required here (CI or N2O_REQUIRE_NODE is set) but {why}; install Node.js (apt-get install nodejs) or set NODE=/path/to/node"
            );
            eprintln!("\n**********\nSKIPPED: node not found ({why})\n**********\n");
            None
        }
    }
}

fn run_node(script: &str, args: &[&Path]) {
    let Some(node) = node() else { return };
    let path = crate_dir().join("tests/js").join(script);
    let out = Command::new(&node)
        .arg(&path)
        .args(args)
        .current_dir(crate_dir())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {} {}: {e}", node.display(), path.display()));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    print!("{stdout}");
    eprint!("{stderr}");
    assert!(out.status.success(), "{script} failed ({}):\n{stdout}\n{stderr}", out.status);
}

#[test]
fn bert_js() {
    run_node("bert_test.js", &[]);
}

#[test]
fn n2o_js() {
    run_node("n2o_test.js", &[]);
}

#[test]
fn nitro_js() {
    run_node("nitro_test.js", &[]);
}

#[test]
fn ftp_js() {
    run_node("ftp_test.js", &[]);
}

#[test]
fn bert_js_reads_extra_vector_files() {
    // The Rust side hands generated vectors to bert_test.js as a path argument.
    let file = std::env::temp_dir().join(format!("n2o-extra-vectors-{}.json", std::process::id()));
    let vectors = r#"[{"name":"extra_list","json":{"t":108,"v":[{"t":98,"v":1000},{"t":109,"v":"x"}]},
        "bert":[131,108,0,0,0,2,98,0,0,3,232,109,0,0,0,1,120,106]}]"#;
    std::fs::write(&file, vectors).unwrap();
    run_node("bert_test.js", &[&file]);
    // A wrong vector must make the run fail.
    std::fs::write(&file, vectors.replace("232", "233")).unwrap();
    if let Some(node) = node() {
        let out = Command::new(node)
            .arg(crate_dir().join("tests/js/bert_test.js"))
            .arg(&file)
            .output()
            .unwrap();
        assert!(!out.status.success(), "a wrong extra vector passed");
    }
    let _ = std::fs::remove_file(&file);
}

fn gzip_len(text: &str) -> usize {
    let mut gz = GzEncoder::new(Vec::new(), Compression::best());
    gz.write_all(text.as_bytes()).unwrap();
    gz.finish().unwrap().len()
}

#[test]
fn client_js_fits_the_gzip_budget() {
    let sizes: Vec<(&str, usize, usize)> =
        client::assets().iter().map(|a| (a.path, a.body.len(), gzip_len(a.body))).collect();
    let total: usize = sizes.iter().map(|s| s.2).sum();
    for (path, raw, gz) in &sizes {
        println!("{path}: {raw} bytes, {gz} gzipped");
    }
    println!("total gzipped (each file alone, as served): {total} bytes; budget {BUDGET}");
    assert!(total < BUDGET, "client JS is {total} bytes gzipped, over the {BUDGET} budget");
}

#[test]
fn every_client_file_is_embedded_and_served() {
    let dir = crate_dir().join("src/client");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".js"))
        .collect();
    on_disk.sort();
    let mut served: Vec<&str> = client::assets().iter().map(|a| a.path).collect();
    served.sort_unstable();
    assert_eq!(on_disk, served, "every .js in src/client is an asset, and only those");
    for name in &on_disk {
        let asset = client::asset(name).unwrap_or_else(|| panic!("{name} is not served"));
        assert_eq!(asset.body, std::fs::read_to_string(dir.join(name)).unwrap(), "{name}");
        assert_eq!(asset.content_type, "text/javascript; charset=utf-8");
        assert_eq!(asset.path, name);
    }
    assert!(client::asset("missing.js").is_none());
}

#[test]
fn bootstrap_loads_every_file_in_order_then_starts() {
    let html = client::bootstrap("tok", n2o_runtime::format::Format::Bert).into_string();
    let mut at = 0;
    for a in client::assets() {
        let tag = format!(r#"<script src="/n2o/{}"></script>"#, a.path);
        let found = html[at..]
            .find(&tag)
            .unwrap_or_else(|| panic!("{tag} missing or out of order in {html}"));
        at += found + tag.len();
    }
    let build = n2o_runtime::js::quote(client::build_id());
    assert_eq!(
        html[at..],
        format!("<script>N2O_start({{token:'tok',format:'bert',build:{build}}});</script>")
    );
    let json = client::bootstrap("", n2o_runtime::format::Format::Json).into_string();
    assert!(
        json.ends_with(&format!("N2O_start({{token:'',format:'json',build:{build}}});</script>")),
        "{json}"
    );
}

#[test]
fn shared_vectors_are_well_formed_etf() {
    // An independent decoder (eetf) must read every vector's bytes: a check on the file itself.
    let text = std::fs::read_to_string(crate_dir().join("tests/vectors/bert.json")).unwrap();
    let vectors: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    assert!(vectors.len() >= 40, "{} vectors", vectors.len());
    let mut names = std::collections::HashSet::new();
    for v in &vectors {
        let name = v["name"].as_str().expect("name");
        assert!(names.insert(name), "duplicate vector {name}");
        assert!(v["json"].is_object(), "{name}: json");
        let bytes: Vec<u8> = v["bert"]
            .as_array()
            .expect("bert")
            .iter()
            .map(|b| u8::try_from(b.as_u64().expect("byte")).expect("byte"))
            .collect();
        let term = eetf::Term::decode(&bytes[..])
            .unwrap_or_else(|e| panic!("{name}: eetf cannot decode: {e}"));
        let mut again = Vec::new();
        term.encode(&mut again).unwrap();
        assert!(eetf::Term::decode(&again[..]).is_ok(), "{name}");
    }
}

#[test]
fn n2o_js_runs_wamp_and_json_object_frames_from_the_rust_encoders() {
    use n2o_runtime::format::{Formatter, Frame, JsonObject, Wamp, json};
    use n2o_runtime::term::Term;

    let hostile = "</eval>]]>&amp;\n \\ \u{2028} 𝄞 \"q\" 'a'";
    let set = |value: &str| format!("globalThis.got = {};", serde_json::to_string(value).unwrap());
    let datas: [(&str, Term, Option<&str>, Option<Term>); 4] = [
        ("empty data", Term::bin(""), None, None),
        ("error data", Term::tuple([Term::atom("error"), Term::bin("boom")]), Some("boom"), None),
        (
            "tuple data",
            Term::tuple([Term::atom("ok"), Term::int(5), Term::bin("x")]),
            None,
            Some(Term::tuple([Term::atom("ok"), Term::int(5), Term::bin("x")])),
        ),
        ("binary data", Term::bin(hostile), None, Some(Term::bin(hostile))),
    ];
    let mut cases = Vec::new();
    for formatter in [&Wamp as &dyn Formatter, &JsonObject] {
        for (what, data, error, hook) in &datas {
            let io = Term::tuple([Term::atom("io"), Term::bin(set(hostile)), data.clone()]);
            let Frame::Text(frame) = formatter.encode(&io) else { panic!("text frames") };
            cases.push(serde_json::json!({
                "name": format!("{}: {what}", formatter.name()),
                "frame": frame,
                "got": hostile,
                "error": error,
                "hook": hook.as_ref().map(json::encode),
            }));
        }
    }
    let file = std::env::temp_dir().join(format!("n2o-format-cases-{}.json", std::process::id()));
    std::fs::write(&file, serde_json::to_string(&cases).unwrap()).unwrap();
    run_node("formats_test.js", &[&file]);
    let _ = std::fs::remove_file(&file);
}

/// The SPA protocol's JavaScript side against the Rust one: pushes `to_term` writes read in
/// n2o.js as `serde_json::to_value` writes the value, and what `N2O.client(obj)` sends reads
/// with `from_term` as `serde_json::from_value` reads `obj`.
#[test]
fn spa_js_reads_rust_pushes_and_sends_what_serde_reads() {
    use std::collections::BTreeMap;

    use n2o_runtime::format::{Limits, bert, json};
    use n2o_runtime::term::{Term, from_term, to_term};
    use serde::{Deserialize, Serialize};
    use serde_json::{Value, json};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    enum Move {
        Reset,
        Join(u32),
        Swap(u8, u8),
        Play { col: u8 },
        Say { text: String, to: Option<String> },
    }
    #[derive(Serialize)]
    struct Board {
        cells: Vec<Vec<u8>>,
        turn: Option<String>,
        winner: Option<String>,
        moves: u64,
        ratio: f64,
        over: bool,
        seats: BTreeMap<String, u32>,
        last: (u8, String),
        history: Vec<Move>,
    }

    let mut pushes = Vec::new();
    let mut add = |name: &str, value: &dyn Both| {
        let frame = Term::tuple([Term::atom("server"), value.term()]);
        let bert: Vec<u8> = bert::encode(&frame).to_vec();
        let want = value.json();
        pushes
            .push(json!({"name": name, "bert": bert, "json": json::encode(&frame), "want": want}));
    };
    let board = Board {
        cells: vec![vec![0, 1, 2], vec![]],
        turn: Some("red".into()),
        winner: None,
        moves: 1_u64 << 40,
        ratio: 0.25,
        over: false,
        seats: BTreeMap::from([("red".into(), 1), ("yellow".into(), 2)]),
        last: (3, "héllo \u{2028} 𝄞".into()),
        history: vec![
            Move::Reset,
            Move::Join(7),
            Move::Swap(1, 2),
            Move::Play { col: 3 },
            Move::Say { text: "hi".into(), to: None },
        ],
    };
    add("board", &board);
    add("unit variant", &Move::Reset);
    add("newtype variant", &Move::Join(7));
    add("tuple variant", &Move::Swap(1, 2));
    add("struct variant", &Move::Play { col: 3 });
    add("string", &"text");
    add("number", &-5i64);
    add("empty list", &Vec::<u8>::new());
    add("some", &Some(5));

    let sends = json!({
        "play": {"Play": {"col": 3}},
        "reset": "Reset",
        "join": {"Join": 7},
        "swap": {"Swap": [1, 2]},
        "say": {"Say": {"text": "hé 𝄞", "to": null}},
        "say to": {"Say": {"to": "bob", "text": ""}},
    });
    let dir = std::env::temp_dir();
    let id = std::process::id();
    let vectors = dir.join(format!("n2o-spa-vectors-{id}.json"));
    let out = dir.join(format!("n2o-spa-out-{id}.json"));
    std::fs::write(&vectors, json!({"pushes": pushes, "sends": sends}).to_string()).unwrap();
    run_node("spa_test.js", &[&vectors, &out]);
    let _ = std::fs::remove_file(&vectors);
    let Ok(text) = std::fs::read_to_string(&out) else {
        return; // node is missing (and allowed to be): run_node said so.
    };
    let _ = std::fs::remove_file(&out);
    let sent: Value = serde_json::from_str(&text).unwrap();
    for (name, value) in sends.as_object().unwrap() {
        let want: Move = serde_json::from_value(value.clone()).unwrap();
        let bytes: Vec<u8> = sent[name]["bert"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| u8::try_from(b.as_u64().unwrap()).unwrap())
            .collect();
        let from_bert = bert::decode(&bytes, &Limits::default()).unwrap();
        let from_json =
            json::decode(sent[name]["json"].as_str().unwrap(), &Limits::default()).unwrap();
        assert_eq!(from_bert, from_json, "{name}: BERT and JSON carry the same term");
        assert!(from_bert.is_tagged("client", 2), "{name}: {from_bert}");
        let t = &from_bert.as_tuple().unwrap()[1];
        assert_eq!(from_term::<Move>(t), Ok(want), "{name}: {t}");
    }
    // The check can fail: a shape serde_json reads differently is told apart.
    assert_ne!(to_term(&Move::Join(7)).unwrap(), to_term(&Move::Swap(7, 7)).unwrap());
}

/// A value both as `serde_json` writes it and as `to_term` does.
trait Both {
    fn json(&self) -> serde_json::Value;
    fn term(&self) -> n2o_runtime::term::Term;
}

impl<T: serde::Serialize> Both for T {
    fn json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap()
    }
    fn term(&self) -> n2o_runtime::term::Term {
        n2o_runtime::term::to_term(self).unwrap()
    }
}
