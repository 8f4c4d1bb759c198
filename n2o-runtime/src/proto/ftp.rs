//! The FTP link of the protocol chain: reads records, checks tickets, moves blocks, tells the page (the transfers themselves are [`crate::ftp`]'s).

use std::sync::Arc;

use super::{Flow, Message, Protocol, Reply, run_event};
use crate::cx::Cx;
use crate::ftp::{
    FileEvent, Offer, Record, Refused, Step, Ticket, Transfers, Upload, UploadError, content_type,
    display_name,
};
use crate::mailbox::{Push, SharedIo};
use crate::page::Event;
use crate::refusal::Refusal;
use crate::term::Term;

/// The longest client transfer id accepted (N2O's are a float's text or a UUID).
const MAX_ID_BYTES: usize = 128;

/// Claims `{ftp, …}` records (see [`crate::ftp`]).
#[derive(Debug)]
pub(crate) struct Ftp {
    transfers: Arc<Transfers>,
}

impl Ftp {
    pub(crate) fn new(transfers: Arc<Transfers>) -> Ftp {
        Ftp { transfers }
    }
}

impl Protocol for Ftp {
    async fn info(&self, message: Message, cx: &mut Cx) -> Flow {
        match message {
            Message::Term(term) if Record::is_ftp(&term) => {
                if !cx.is_initialized() {
                    return Flow::Refuse(Refusal::BeforeInit);
                }
                match Record::from_term(term) {
                    Ok(record) => self.flow(record, cx).await,
                    Err(bad) => Flow::Refuse(Refusal::FtpRecord(bad)),
                }
            }
            Message::Ftp(_) if !cx.is_initialized() => Flow::Refuse(Refusal::BeforeInit),
            Message::Ftp(record) => self.flow(*record, cx).await,
            other => Flow::Pass(other),
        }
    }
}

impl Ftp {
    async fn flow(&self, record: Record, cx: &mut Cx) -> Flow {
        match self.frame(record, cx).await {
            Ok(reply) => Flow::Reply(reply),
            Err(refusal) => Flow::Refuse(refusal),
        }
    }

    async fn frame(&self, mut record: Record, cx: &mut Cx) -> Result<Reply, Refusal> {
        if record.id.is_empty() || record.id.len() > MAX_ID_BYTES {
            let why = bad(&format!("the transfer id must be 1 to {MAX_ID_BYTES} bytes"));
            return Err(refuse(record, refused_for(why)));
        }
        let session = cx.session_id().as_str().to_owned();
        let outcome = match record.status() {
            "init" => self.init(&record, session, cx).await,
            "send" => {
                let data = std::mem::take(&mut record.data);
                let sent = self
                    .transfers
                    .send(&session, &record.id, record.offset, record.block, data)
                    .await;
                if sent.is_ok() {
                    cx.mark_bulk();
                }
                sent
            }
            "stop" => match self.transfers.cancel(&session, &record.id).await {
                Ok(upload) => {
                    deliver(cx, FileEvent::Failed(upload, UploadError::Cancelled)).await;
                    return Ok(answer(record, 0, 0, Term::bin("")));
                }
                Err(refused) => Err(refused),
            },
            _ => Err(refused_for(bad("the status must be init, send or stop"))),
        };
        match outcome {
            Ok(Step::Next { offset, block, started }) => {
                if let Some(upload) = started {
                    deliver(cx, FileEvent::Started(upload)).await;
                }
                Ok(answer(record, offset, block, Term::bin("")))
            }
            Ok(Step::Done { size }) => Ok(answer(record, size, 0, Term::bin(""))),
            Ok(Step::Stored { upload, started, file }) => {
                if let Some(started) = started {
                    deliver(cx, FileEvent::Started(started)).await;
                }
                let offset = upload.size;
                deliver(cx, FileEvent::Stored(*file)).await;
                Ok(answer(record, offset, 0, Term::bin("")))
            }
            Err(refused) => {
                if let Some(upload) = refused.ended.clone() {
                    deliver(cx, FileEvent::Failed(upload, refused.why.clone())).await;
                }
                Err(refuse(record, refused))
            }
        }
    }

    /// `init`: the ticket must open for this connection, the name must be showable.
    async fn init(&self, record: &Record, session: String, cx: &mut Cx) -> Result<Step, Refused> {
        let (ticket, declared) =
            ticket(&record.meta, cx).ok_or(refused_for(UploadError::Ticket))?;
        // What the page hears of a refused `init`: the upload as the client declared it.
        let declared_upload = |size: u64, name: String| Upload {
            input: ticket.input.clone(),
            transfer: String::from_utf8_lossy(&record.id).into_owned(),
            name,
            size,
            content_type: declared.clone(),
            offset: 0,
        };
        let fail = |why: UploadError, size: u64, name: String| Refused {
            ended: Some(declared_upload(size, name)),
            why,
            offset: 0,
        };
        let shown = String::from_utf8_lossy(&record.filename);
        let shown = crate::refusal::truncate(&shown, 64).to_owned();
        let Ok(size) = u64::try_from(record.size) else {
            return Err(fail(bad("the size is negative"), 0, shown));
        };
        let name = display_name(&record.filename).map_err(|why| fail(why, size, shown))?;
        let offer = Offer {
            session,
            id: record.id.clone(),
            name: name.clone(),
            size,
            content_type: declared.clone(),
            ticket: ticket.clone(),
        };
        match self.transfers.init(offer).await {
            // Refused before it began (a limit): the page hears of its own input's refusal.
            Err(mut refused) if refused.ended.is_none() && refused.offset == 0 => {
                refused.ended = Some(declared_upload(size, name));
                Err(refused)
            }
            other => other,
        }
    }
}

fn bad(why: &str) -> UploadError {
    UploadError::BadBlock(why.to_owned())
}

/// The ticket in `Meta`, opened for this connection, and the declared content type:
/// `Meta` is the ticket (a binary) or `{n2o, Ticket, ContentType}`.
fn ticket(meta: &Term, cx: &Cx) -> Option<(Ticket, String)> {
    let (sealed, declared) = match meta {
        Term::Tuple(items) => match items.as_slice() {
            [Term::Atom(tag), sealed, declared] if tag == "n2o" => {
                (sealed.as_text()?, content_type(declared.as_text().unwrap_or("")))
            }
            _ => return None,
        },
        other => (other.as_text()?, "application/octet-stream".to_owned()),
    };
    let opened = cx.open_pickle(sealed).ok()?;
    Some((Ticket::from_term(&opened)?, declared))
}

/// The answer to a frame: its record with the server's offset and next block, no data.
fn answer(mut record: Record, offset: u64, block: u64, meta: Term) -> Reply {
    record.offset = i64::try_from(offset).unwrap_or(i64::MAX);
    record.block = i64::try_from(block).unwrap_or(i64::MAX);
    record.data = bytes::Bytes::new();
    record.meta = meta;
    Reply::Term(record.into_term())
}

/// A refused frame: logged by the connection, answered with its record (`Block` 0, the
/// server's offset, `Meta = {error, Why}`).
fn refuse(record: Record, refused: Refused) -> Refusal {
    let meta = Term::Tuple(vec![Term::atom("error"), Term::bin(refused.why.to_string())]);
    let Reply::Term(reply) = answer(record, refused.offset, 0, meta) else {
        unreachable!("answer is a term");
    };
    Refusal::Upload { why: refused.why, reply: Box::new(reply) }
}

/// Runs the page's `Event::File`; what it queued goes to the browser as its own push,
/// after the FTP answer.
async fn deliver(cx: &mut Cx, event: FileEvent) {
    match run_event(cx, Event::File(event)).await {
        Ok(Reply::Term(io)) => {
            let quiet = matches!(&io, Term::Tuple(t) if t.len() == 3
                && t[1].as_text() == Some("")
                && t[2] == Term::Binary(Vec::new()));
            if quiet {
                return;
            }
            if let Some(pusher) = cx.pusher()
                && let Err(e) = pusher.try_send(Push::Io(SharedIo::term(io)))
            {
                tracing::warn!(error = %e, "the page's answer to an upload event was dropped");
            }
        }
        Ok(_) => {}
        Err(refusal) => tracing::debug!(error = %refusal, "upload event not delivered"),
    }
}

fn refused_for(why: UploadError) -> Refused {
    Refused { why, offset: 0, ended: None }
}
