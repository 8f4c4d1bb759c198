//! The driver's barrier: a protocol at the end of the app's chain that answers "everything
//! queued for this connection so far has been sent" through the connection's own mailbox.
//!
//! A click's reply is not all a click causes: a `cx.flush(room)` reaches the sender through
//! its mailbox, after the reply. A connection handles its socket before its mailbox, so a
//! `PING` right after a click would come back before that flush. Instead the driver sends
//! `{n2o_test_sync, Client, N}`; this protocol pushes `{n2o_test_synced, N}` into the same
//! mailbox, behind whatever is already queued, and the connection answers it with the text
//! frame `N2O-TEST-SYNC,N`. Every push queued before the barrier is on the wire before it.
//!
//! The protocol claims only these two terms; the app's own protocols, placed before it,
//! see everything first. It also hands the driver each connection's [`Pusher`], so the
//! driver can push server-side messages and see when the server has let a connection go.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use n2o_runtime::Term;
use n2o_runtime::cx::Cx;
use n2o_runtime::mailbox::Pusher;
use n2o_runtime::proto::{Flow, Message, Protocol, Reply};

/// The text frame that closes barrier `n`: `N2O-TEST-SYNC,<n>`.
pub(crate) const MARK: &str = "N2O-TEST-SYNC,";

/// The connections' pushers, by the driver's client number.
#[derive(Clone, Debug, Default)]
pub(crate) struct Pushers(Arc<Mutex<HashMap<u64, Pusher>>>);

impl Pushers {
    pub(crate) fn get(&self, client: u64) -> Option<Pusher> {
        self.lock().get(&client).cloned()
    }

    pub(crate) fn forget(&self, client: u64) {
        self.lock().remove(&client);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Pusher>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The barrier protocol; see the module docs.
#[derive(Debug)]
pub(crate) struct Barrier(pub(crate) Pushers);

/// `{n2o_test_sync, Client, N}`: the term the driver sends.
pub(crate) fn request(client: u64, n: u64) -> Term {
    let n = i64::try_from(n).unwrap_or(i64::MAX);
    let client = i64::try_from(client).unwrap_or(i64::MAX);
    Term::tuple([Term::atom("n2o_test_sync"), Term::int(client), Term::int(n)])
}

impl Protocol for Barrier {
    async fn info(&self, message: Message, cx: &mut Cx) -> Flow {
        match message {
            Message::Term(t) if t.is_tagged("n2o_test_sync", 3) => {
                let items = t.as_tuple().unwrap_or_default();
                let (client, n) = (items[1].as_int().unwrap_or(-1), items[2].clone());
                let Some(pusher) = cx.pusher() else { return Flow::Reply(Reply::Nop) };
                if let Ok(client) = u64::try_from(client) {
                    self.0.lock().insert(client, pusher.clone());
                }
                let synced = Term::tuple([Term::atom("n2o_test_synced"), n.clone()]);
                match pusher.try_push(synced) {
                    Ok(()) => Flow::Reply(Reply::Nop),
                    // A full mailbox is about to be kicked anyway: answer at once.
                    Err(_) => {
                        Flow::Reply(Reply::Text(format!("{MARK}{}", n.as_int().unwrap_or(-1))))
                    }
                }
            }
            Message::Info(t) if t.is_tagged("n2o_test_synced", 2) => {
                let n = t.as_tuple().and_then(|t| t[1].as_int()).unwrap_or(-1);
                Flow::Reply(Reply::Text(format!("{MARK}{n}")))
            }
            other => Flow::Pass(other),
        }
    }
}
