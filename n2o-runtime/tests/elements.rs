//! Rendered HTML of every element kind, one small assertion per feature (maud `basic_syntax.rs` style).

use n2o_runtime::Html;
use n2o_runtime::element::*;
use n2o_runtime::postback::{InsecureTestSeal, Postback};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize)]
enum Ev {
    Chat,
    Pick(u32),
}
impl Postback for Ev {}

fn html(body: impl IntoBody) -> String {
    render(body, &InsecureTestSeal).html.into_string()
}

#[test]
fn panel_and_div_are_divs() {
    assert_eq!(html(panel().id("history")), r#"<div id="history"></div>"#);
    assert_eq!(html(div().body("x")), "<div>x</div>");
}

#[test]
fn text_level() {
    assert_eq!(html(span().body("s")), "<span>s</span>");
    assert_eq!(html(p().body("p")), "<p>p</p>");
    assert_eq!(html(pre().body(code().body("x"))), "<pre><code>x</code></pre>");
    assert_eq!(html(strong().body("s")), "<strong>s</strong>");
    assert_eq!(html(em().body("e")), "<em>e</em>");
    assert_eq!(html(i().body("i")), "<i>i</i>");
    assert_eq!(html(b().body("b")), "<b>b</b>");
    assert_eq!(html(small().body("s")), "<small>s</small>");
    assert_eq!(html(sub().body("2")), "<sub>2</sub>");
    assert_eq!(html(sup().body("2")), "<sup>2</sup>");
    assert_eq!(html(mark().body("m")), "<mark>m</mark>");
    assert_eq!(html(abbr().title("HyperText").body("HT")), r#"<abbr title="HyperText">HT</abbr>"#);
    assert_eq!(
        html(time().datetime("2024-01-31").body("today")),
        r#"<time datetime="2024-01-31">today</time>"#
    );
}

#[test]
fn headings() {
    assert_eq!(
        html((h1().body(1), h2().body(2), h3().body(3), h4().body(4), h5().body(5), h6().body(6))),
        "<h1>1</h1><h2>2</h2><h3>3</h3><h4>4</h4><h5>5</h5><h6>6</h6>"
    );
}

#[test]
fn sections() {
    assert_eq!(
        html((section(), article(), nav(), header(), footer(), main(), aside())),
        "<section></section><article></article><nav></nav><header></header>\
         <footer></footer><main></main><aside></aside>"
    );
    assert_eq!(html(blockquote().body("q")), "<blockquote>q</blockquote>");
    assert_eq!(html(template().body(li())), "<template><li></li></template>");
}

#[test]
fn figure_and_details() {
    assert_eq!(
        html(figure().body((image().src("a.png").alt(""), figcaption().body("A")))),
        r#"<figure><img src="a.png" alt=""><figcaption>A</figcaption></figure>"#
    );
    assert_eq!(
        html(details().open(true).body((summary().body("More"), "text"))),
        "<details open><summary>More</summary>text</details>"
    );
    assert_eq!(html(details().open(true).open(false)), "<details></details>");
}

#[test]
fn void_tags_have_no_end_tag() {
    assert_eq!(html((br(), hr(), col())), "<br><hr><col>");
    assert_eq!(html(textbox()), r#"<input type="text">"#);
    assert_eq!(
        html(image().src("/a.png").alt("A").width(10).height(20)),
        r#"<img src="/a.png" alt="A" width="10" height="20">"#
    );
}

#[test]
fn links() {
    assert_eq!(
        html(link().href("/chat").target("_blank").body("Chat")),
        r#"<a href="/chat" target="_blank">Chat</a>"#
    );
    assert_eq!(html(link().body("no href")), "<a>no href</a>");
    assert_eq!(
        html(link().postback(Ev::Chat).body("Go")),
        r#"<a id="auto1" href="javascript:void(0)">Go</a>"#
    );
    assert_eq!(html(link().href("/x").postback(Ev::Chat)), r#"<a id="auto1" href="/x"></a>"#);
}

#[test]
fn lists() {
    assert_eq!(
        html(list().body([li().body("a"), li().body("b")])),
        "<ul><li>a</li><li>b</li></ul>"
    );
    assert_eq!(html(list().numbered(true).child(li())), "<ol><li></li></ol>");
    assert_eq!(html(list().numbered(true).numbered(false)), "<ul></ul>");
    assert_eq!(html(dl().body((dt().body("t"), dd().body("d")))), "<dl><dt>t</dt><dd>d</dd></dl>");
}

#[test]
fn tables() {
    let t = table().body((
        caption().body("C"),
        colgroup().body(col().span(2)),
        thead().body(tr().body(th().colspan(2).body("H"))),
        tbody().body(tr().body((td().rowspan(3).body(1), td().body(2)))),
        tfoot().body(tr()),
    ));
    assert_eq!(
        html(t),
        "<table><caption>C</caption><colgroup><col span=\"2\"></colgroup>\
         <thead><tr><th colspan=\"2\">H</th></tr></thead>\
         <tbody><tr><td rowspan=\"3\">1</td><td>2</td></tr></tbody><tfoot><tr></tr></tfoot></table>"
    );
}

#[test]
fn form_structure() {
    assert_eq!(html(form().name("f")), r#"<form name="f"></form>"#);
    assert_eq!(
        html(fieldset().name("g").disabled(true).body(legend().body("L"))),
        r#"<fieldset name="g" disabled><legend>L</legend></fieldset>"#
    );
    assert_eq!(html(label().r#for("m").body("Message")), r#"<label for="m">Message</label>"#);
}

#[test]
fn buttons_are_type_button_unless_told() {
    assert_eq!(html(button().body("Go")), r#"<button type="button">Go</button>"#);
    assert_eq!(
        html(button().r#type(ButtonType::Submit).name("b").value(1).disabled(true)),
        r#"<button type="submit" name="b" value="1" disabled></button>"#
    );
}

#[test]
fn text_inputs() {
    assert_eq!(
        html(
            textbox()
                .id("m")
                .name("m")
                .value("v")
                .placeholder("p")
                .disabled(true)
                .readonly(true)
                .required(true)
        ),
        r#"<input id="m" type="text" name="m" value="v" placeholder="p" disabled readonly required>"#
    );
    assert_eq!(
        html(password().placeholder("secret")),
        r#"<input type="password" placeholder="secret">"#
    );
    assert_eq!(html(hidden().name("t").value("x")), r#"<input type="hidden" name="t" value="x">"#);
    assert_eq!(html(email().multiple(true)), r#"<input type="email" multiple>"#);
}

#[test]
fn numeric_inputs() {
    assert_eq!(
        html(number().min(0).max(10).step(0.5).value(3)),
        r#"<input type="number" value="3" min="0" max="10" step="0.5">"#
    );
    assert_eq!(html(range().min(1).max(5)), r#"<input type="range" min="1" max="5">"#);
    assert_eq!(
        html(date().min("2024-01-01").value("2024-02-02")),
        r#"<input type="date" value="2024-02-02" min="2024-01-01">"#
    );
}

#[test]
fn checkable_inputs() {
    assert_eq!(html(checkbox().checked(true)), r#"<input type="checkbox" checked>"#);
    assert_eq!(html(checkbox().checked(true).checked(false)), r#"<input type="checkbox">"#);
    assert_eq!(
        html(radio().name("c").value("red").checked(true)),
        r#"<input type="radio" name="c" value="red" checked>"#
    );
}

#[test]
fn textarea_value_is_its_body() {
    assert_eq!(
        html(textarea().name("t").rows(3).cols(40).value("a <b>")),
        r#"<textarea name="t" rows="3" cols="40">a &lt;b&gt;</textarea>"#
    );
}

#[test]
fn dropdown_with_options() {
    assert_eq!(
        html(dropdown().name("c").body([
            option().value("r").body("Red"),
            option().value("g").selected(true).body("Green")
        ])),
        r#"<select name="c"><option value="r">Red</option><option value="g" selected>Green</option></select>"#
    );
}

#[test]
fn dropdown_value_selects_exactly_the_matching_options() {
    let d = dropdown().value("b").body((
        option().value("a").selected(true).body("A"),
        vec![option().value("b").body("B")],
        option().body("b"),
    ));
    assert_eq!(
        html(d),
        r#"<select><option value="a">A</option><option value="b" selected>B</option><option selected>b</option></select>"#
    );
}

#[test]
fn upload_is_a_file_input() {
    assert_eq!(
        html(upload().name("f").accept("image/*").multiple(true).required(true)),
        // Every upload is wired to the FTP client, so it always has an id.
        r#"<input id="auto1" type="file" name="f" accept="image/*" multiple required>"#
    );
}

#[test]
fn progress_meter_output() {
    assert_eq!(html(progress().value(3).max(10)), r#"<progress value="3" max="10"></progress>"#);
    assert_eq!(
        html(meter().value(0.6).min(0).max(1).low(0.2).high(0.8).optimum(0.5)),
        r#"<meter value="0.6" min="0" max="1" low="0.2" high="0.8" optimum="0.5"></meter>"#
    );
    assert_eq!(
        html(output().r#for("a b").name("sum").body(3)),
        r#"<output name="sum" for="a b">3</output>"#
    );
}

#[test]
fn literals() {
    assert_eq!(html(literal().html("<b>raw</b>")), "<b>raw</b>");
    assert_eq!(html(literal().text("<b>text</b>")), "&lt;b&gt;text&lt;/b&gt;");
    assert_eq!(html(literal()), "");
}

#[test]
fn class_lists() {
    assert_eq!(html(span().class("a")), r#"<span class="a"></span>"#);
    assert_eq!(html(span().class("a b").class(["c", "", "d"])), r#"<span class="a b c d"></span>"#);
    assert_eq!(
        html(span().class(vec![String::from("x")]).class(None::<&str>)),
        r#"<span class="x"></span>"#
    );
    assert_eq!(html(span().class("")), "<span></span>");
}

#[test]
fn global_attributes_in_fixed_order() {
    let e = span()
        .lang("en")
        .hidden(true)
        .tabindex(-1)
        .role("note")
        .title("T")
        .style("color:red")
        .class("c")
        .id("i");
    assert_eq!(
        html(e),
        r#"<span id="i" class="c" style="color:red" title="T" role="note" tabindex="-1" lang="en" hidden></span>"#
    );
}

#[test]
fn data_and_aria_sorted_after_the_rest() {
    let e = button().aria("label", "Close").data("z", "1").data("A-b", "2").title("t");
    assert_eq!(
        html(e),
        r#"<button type="button" title="t" data-a-b="2" data-z="1" aria-label="Close"></button>"#
    );
}

#[test]
fn invalid_data_names_are_dropped() {
    assert_eq!(html(span().data("x\" onclick=\"alert(1)", "v").data("", "v")), "<span></span>");
    assert_eq!(html(span().aria("a b", "v")), "<span></span>");
}

#[test]
fn setters_replace_and_body_replaces_child_appends() {
    assert_eq!(html(span().id("a").id("b")), r#"<span id="b"></span>"#);
    assert_eq!(html(span().child("a").child("b")), "<span>ab</span>");
    assert_eq!(html(span().child("a").body("b").child("c")), "<span>bc</span>");
}

#[test]
fn nested_bodies_of_every_shape() {
    let rows: Vec<Node> =
        vec![span().into_node(), "t".into_node(), Html::raw("<i></i>").into_node()];
    let e = panel().body((
        "a",
        String::from("b"),
        7,
        'c',
        text(1.5),
        Some(br()),
        None::<Node>,
        rows,
        [em(), em()],
        panel().body(panel().body("deep")),
    ));
    assert_eq!(
        html(e),
        "<div>ab7c1.5<br><span></span>t<i></i><em></em><em></em><div><div>deep</div></div></div>"
    );
}

#[test]
fn auto_ids_are_deterministic_and_only_where_needed() {
    let page = || {
        panel().body((
            button().postback(Ev::Chat),
            button().id("own").postback(Ev::Pick(1)),
            span(),
            textbox().validation("e.detail.length>0"),
            panel().bind(EventType::MouseOver, "void 0;"),
            span().actions(n2o_runtime::action::wire("f();")),
        ))
    };
    let expected = r#"<div><button id="auto1" type="button"></button><button id="own" type="button"></button><span></span><input id="auto2" type="text"><div id="auto3"></div><span id="auto4"></span></div>"#;
    assert_eq!(html(page()), expected);
    assert_eq!(html(page()), expected);
}

#[test]
fn auto_ids_continue_across_renders() {
    let seal = InsecureTestSeal;
    let mut r = Render::new(&seal).auto_ids_from(7);
    r.push(button().postback(Ev::Chat));
    assert_eq!(r.next_auto_id(), 8);
    r.push(button().postback(Ev::Chat));
    assert_eq!(
        r.finish().html.as_str(),
        r#"<button id="auto7" type="button"></button><button id="auto8" type="button"></button>"#
    );
}

#[test]
fn built_trees_and_results_cross_threads() {
    fn send_sync<T: Send + Sync + 'static>() {}
    send_sync::<Element<kind::Button>>();
    send_sync::<Node>();
    send_sync::<Rendered>();
    send_sync::<n2o_runtime::action::Actions>();
}
