//! Files up the page's own WebSocket: `cargo run --example files`, then open the URL it logs.
//!
//! `N2O_PORT` and `N2O_ADDR` choose where it listens (`N2O_PORT=0` picks a free port);
//! `N2O_UPLOADS` where the files go. Drop files on the zone (or choose them): each goes up
//! in blocks with its own progress bar and cancel button, and survives a dropped connection
//! (the client reconnects and goes on from the server's offset). The list of stored files,
//! with sizes, SHA-256 and download links, is shared by every tab of the session: a room
//! per session, flushed when a file is stored.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use n2o::element::{Element, IntoBody, Node, kind};
use n2o::ftp::{FileEvent, StoredFile};
use n2o::prelude::*;

/// The files each session stored, newest last.
#[derive(Default)]
pub(crate) struct FilesPage {
    stored: Arc<Mutex<HashMap<String, Vec<StoredFile>>>>,
}

impl FilesPage {
    fn of_session(&self, session: &str) -> Vec<StoredFile> {
        let stored = self.stored.lock().unwrap_or_else(|e| e.into_inner());
        stored.get(session).cloned().unwrap_or_default()
    }
}

/// The session's room: every tab of the session is in it.
fn room(cx: &Cx) -> String {
    format!("files/{}", cx.session_id())
}

/// `12.3 MB`.
fn human(bytes: u64) -> String {
    let units = ["B", "KB", "MB", "GB", "TB"];
    let mut n = bytes as f64;
    let mut unit = 0;
    while n >= 1000.0 && unit < units.len() - 1 {
        n /= 1000.0;
        unit += 1;
    }
    if unit == 0 { format!("{bytes} B") } else { format!("{n:.1} {}", units[unit]) }
}

/// One row of the list: name (a download link), size, type, SHA-256. The link is sealed
/// to the session, so it works in every tab the row is flushed to.
fn row(cx: &Cx, file: &StoredFile) -> Element<kind::Tr> {
    let url = cx.file_url(file);
    nitro! {
        #tr{data: [("file", file.id.clone())], body: [
            #td{body: #link{href: url, body: file.name.clone()}},
            #td{class: "size", body: human(file.size)},
            #td{body: file.content_type.clone()},
            #td{class: "sha", body: #code{body: file.sha256.clone()}},
        ]}
    }
}

const STYLE: &str = "
  body { font: 16px/1.45 system-ui, sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em; color: #222; }
  #status { color: #888; font-size: .9em; }
  #zone { border: 2px dashed #99a; border-radius: 8px; padding: 1.5em; text-align: center; background: #fafaff; }
  #zone.n2o-ftp-over { border-color: #36c; background: #eef3ff; }
  .n2o-ftp-file { display: flex; gap: .6em; align-items: center; margin: .3em 0; text-align: left; }
  .n2o-ftp-name { flex: 0 0 14em; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .n2o-ftp-file progress { flex: 1; }
  .n2o-ftp-done .n2o-ftp-info { color: #393; }
  .n2o-ftp-error .n2o-ftp-info, .n2o-ftp-cancelled .n2o-ftp-info { color: #c33; }
  table { border-collapse: collapse; width: 100%; margin-top: 1em; }
  td, th { border-bottom: 1px solid #ddd; padding: .3em .5em; text-align: left; }
  .sha code { font-size: .75em; color: #555; }
  #log { color: #c33; }
";

impl Page for FilesPage {
    type Event = ();

    async fn main(&self, cx: &mut Cx) -> Html {
        let rows: Vec<Node> = self
            .of_session(cx.session_id().as_str())
            .iter()
            .map(|f| row(cx, f).into_node())
            .collect();
        let body = cx.html(nitro! {
            #h1{body: "n2o files"}
            #p{id: status, body: "connecting…"}
            #panel{id: zone, body: [
                #p{body: "Drop files here, or choose them:"},
                #upload{id: files, multiple: true, drop_zone: "zone"},
            ]}
            #p{id: log}
            #table{body: [
                #thead{body: #tr{body: [
                    #th{body: "Name"}, #th{body: "Size"}, #th{body: "Type"}, #th{body: "SHA-256"},
                ]}},
                #tbody{id: list, body: rows},
            ]}
        });
        Html::raw(format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
             <title>n2o files</title><style>{STYLE}</style></head><body>{body}\
             <script>document.addEventListener('n2o:init',function(){{\
             document.getElementById('status').textContent='online';}});\
             document.addEventListener('n2o:close',function(){{\
             document.getElementById('status').textContent='reconnecting…';}});</script>\
             </body></html>",
            body = body.as_str()
        ))
    }

    async fn event(&self, cx: &mut Cx, event: Event<()>) {
        match event {
            Event::Init => {
                let room = room(cx);
                cx.reg(&room);
            }
            Event::File(FileEvent::Stored(file)) => {
                tracing::info!(name = %file.name, size = file.size, sha256 = %file.sha256, "stored");
                let session = cx.session_id().as_str().to_owned();
                let mut stored = self.stored.lock().unwrap_or_else(|e| e.into_inner());
                stored.entry(session).or_default().push(file.clone());
                drop(stored);
                // Every tab of the session, this one too, gets the row.
                let row = row(cx, &file);
                cx.insert_bottom("list", row);
                let room = room(cx);
                cx.flush(&room);
            }
            Event::File(FileEvent::Failed(upload, why)) => {
                cx.update("log", format!("{}: {why}", upload.name));
            }
            _ => {}
        }
    }
}

#[tokio::main]
async fn main() -> Result<(), n2o::Error> {
    App::new().page("/", FilesPage::default()).serve().await
}
