//! A chat page, served on localhost: `cargo run --example chat`, then open the URL it logs.
//!
//! `N2O_PORT` and `N2O_ADDR` choose where it listens (`N2O_PORT=0` picks a free port).
//! Until the `nitro!` macro and rooms land, the page is written by hand and each tab
//! chats with itself over `{direct, {chat, Text}}`.

use n2o::prelude::*;

struct Chat;

const PAGE: &str = r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>n2o chat</title>
<style>
  body { font: 16px/1.4 system-ui, sans-serif; max-width: 40em; margin: 2em auto; }
  #history { border: 1px solid #ccc; min-height: 10em; padding: .5em; margin: 1em 0; }
  #status { color: #888; }
  #status.online { color: #080; }
</style>
</head>
<body>
<h1>n2o chat</h1>
<p>Status: <span id="status">connecting…</span> · heartbeats: <span id="beats">0</span></p>
<div id="history"></div>
<form id="form">
  <input id="message" autocomplete="off" placeholder="Say something">
  <button id="send">Chat</button>
</form>
<script>
  document.addEventListener('n2o:close', function () {
    qi('status').textContent = 'reconnecting…'; qi('status').className = '';
  });
  document.addEventListener('n2o:pong', function () {
    qi('beats').textContent = String(+qi('beats').textContent + 1);
  });
  qi('form').addEventListener('submit', function (e) {
    e.preventDefault();
    ws.send(tuple(atom('direct'), tuple(atom('chat'), bin(qi('message').value))));
    qi('message').value = '';
  });
</script>
</body>
</html>
"#;

impl Page for Chat {
    type Event = ();

    async fn main(&self, _cx: &mut Cx) -> Html {
        Html::raw(PAGE)
    }

    async fn event(&self, cx: &mut Cx, event: Event<()>) {
        match event {
            Event::Init => {
                let peer = cx.peer().map(|p| p.to_string()).unwrap_or_default();
                cx.wire(&format!(
                    "qi('status').textContent='online as '+{};qi('status').className='online';",
                    n2o::js::quote(&peer)
                ));
            }
            Event::Direct(msg) if msg.is_tagged("chat", 2) => {
                let text = msg.as_tuple().and_then(|t| t[1].as_text()).unwrap_or_default();
                let line = format!("{}: {}", cx.peer().map(|p| p.to_string()).unwrap_or_default(), text);
                // Text goes in as a JS string literal and lands as textContent: never markup.
                cx.wire(&format!(
                    "var p=qn('p');p.textContent={};qi('history').appendChild(p);",
                    n2o::js::quote(&line)
                ));
            }
            _ => {}
        }
    }
}

#[tokio::main]
async fn main() -> Result<(), n2o::Error> {
    App::new().page("/", Chat).serve().await
}
