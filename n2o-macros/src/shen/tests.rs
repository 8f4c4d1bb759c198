//! Expansion tests: Rust in, JavaScript text out, for each construct (captures shown as `#{expr}`).

use quote::quote;

use super::compile;

fn js(input: proc_macro2::TokenStream) -> String {
    match compile(input) {
        Ok(code) => code.to_string(),
        Err(e) => panic!("{}", e.into_iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n")),
    }
}

fn t(s: &str) -> proc_macro2::TokenStream {
    s.parse().expect("tokens")
}

fn errors(input: proc_macro2::TokenStream) -> Vec<String> {
    match compile(input) {
        Ok(code) => panic!("compiled to {code}"),
        Err(e) => e.into_iter().map(|e| e.to_string()).collect(),
    }
}

#[test]
fn let_is_const_and_let_mut_is_let() {
    assert_eq!(js(quote! { let a = 1; let mut b = 2; b += a; }), "const a=1;let b=2;b=b+a;");
}

#[test]
fn shadowing_renames() {
    assert_eq!(
        js(quote! { let x = 1; let x = x + 1; { let x = x * 2; console_log(x); } }),
        "const x=1;const x$1=x+1;{const x$2=x$1*2;console.log(x$2);}"
    );
}

#[test]
fn integer_division_truncates_float_division_does_not() {
    assert_eq!(js(quote! { |a: i32, b: i32| a / b }), "(a,b)=>Math.trunc(a/b)");
    assert_eq!(js(quote! { |a: f64, b: f64| a / b }), "(a,b)=>a/b");
    assert_eq!(js(quote! { |a: i32, b: i32| a % b - -b }), "(a,b)=>a%b-(-b)");
}

#[test]
fn precedence_is_kept() {
    assert_eq!(js(quote! { |a: i32, b: i32| (a + b) * (a - b) }), "(a,b)=>(a+b)*(a-b)");
    assert_eq!(js(quote! { |a: i32, b: i32| a - (b - a) }), "(a,b)=>a-(b-a)");
    assert_eq!(js(quote! { |a: bool, b: bool| !(a && b) || a }), "(a,b)=>!(a&&b)||a");
}

#[test]
fn strings() {
    assert_eq!(
        js(quote! { |v: &str| !v.trim().is_empty() && v.len() <= 200 }),
        r"(v)=>!(v.replace(/^[\t-\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+|[\t-\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+$/g,'').length===0)&&new TextEncoder().encode(v).length<=200"
    );
    assert_eq!(js(quote! { |v: &str| v.chars().count() }), "(v)=>[...v].length");
    assert_eq!(
        js(quote! { |v: &str| v.to_lowercase().contains("a'b") }),
        r"(v)=>v.toLowerCase().includes('a\'b')"
    );
}

#[test]
fn format_concatenates_text() {
    assert_eq!(
        js(quote! { |n: i32, s: &str| format!("{} of {s}: {{{}}}", n + 1, n) }),
        "(n,s)=>''+(n+1)+' of '+s+': {'+n+'}'"
    );
    assert_eq!(js(quote! { |s: &str| format!("{s}") }), "(s)=>s");
    assert_eq!(js(quote! { |n: i32| format!("{n}") }), "(n)=>''+n");
}

#[test]
fn if_is_a_ternary_when_it_can_be_and_statements_otherwise() {
    assert_eq!(js(quote! { |n: i32| if n > 0 { 1 } else { 2 } }), "(n)=>n>0?1:2");
    assert_eq!(
        js(quote! { |n: i32| { let s = if n > 0 { let m = n * 2; m } else { 0 }; s } }),
        "(n)=>{let $v;if(n>0){const m=n*2;$v=m;}else{$v=0;}const s=$v;return s;}"
    );
}

#[test]
fn match_on_literals_options_and_enums() {
    assert_eq!(
        js(
            quote! { |n: i32| match n { 0 => "zero", 1 | 2 => "small", 3..=9 => "digit", _ => "big" } }
        ),
        "(n)=>{if(n===0){return 'zero';}else if((n===1||n===2)){return 'small';}else if((n>=3&&n<=9)){return 'digit';}else{return 'big';}}"
    );
    assert_eq!(
        js(quote! { |o: Option<i32>| match o { Some(x) if x > 1 => x, Some(_) => 0, None => -1 } }),
        "(o)=>{if((o!==null)&&o>1){return o;}else if(o!==null){return 0;}else{return -1;}}"
    );
    assert_eq!(
        js(
            quote! { enum Mode { Edit, View } let m = Mode::Edit; match m { Mode::Edit => console_log(1), Mode::View => console_log(2) } }
        ),
        "const m='Edit';if(m==='Edit'){console.log(1);}else{console.log(2);}"
    );
}

#[test]
fn loops() {
    assert_eq!(
        js(quote! { let mut s = 0; for i in 0..10 { s += i; } for i in (1..=3).rev() { s -= i; } }),
        "let s=0;for(let i=0,$end=10;i<$end;i++){s=s+i;}for(let i$1=3,$end1=1;i$1>=$end1;i$1--){s=s-i$1;}"
    );
    assert_eq!(
        js(
            quote! { let xs = vec![1, 2]; for x in &xs { console_log(x); } for c in "é😀".chars() { console_log(c); } }
        ),
        "const xs=[1,2];for(const x of xs){console.log(x);}for(const c of 'é😀'){console.log(c);}"
    );
    assert_eq!(
        js(quote! { let mut n = 3; while n > 0 { n -= 1; if n == 1 { break; } } }),
        "let n=3;while(n>0){n=n-1;if(n===1){break;}}"
    );
}

#[test]
fn parse_gives_null_on_error() {
    let out = js(quote! { |v: &str| v.parse::<i32>().ok() });
    assert!(out.starts_with(r"(v)=>($s=>{if(!/^[+-]?\d+$/.test($s))return null;"), "{out}");
    assert!(out.ends_with("-2147483648&&$n<=2147483647?$n+0:null;})(v)"), "{out}");
}

#[test]
fn captures_are_holes_not_code() {
    assert_eq!(
        js(t("let n: i32 = #count; console_log(n + 1);")),
        "const n=#{count};console.log(n+1);"
    );
    assert_eq!(js(t(r#"el("x").set_text(#(user.name))"#)), "qi('x').textContent=#{user . name};");
}

#[test]
fn dom_api() {
    assert_eq!(
        js(quote! {
            if event.key() == "Enter" {
                event.prevent_default();
                let m = el("message");
                el("count").set_text(&m.value().len().to_string());
                m.add_class("sent");
                set_timeout(500, || el("count").hide());
            }
        }),
        "if(event.key==='Enter'){event.preventDefault();const m=qi('message');qi('count').textContent=String(new TextEncoder().encode(m.value).length);m.classList.add('sent');setTimeout(()=>qi('count').style.display='none',500);}"
    );
}

#[test]
fn refused_constructs_are_reported_at_their_token_with_what_is_allowed() {
    let e = errors(quote! { let x = unknown; let y = 1 + 1.0; x.field; });
    assert_eq!(e.len(), 3, "{e:?}");
    assert!(e[0].contains("`unknown` is not a local name here"), "{e:?}");
    assert!(e[1].contains("an integer and a float cannot be mixed"), "{e:?}");
    assert!(e[2].contains("field access is not supported"), "{e:?}");
    let e = errors(quote! { |n: i32| n << 2 });
    assert!(e[0].contains("supported operators"), "{e:?}");
    let e = errors(quote! { |s: &str| s.find("x") });
    assert!(e[0].contains("they have `len()`"), "{e:?}");
    let e = errors(t("let n = #n; let m = n + 1;"));
    assert!(e[0].contains("annotate it (`let n: i32 = ..;`)"), "{e:?}");
    let e = errors(quote! { let x = 1; x = 2; });
    assert!(e[0].contains("is not `mut`"), "{e:?}");
    let e = errors(quote! { |n: i32| match n { 1 => 2 } });
    assert!(e[0].contains("non-exhaustive"), "{e:?}");
    let e = errors(quote! { |a: &str, b: &str| a < b });
    assert!(e[0].contains("cannot be ordered"), "{e:?}");
}

#[test]
fn postback_dispatches_on_the_listening_element() {
    assert_eq!(
        js(quote! { if event.key() == "Enter" { set_timeout(10, || postback(Ev::Chat)); } }),
        "const $t=event.currentTarget;if(event.key==='Enter'){setTimeout(()=>$t.dispatchEvent(new CustomEvent(postback{Ev :: Chat})),10);}"
    );
    let e = errors(quote! { |v: &str| postback(Ev::Chat) });
    assert!(e[0].contains("not a closure"), "{e:?}");
}

/// Every prefix of every input above, and the same token by token reversed: errors, never
/// a panic.
#[test]
fn broken_input_is_an_error_never_a_panic() {
    let inputs = [
        "let x = 1; let x = x + 1; { let x = x * 2; console_log(x); }",
        "|n: i32| match n { 0 => \"zero\", 1 | 2 => \"small\", 3..=9 => \"digit\", _ => \"big\" }",
        "|o: Option<i32>| match o { Some(x) if x > 1 => x, Some(_) => 0, None => -1 }",
        "enum Mode { Edit, View } let m = Mode::Edit; match m { Mode::Edit => console_log(1), Mode::View => console_log(2) }",
        "let mut s = 0; for i in 0..10 { s += i; } for i in (1..=3).rev() { s -= i; } while s > 0 { s -= 1; }",
        "|v: &str| !v.trim().is_empty() && v.len() <= 200 && v.parse::<f64>().ok().unwrap_or(0.0) > 1.0",
        "let n: i32 = #count; el(\"x\").set_text(&format!(\"{} {n}\", #(a.b))); postback(Ev::X);",
        "|n: i32| { let s = if n > 0 { let m = n * 2; m } else { 0 }; if let Some(x) = Some(s) { return x; } s }",
        "let __n2o_capture_7 = 1; let y = __n2o_capture_x + r#type;",
    ];
    for input in inputs {
        let tokens: Vec<proc_macro2::TokenTree> = t(input).into_iter().collect();
        for n in 0..=tokens.len() {
            let prefix: proc_macro2::TokenStream = tokens[..n].iter().cloned().collect();
            let _ = compile(prefix);
            let reversed: proc_macro2::TokenStream = tokens[n..].iter().rev().cloned().collect();
            let _ = compile(reversed);
        }
    }
}

#[test]
fn enumerate_and_click() {
    assert_eq!(
        js(
            quote! { for (i, c) in "ab".chars().enumerate() { if i > 0 { el("x").click(); } console_log(c); } }
        ),
        "for(const [i,c] of [...'ab'].entries()){if(i>0){qi('x').click();}console.log(c);}"
    );
}
