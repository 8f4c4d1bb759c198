//! Uploading files as `ftp.js` does: N2O's FTP record over the test socket, block by block, with the ticket the page's `upload` wiring holds.

use std::future::Future;

use n2o_runtime::Term;
use n2o_runtime::ftp::Record;

use super::action::{Listener, cut};
use super::client::{TestClient, at_the_test, bert_frame};
use super::response::{Response, TestError};

/// How a transfer the driver ran ended.
struct Outcome {
    /// What the server holds: the whole size when stored.
    offset: u64,
    /// The server's `{error, Why}`, when it refused.
    refused: Option<String>,
    /// Every frame that came back: the FTP replies and the page's pushes.
    response: Response,
}

/// The file a test sends.
struct File<'a> {
    target: &'a str,
    name: &'a str,
    content_type: &'a str,
    bytes: &'a [u8],
}

impl TestClient {
    /// Uploads `bytes` as a file named `name` of type `content_type` through the `upload`
    /// element `target` (an id, or a selector naming one element), exactly as `ftp.js`
    /// does: `init` with the ticket the element's wiring holds, then each block the server
    /// asks for, one at a time, until it says the file is complete. Returns every frame that
    /// came back, the page's own pushes (its [`Event::File`](crate::page::Event::File)
    /// handler's actions) applied. Panics when the server refuses the file, with its reason.
    ///
    /// ```no_run
    /// # async fn f(tab: &mut n2o::test::TestClient) {
    /// tab.upload("files", "notes.txt", "text/plain", b"hello").await;
    /// tab.assert_text("list", "notes.txt (5 bytes)");
    /// # }
    /// ```
    #[track_caller]
    pub fn upload<'a>(
        &'a mut self,
        target: &'a str,
        name: &'a str,
        content_type: &'a str,
        bytes: &'a [u8],
    ) -> impl Future<Output = Response> + Send + 'a {
        at_the_test!(self, self.try_upload(target, name, content_type, bytes))
    }

    /// [`TestClient::upload`], returning failures; a refusal is a [`TestError::Server`]
    /// holding the server's reason.
    pub async fn try_upload(
        &mut self,
        target: &str,
        name: &str,
        content_type: &str,
        bytes: &[u8],
    ) -> Result<Response, TestError> {
        let file = File { target, name, content_type, bytes };
        let outcome = self.transfer(&file, &transfer_id(), None).await?;
        match outcome.refused {
            Some(why) => Err(TestError::Server(format!("the upload was refused: {why}"))),
            None => Ok(outcome.response),
        }
    }

    /// Sends a file the server must refuse, and returns its reason (the `Why` of the
    /// reply's `Meta = {error, Why}`); panics if the file was stored instead.
    ///
    /// ```no_run
    /// # async fn f(tab: &mut n2o::test::TestClient) {
    /// let why = tab.upload_refused("photo", "a.exe", "application/x-msdownload", b"MZ").await;
    /// assert_eq!(why, "file type not accepted: image/*");
    /// # }
    /// ```
    #[track_caller]
    pub fn upload_refused<'a>(
        &'a mut self,
        target: &'a str,
        name: &'a str,
        content_type: &'a str,
        bytes: &'a [u8],
    ) -> impl Future<Output = String> + Send + 'a {
        at_the_test!(self, async {
            let file = File { target, name, content_type, bytes };
            let outcome = self.transfer(&file, &transfer_id(), None).await?;
            outcome.refused.ok_or_else(|| {
                TestError::Page(format!(
                    "expected the server to refuse {name:?}, but it stored all {} bytes",
                    outcome.offset
                ))
            })
        })
    }

    /// Starts uploading a file and stops sending once the server holds at least `stop_at`
    /// bytes, as a browser whose connection dropped mid-file; returns the transfer's id, for
    /// [`TestClient::resume_upload`] (after a [`TestClient::reconnect`], say).
    #[track_caller]
    pub fn upload_until<'a>(
        &'a mut self,
        target: &'a str,
        name: &'a str,
        content_type: &'a str,
        bytes: &'a [u8],
        stop_at: u64,
    ) -> impl Future<Output = String> + Send + 'a {
        at_the_test!(self, async {
            let file = File { target, name, content_type, bytes };
            let transfer = transfer_id();
            let outcome = self.transfer(&file, &transfer, Some(stop_at)).await?;
            match outcome.refused {
                Some(why) => Err(TestError::Server(format!("the upload was refused: {why}"))),
                None => Ok(transfer),
            }
        })
    }

    /// Goes on with transfer `transfer` (from [`TestClient::upload_until`]) as `ftp.js` does
    /// after a reconnect: `init` again with the same id, then the blocks from the server's
    /// offset to the end. Panics when the server refuses.
    #[track_caller]
    pub fn resume_upload<'a>(
        &'a mut self,
        transfer: &'a str,
        target: &'a str,
        name: &'a str,
        content_type: &'a str,
        bytes: &'a [u8],
    ) -> impl Future<Output = Response> + Send + 'a {
        at_the_test!(self, async {
            let file = File { target, name, content_type, bytes };
            let outcome = self.transfer(&file, transfer, None).await?;
            match outcome.refused {
                Some(why) => Err(TestError::Server(format!("the upload was refused: {why}"))),
                None => Ok(outcome.response),
            }
        })
    }

    /// The ticket of upload element `target`, from its `N2O.ftp.bind(..)` wiring.
    fn ticket(&self, target: &str) -> Result<String, TestError> {
        if self.dom.by_id(target).is_none() {
            return Err(TestError::Page(self.dom.why_missing(target)));
        }
        self.dom
            .listeners(target, "change")
            .into_iter()
            .find_map(|l| match l {
                Listener::Upload { ticket } => Some(ticket),
                _ => None,
            })
            .ok_or_else(|| {
                TestError::Page(format!(
                    "#{} is not an `upload` element: it has no N2O.ftp.bind(..) wiring",
                    self.dom.id_of(target)
                ))
            })
    }

    /// Runs a transfer: `init`, then the blocks the server asks for, until it is complete,
    /// refused, or holds `stop_at` bytes.
    async fn transfer(
        &mut self,
        file: &File<'_>,
        transfer: &str,
        stop_at: Option<u64>,
    ) -> Result<Outcome, TestError> {
        let what = format!(
            "upload #{} {:?} ({} bytes)",
            self.dom.id_of(file.target),
            cut(file.name, 60),
            file.bytes.len()
        );
        self.last_what.clone_from(&what);
        self.on_the_page(&what)?;
        let ticket = self.ticket(file.target)?;
        let size = file.bytes.len() as u64;
        let mut record = Record {
            id: transfer.as_bytes().to_vec(),
            sid: Vec::new(),
            filename: file.name.as_bytes().to_vec(),
            meta: Term::tuple([
                Term::atom("n2o"),
                Term::bin(ticket.as_str()),
                Term::bin(file.content_type),
            ]),
            size: i64::try_from(size).unwrap_or(i64::MAX),
            offset: 0,
            block: 0,
            data: Vec::new().into(),
            status: b"init".to_vec(),
            options: None,
        };
        let mut frames = Vec::new();
        loop {
            let reply = self.ftp_exchange(&what, record.clone(), &mut frames).await?;
            let offset =
                u64::try_from(reply.offset).ok().filter(|o| *o <= size).ok_or_else(|| {
                    TestError::Server(format!(
                        "{what}: the server answered offset {} for a file of {size} bytes",
                        reply.offset
                    ))
                })?;
            let refused = reply
                .meta
                .as_tuple()
                .filter(|_| reply.meta.is_tagged("error", 2))
                .map(|t| t[1].as_text().unwrap_or_default().to_owned());
            let done =
                refused.is_some() || reply.block <= 0 || stop_at.is_some_and(|stop| offset >= stop);
            if done {
                let refused = refused.or_else(|| {
                    (reply.block <= 0 && offset < size && stop_at.is_none())
                        .then(|| "refused without a reason".to_owned())
                });
                let response = self.finish(what, Response { frames })?;
                return Ok(Outcome { offset, refused, response });
            }
            // As `ftp.js`: the server's offset is where the next block starts.
            let block = u64::try_from(reply.block).unwrap_or(0);
            let end = size.min(offset.saturating_add(block));
            record.status = b"send".to_vec();
            record.offset = reply.offset;
            record.block = reply.block;
            record.data = file.bytes[offset as usize..end as usize].to_vec().into();
        }
    }

    /// Sends one record and returns the server's FTP reply to it; the other frames that
    /// came with it (the page's pushes) go to `frames`.
    async fn ftp_exchange(
        &mut self,
        what: &str,
        record: Record,
        frames: &mut Vec<super::Frame>,
    ) -> Result<Record, TestError> {
        let id = record.id.clone();
        let response = self.exchange(vec![bert_frame(&record.into_term())]).await?;
        let mut reply = None;
        for frame in response.frames {
            if reply.is_none()
                && Record::is_ftp(frame.data())
                && let Ok(r) = Record::from_term(frame.data().clone())
                && r.id == id
            {
                reply = Some(r);
                continue;
            }
            frames.push(frame);
        }
        reply.ok_or_else(|| {
            let error = frames.iter().find_map(|f| f.error()).map(str::to_owned);
            let why = error.map_or_else(|| "nothing".to_owned(), |e| format!("{{error, {e:?}}}"));
            TestError::Server(format!(
                "{what}: the server did not answer the FTP record (got {why})"
            ))
        })
    }
}

/// A transfer id as `ftp.js` makes one: a random UUID (version 4).
fn transfer_id() -> String {
    use std::hash::{BuildHasher, Hasher};
    // `RandomState` is randomly keyed: random enough for an id, without a dependency.
    let random = || std::collections::hash_map::RandomState::new().build_hasher().finish();
    let mut b = [0u8; 16];
    b[..8].copy_from_slice(&random().to_le_bytes());
    b[8..].copy_from_slice(&random().to_le_bytes());
    let h: String = b
        .iter()
        .enumerate()
        .map(|(i, byte)| match i {
            6 => (byte & 0x0f) | 0x40,
            8 => (byte & 0x3f) | 0x80,
            _ => *byte,
        })
        .map(|byte| format!("{byte:02x}"))
        .collect();
    format!("{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..])
}
