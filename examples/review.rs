//! Review, N2O's data sample: sign in with a name, a list of rooms, a room's history from a
//! KVS feed (the newest 50, older pages on demand), new lines live for everyone in the room,
//! sign out. Everything is kept in `./data/n2o.redb` (`N2O_DATA`) and survives a restart; the same
//! data is read and written as JSON at `/api/rooms` and `/api/rooms/{code}/messages`.
//!
//! ```sh
//! cargo run --example review
//! curl -s localhost:8000/api/rooms
//! curl -s -X POST -H 'Content-Type: application/json' -H "Authorization: Bearer $N2O_API_TOKEN" \
//!      -d '{"author":"bot","text":"hi"}' localhost:8000/api/rooms/lobby/messages
//! ```
//!
//! With `N2O_DATABASE_URL=postgres://…` the store is that PostgreSQL database instead, and
//! several servers (each with its own `N2O_PORT`) serve the same rooms and history.

use std::ops::Bound;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use n2o::element::{IntoBody, Node};
use n2o::hook::Hook;
use n2o::kvs::{Cursor, Feed, Record, Store};
use n2o::prelude::*;
use n2o::rest::{ListQuery, Listing, Op, Resource, RestCx, RestError};
use serde::{Deserialize, Serialize};

/// A room: its code is its key, so no two rooms share one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Room {
    /// `[a-z0-9-]`, 1 to 32 characters: it is a path segment (`/room/lobby`).
    pub code: String,
    /// 1 to 80 characters.
    pub title: String,
}

impl Record for Room {
    const TABLE: &'static str = "rooms";
    type Key = String;

    fn key(&self) -> String {
        self.code.clone()
    }
}

/// A line of a room's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    /// Who wrote it: the session's user; given in the body only with the API token.
    #[serde(default)]
    pub author: String,
    /// 1 to 2,000 characters.
    pub text: String,
    /// Milliseconds since 1970, set by the server when the line is stored.
    #[serde(default)]
    pub at: u64,
}

/// Each room's lines, keyed by the room's code.
pub const MESSAGES: Feed<Message, String> = Feed::new("messages");

/// How many lines a room page shows at first, and loads per "older".
pub const PAGE: usize = 50;

/// What the pages' controls send back.
#[derive(Debug, Clone, Postback, Serialize, Deserialize)]
pub enum Ev {
    /// Sign in with the name typed.
    Login,
    /// Sign out.
    Logout,
    /// Make the room typed in.
    CreateRoom,
    /// Send the line typed.
    Send,
    /// Load the lines before this cursor.
    Older(u64),
}

/// The app over `store`: its pages, their sign-in hook and the REST resources. REST writes
/// take a signed-in session, or `Authorization: Bearer <api_token>` when there is one.
pub fn app(store: Store, api_token: Option<String>) -> App {
    let token: Option<Arc<str>> = api_token.filter(|t| !t.is_empty()).map(Into::into);
    App::new()
        .page("/", Login)
        .listen("/rooms", Rooms { store: store.clone() })
        .listen("/room/{code}", RoomPage { store: store.clone() })
        .hook("/rooms", SignedIn)
        .hook("/room", SignedIn)
        .rest("/api/rooms", RoomsApi { store: store.clone(), token: token.clone() })
        .rest("/api/rooms/{code}/messages", MessagesApi { store, token })
}

// ---- pages --------------------------------------------------------------------------------

/// Sends whoever is not signed in to the sign-in page.
struct SignedIn;

impl Hook for SignedIn {
    async fn check(&self, cx: &mut Cx) -> bool {
        if cx.user().await.is_some() {
            return true;
        }
        let _ = cx.redirect("/");
        false
    }
}

fn layout(title: &str, body: &Html) -> Html {
    Html::raw(format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>{}</title>\
         <style>body{{font:16px system-ui;max-width:40em;margin:2em auto}}\
         #history{{list-style:none;padding:0}}#history li{{margin:.3em 0}}\
         .at{{color:#888;font-size:.8em}}.error{{color:#b00}}</style></head>\
         <body>{}</body></html>",
        Html::text(title).as_str(),
        body.as_str()
    ))
}

struct Login;

impl Page for Login {
    type Event = Ev;

    async fn main(&self, cx: &mut Cx) -> Html {
        if cx.user().await.is_some() {
            let _ = cx.redirect("/rooms");
        }
        let body = cx.html(nitro! {
            #h1{body: "Review"}
            #label{for: name, body: "Your name "}
            #textbox{id: name, placeholder: "ann"}
            #button{id: login, body: "Sign in", postback: Ev::Login, source: [name]}
            #p{id: error, class: "error"}
        });
        layout("Review: sign in", &body)
    }

    async fn event(&self, cx: &mut Cx, event: Event<Ev>) {
        if let Event::Postback(Ev::Login) = event {
            let name = cx.q("name").trim().to_owned();
            if name.is_empty() || name.chars().count() > 32 || name.chars().any(char::is_control) {
                cx.update("error", "A name is 1 to 32 characters.");
                return;
            }
            cx.set_user(&name).await;
            let _ = cx.redirect("/rooms");
        }
    }
}

/// Signs the user out and goes to the sign-in page.
async fn logout(cx: &mut Cx) {
    cx.clear_user().await;
    let _ = cx.redirect("/");
}

struct Rooms {
    store: Store,
}

fn room_link(room: &Room) -> Node {
    let href = format!("/room/{}", room.code);
    nitro! { #li{body: #link{href: href, body: room.title.clone()}} }.into_node()
}

impl Page for Rooms {
    type Event = Ev;

    async fn main(&self, cx: &mut Cx) -> Html {
        let user = cx.user().await.unwrap_or_default();
        let rooms = self.store.scan::<Room>(.., 200).await.unwrap_or_default();
        let items: Vec<Node> = rooms.iter().map(room_link).collect();
        let body = cx.html(nitro! {
            #h1{body: "Rooms"}
            #p{body: ["Signed in as ", #b{id: me, body: user}, " ",
                #button{id: logout, body: "Sign out", postback: Ev::Logout}]}
            #list{id: rooms, body: items}
            #h2{body: "New room"}
            #textbox{id: code, placeholder: "code: lobby"}
            #textbox{id: title, placeholder: "title"}
            #button{id: create, body: "Create", postback: Ev::CreateRoom, source: [code, title]}
            #p{id: error, class: "error"}
        });
        layout("Review: rooms", &body)
    }

    async fn event(&self, cx: &mut Cx, event: Event<Ev>) {
        match event {
            Event::Init => cx.reg("rooms"),
            Event::Postback(Ev::Logout) => logout(cx).await,
            Event::Postback(Ev::CreateRoom) => {
                let room =
                    Room { code: cx.q("code").trim().into(), title: cx.q("title").trim().into() };
                if let Err(e) = check_room(&room) {
                    cx.update("error", e);
                    return;
                }
                match self.store.insert(&room).await {
                    Ok(true) => {
                        cx.update("error", "");
                        // A room and a line always make a term: nothing to report.
                        let _ = cx.send("rooms", &room);
                    }
                    Ok(false) => cx.update("error", format!("The code {} is taken.", room.code)),
                    Err(e) => {
                        tracing::error!(error = %e, "cannot store a room");
                        cx.update("error", "The room could not be stored; try again.");
                    }
                }
            }
            _ => {}
        }
    }
}

/// A room made here or over REST: every member of `rooms` shows it.
impl Listen for Rooms {
    type Message = Room;

    async fn message(&self, cx: &mut Cx, room: Room) {
        cx.insert_bottom("rooms", room_link(&room));
    }
}

fn check_room(room: &Room) -> Result<(), &'static str> {
    let code_ok = (1..=32).contains(&room.code.len())
        && room.code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !code_ok {
        return Err("A code is 1 to 32 of a-z, 0-9 and -.");
    }
    if room.title.is_empty() || room.title.chars().count() > 80 {
        return Err("A title is 1 to 80 characters.");
    }
    Ok(())
}

struct RoomPage {
    store: Store,
}

/// The room's members: the pages that show it.
fn topic(code: &str) -> String {
    format!("room:{code}")
}

fn line(m: &Message) -> Node {
    let secs = m.at / 1000;
    let at = format!("{:02}:{:02}", secs / 3600 % 24, secs / 60 % 60);
    nitro! { #li{body: [#b{body: m.author.clone()}, " ", m.text.clone(), " ",
    #span{class: "at", body: at}]} }
    .into_node()
}

/// The "older" button for the lines before `next`, or an empty placeholder at the start.
fn older_button(next: Option<Cursor>) -> Node {
    match next {
        Some(c) => {
            nitro! { #button{id: older, body: "Load older", postback: Ev::Older(c.0)} }.into_node()
        }
        None => nitro! { #span{id: older} }.into_node(),
    }
}

impl RoomPage {
    /// The newest lines and the button for the ones before, drawn into the page: on `Init`
    /// too, so a tab that reconnects shows what it missed (the catch-up rule).
    async fn redraw(&self, cx: &mut Cx, code: &str) {
        match self.store.newest(&MESSAGES, code, PAGE).await {
            Ok(page) => {
                let lines: Vec<Node> = page.entries.iter().map(|e| line(&e.value)).collect();
                cx.update("history", lines);
                cx.replace("older", older_button(page.next));
            }
            Err(e) => tracing::error!(error = %e, "cannot read a room's history"),
        }
    }
}

impl Page for RoomPage {
    type Event = Ev;

    async fn main(&self, cx: &mut Cx) -> Html {
        let code = cx.param("code").unwrap_or_default().to_owned();
        let room = match self.store.get::<Room, _>(code.as_str()).await {
            Ok(Some(room)) => room,
            Ok(None) => {
                let _ = cx.set_status(404);
                let body = cx.html(nitro! {
                    #h1{body: "No such room"}
                    #link{href: "/rooms", body: "All rooms"}
                });
                return layout("Review: no such room", &body);
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot read a room");
                let _ = cx.set_status(500);
                return layout("Review", &Html::text("The store is unavailable; try again."));
            }
        };
        let page = self
            .store
            .newest(&MESSAGES, &code, PAGE)
            .await
            .unwrap_or_else(|_| n2o::kvs::Page { entries: Vec::new(), next: None });
        let lines: Vec<Node> = page.entries.iter().map(|e| line(&e.value)).collect();
        let body = cx.html((
            nitro! {
                #link{href: "/rooms", body: "All rooms"}
                #h1{id: title, body: room.title.clone()}
            },
            older_button(page.next),
            nitro! {
                #list{id: history, body: lines}
                #textbox{id: message, placeholder: "Say something"}
                #button{id: send, body: "Send", postback: Ev::Send, source: [message]}
                #p{id: error, class: "error"}
                #button{id: logout, body: "Sign out", postback: Ev::Logout}
            },
        ));
        layout(&format!("Review: {}", room.title), &body)
    }

    async fn event(&self, cx: &mut Cx, event: Event<Ev>) {
        let code = cx.param("code").unwrap_or_default().to_owned();
        match event {
            Event::Init => {
                cx.reg(&topic(&code));
                self.redraw(cx, &code).await;
            }
            Event::Postback(Ev::Send) => {
                let text = cx.q("message").trim().to_owned();
                if text.is_empty() || text.chars().count() > 2000 {
                    cx.update("error", "A line is 1 to 2,000 characters.");
                    return;
                }
                let author = cx.user().await.unwrap_or_default();
                let message = Message { author, text, at: now_ms() };
                match self.store.append(&MESSAGES, &code, &message).await {
                    Ok(_) => {
                        cx.set_value("message", "");
                        cx.update("error", "");
                        let _ = cx.send(&topic(&code), &message);
                    }
                    Err(e) => {
                        tracing::error!(error = %e, "cannot store a line");
                        cx.update("error", "The line could not be stored; try again.");
                    }
                }
            }
            Event::Postback(Ev::Older(before)) => {
                match self.store.older(&MESSAGES, &code, Cursor(before), PAGE).await {
                    Ok(page) => {
                        let lines: Vec<Node> =
                            page.entries.iter().map(|e| line(&e.value)).collect();
                        cx.insert_top("history", lines);
                        cx.replace("older", older_button(page.next));
                    }
                    Err(e) => tracing::error!(error = %e, "cannot read older lines"),
                }
            }
            Event::Postback(Ev::Logout) => logout(cx).await,
            _ => {}
        }
    }
}

/// A line sent by a member or over REST: each member draws it in its own page.
impl Listen for RoomPage {
    type Message = Message;

    async fn message(&self, cx: &mut Cx, message: Message) {
        cx.insert_bottom("history", line(&message));
    }
}

fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
}

// ---- REST ---------------------------------------------------------------------------------

/// Writes need a signed-in session (its user is returned), or the API token; anyone reads.
async fn may_write(cx: &RestCx, expected: Option<&str>) -> Result<Option<String>, RestError> {
    if let Some(token) = cx.bearer() {
        let expected = expected.unwrap_or_default();
        // Constant time: the comparison must not tell how much of a guess was right.
        let same = !expected.is_empty()
            && token.len() == expected.len()
            && token.bytes().zip(expected.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0;
        return if same { Ok(None) } else { Err(RestError::Forbidden) };
    }
    match cx.user().await {
        Some(user) => Ok(Some(user)),
        None => Err(RestError::Unauthorized),
    }
}

fn internal(e: n2o::kvs::Error) -> RestError {
    RestError::internal(e)
}

/// `/api/rooms`: rooms by code.
struct RoomsApi {
    store: Store,
    token: Option<Arc<str>>,
}

impl Resource for RoomsApi {
    type Item = Room;
    type Id = String;

    fn ops(&self) -> &'static [Op] {
        &[Op::List, Op::Get, Op::Create]
    }

    async fn authorize(&self, cx: &RestCx, op: Op) -> Result<(), RestError> {
        if op.is_write() {
            may_write(cx, self.token.as_deref()).await?;
        }
        Ok(())
    }

    async fn list(&self, _cx: &RestCx, q: ListQuery) -> Result<Listing<Room>, RestError> {
        let from = q.after.map_or(Bound::Unbounded, Bound::Excluded);
        let mut items = self
            .store
            .scan::<Room>((from, Bound::Unbounded), q.limit + 1)
            .await
            .map_err(internal)?;
        let next = if items.len() > q.limit {
            items.truncate(q.limit);
            items.last().map(|r| r.code.clone())
        } else {
            None
        };
        Ok(Listing { items, next })
    }

    async fn get(&self, _cx: &RestCx, code: String) -> Result<Option<Room>, RestError> {
        self.store.get::<Room, _>(code.as_str()).await.map_err(internal)
    }

    async fn create(&self, cx: &RestCx, room: Room) -> Result<(String, Room), RestError> {
        check_room(&room).map_err(|e| {
            let field = if e.starts_with("A code") { "code" } else { "title" };
            RestError::invalid(field, e)
        })?;
        if !self.store.insert(&room).await.map_err(internal)? {
            return Err(RestError::Conflict(format!("the code {} is taken", room.code)));
        }
        let _ = cx.hub().rooms().send("rooms", &room);
        Ok((room.code.clone(), room))
    }
}

/// `/api/rooms/{code}/messages`: a room's lines, newest page first, older pages by cursor.
struct MessagesApi {
    store: Store,
    token: Option<Arc<str>>,
}

impl MessagesApi {
    /// The room of the request's path, or `404`.
    async fn room(&self, cx: &RestCx) -> Result<String, RestError> {
        let code = cx.param("code").unwrap_or_default();
        match self.store.get::<Room, _>(code).await.map_err(internal)? {
            Some(room) => Ok(room.code),
            None => Err(RestError::NotFound),
        }
    }
}

impl Resource for MessagesApi {
    type Item = Message;
    type Id = u64;

    fn ops(&self) -> &'static [Op] {
        &[Op::List, Op::Create]
    }

    async fn authorize(&self, cx: &RestCx, op: Op) -> Result<(), RestError> {
        if op.is_write() {
            may_write(cx, self.token.as_deref()).await?;
        }
        Ok(())
    }

    async fn list(&self, cx: &RestCx, q: ListQuery) -> Result<Listing<Message>, RestError> {
        let code = self.room(cx).await?;
        let page = match q.after {
            None => self.store.newest(&MESSAGES, &code, q.limit).await,
            Some(after) => {
                let cursor = after
                    .parse::<Cursor>()
                    .map_err(|_| RestError::BadRequest(format!("{after:?} is not a cursor")))?;
                self.store.older(&MESSAGES, &code, cursor, q.limit).await
            }
        }
        .map_err(internal)?;
        let next = page.next.map(|c| c.to_string());
        Ok(Listing { items: page.values().collect(), next })
    }

    async fn create(&self, cx: &RestCx, mut message: Message) -> Result<(u64, Message), RestError> {
        let code = self.room(cx).await?;
        // A session writes as its user; the API token may say who wrote.
        if let Some(user) = may_write(cx, self.token.as_deref()).await? {
            message.author = user;
        }
        let author_ok = (1..=32).contains(&message.author.chars().count());
        if !author_ok {
            return Err(RestError::invalid("author", "1 to 32 characters"));
        }
        message.text = message.text.trim().to_owned();
        if message.text.is_empty() || message.text.chars().count() > 2000 {
            return Err(RestError::invalid("text", "1 to 2,000 characters"));
        }
        message.at = now_ms();
        let cursor = self.store.append(&MESSAGES, &code, &message).await.map_err(internal)?;
        let _ = cx.hub().rooms().send(&topic(&code), &message);
        Ok((cursor.0, message))
    }
}

// ---- main ---------------------------------------------------------------------------------

/// Serves the app on the configured address, with its store in the data directory.
#[allow(dead_code)] // tests include this file for `app` and run their own server
#[tokio::main]
pub async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = n2o::Config::default().apply_env()?;
    // `n2o.redb` in `./data` (`N2O_DATA`), or the PostgreSQL database at `N2O_DATABASE_URL`
    // (several servers on one store). A data file that another process holds or that is
    // damaged, or a database out of reach, stops the start with an error naming it: serving
    // an empty store instead would hide everyone's data.
    let store = n2o::open_store(&config).await?;
    let token = std::env::var("N2O_API_TOKEN").ok();
    app(store, token).config(config).serve().await?;
    Ok(())
}
