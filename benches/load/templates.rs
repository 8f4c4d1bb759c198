//! The askama templates both servers render: n2o pages fill them in `Page::main`, the axum
//! baseline in its handlers, so the HTML under comparison is the same.

use askama::Template;

/// The page around everything: a title, the signed-in user, a body (markup, not escaped).
/// Used by the "all on" configuration, with the body from `nitro!`.
#[derive(Template)]
#[template(
    source = r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>
  body { font: 16px/1.45 system-ui, sans-serif; max-width: 42em; margin: 2em auto; }
  #history { border: 1px solid #ccc; min-height: 12em; padding: .5em .8em; }
  .peer { color: #36c; font-weight: 600; }
</style>
</head>
<body>
<h1>{{ title }}</h1>
<p id="status">Signed in as {{ user }}</p>
{{ body|safe }}
{{ tail|safe }}</body>
</html>
"#,
    ext = "html"
)]
pub(crate) struct Layout<'a> {
    pub(crate) title: &'a str,
    pub(crate) user: &'a str,
    pub(crate) body: &'a str,
    /// Empty for n2o, which injects its client scripts itself; [`Tail`] for the baseline.
    pub(crate) tail: &'a str,
}

/// The same page with its two variables and a fixed body: "session + template with two
/// variables".
#[derive(Template)]
#[template(
    source = r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>
  body { font: 16px/1.45 system-ui, sans-serif; max-width: 42em; margin: 2em auto; }
  #history { border: 1px solid #ccc; min-height: 12em; padding: .5em .8em; }
  .peer { color: #36c; font-weight: 600; }
</style>
</head>
<body>
<h1>{{ title }}</h1>
<p id="status">Signed in as {{ user }}</p>
<div id="history"><p class="line">Nothing said yet.</p></div>
{{ tail|safe }}</body>
</html>
"#,
    ext = "html"
)]
pub(crate) struct TwoVars<'a> {
    pub(crate) title: &'a str,
    pub(crate) user: &'a str,
    /// As [`Layout::tail`].
    pub(crate) tail: &'a str,
}

/// The same page with nothing to fill in: "template only".
#[derive(Template)]
#[template(
    source = r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>n2o</title>
<style>
  body { font: 16px/1.45 system-ui, sans-serif; max-width: 42em; margin: 2em auto; }
  #history { border: 1px solid #ccc; min-height: 12em; padding: .5em .8em; }
  .peer { color: #36c; font-weight: 600; }
</style>
</head>
<body>
<h1>n2o</h1>
<p id="status">Signed in as guest</p>
<div id="history"><p class="line">Nothing said yet.</p></div>
{{ tail|safe }}</body>
</html>
"#,
    ext = "html"
)]
pub(crate) struct Static<'a> {
    /// As [`Layout::tail`].
    pub(crate) tail: &'a str,
}

/// The "all on" body in the baseline: the `nitro!` body's markup written as a template
/// (askama spells `<` as `&#60;` where n2o writes `&lt;`: 20 bytes more in all).
#[derive(Template)]
#[template(
    source = r#"<div id="history">{% for (peer, line) in lines %}<p class="line"><span class="peer">{{ peer }}</span>{{ line }}</p>{% endfor %}</div><input id="message" type="text"><button id="send" type="button">Send</button>"#,
    ext = "html"
)]
pub(crate) struct BaselineBody<'a> {
    pub(crate) lines: &'a [(String, &'static str)],
}

/// What n2o injects before `</body>`, written as a template for the baseline: the client
/// scripts, `N2O_start` with a token, and (for the "all on" page) the button's wiring with a
/// pickle-sized string. So axum sends the same bytes without doing n2o's work (sessions,
/// sealing).
#[derive(Template)]
#[template(
    source = r#"<script src="/n2o/bert.js"></script><script src="/n2o/n2o.js"></script><script src="/n2o/nitro.js"></script><script>N2O_start({token:'{{ token }}',format:'bert'});</script>{% if let Some(pickle) = pickle %}<script>{var x=qi('send');x&&x.addEventListener('click',function(event){event.preventDefault();if(validateSources(['message']))N2O.pickle('send','{{ pickle }}',['message']);});}</script>{% endif %}"#,
    ext = "html"
)]
pub(crate) struct Tail<'a> {
    pub(crate) token: u64,
    pub(crate) pickle: Option<&'a str>,
}

/// The ten chat lines of the "all on" body; text with characters to escape.
pub(crate) fn lines() -> Vec<(String, &'static str)> {
    (0..10).map(|i| (format!("user{i}"), ": hello <everyone> & 'welcome'")).collect()
}
