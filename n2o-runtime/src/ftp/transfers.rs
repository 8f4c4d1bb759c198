//! The unfinished transfers of a server, by session and client id: their limits, their blocks, their expiry.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Instant, SystemTime};

use sha2::Digest;

use super::files::{Files, Work, hex};
use super::{StoredFile, Ticket, Upload, UploadError};
use crate::config::Uploads;

/// A transfer is its session's and its client id's: another session's `init` with the
/// same id is another transfer.
type Key = (String, Vec<u8>);

/// Every unfinished transfer of one server.
#[derive(Debug)]
pub(crate) struct Transfers {
    pub(crate) limits: Uploads,
    pub(crate) files: Files,
    state: Mutex<State>,
    /// What `touched` counts from.
    epoch: Instant,
}

#[derive(Debug, Default)]
struct State {
    transfers: HashMap<Key, Arc<Entry>>,
    per_session: HashMap<String, usize>,
    /// The sizes the unfinished transfers declared, together.
    pending_bytes: u64,
    /// Transfers stored lately, with their size and when: a client whose socket dropped
    /// before the last answer came sends `init` again, and is told the file is complete.
    finished: HashMap<Key, (u64, u64)>,
}

#[derive(Debug)]
struct Entry {
    key: Key,
    size: u64,
    /// Milliseconds since `epoch` of the last `init` or block.
    touched: AtomicU64,
    transfer: tokio::sync::Mutex<Transfer>,
}

#[derive(Debug)]
struct Transfer {
    upload: Upload,
    offset: u64,
    partial: PathBuf,
    /// The open file and its hash, or the write in progress that gives them back.
    writer: Writer,
    /// Removed from the registry (stored, cancelled, expired): a block that raced it is
    /// refused.
    gone: bool,
}

/// A transfer's file: idle between blocks, or a block being written on the blocking pool.
#[derive(Debug)]
enum Writer {
    Idle(Work),
    /// Kept here while awaited: a connection dropped mid-wait leaves it for the next block.
    Busy(tokio::task::JoinHandle<std::io::Result<Work>>),
    /// A write failed, or the transfer ended.
    Failed,
}

impl Writer {
    /// The file once the write in progress (if any) is done.
    async fn settle(&mut self) -> Result<Work, String> {
        if let Writer::Busy(handle) = self {
            let done = handle.await;
            *self = match done {
                Ok(Ok(work)) => Writer::Idle(work),
                Ok(Err(e)) => return fail(self, format!("write: {e}")),
                Err(e) => return fail(self, format!("write task: {e}")),
            };
        }
        match std::mem::replace(self, Writer::Failed) {
            Writer::Idle(work) => Ok(work),
            _ => Err("the file was lost to an earlier failure".into()),
        }
    }
}

fn fail(writer: &mut Writer, why: String) -> Result<Work, String> {
    *writer = Writer::Failed;
    Err(why)
}

/// A declared transfer, as `init` brings it.
pub(crate) struct Offer {
    pub(crate) session: String,
    pub(crate) id: Vec<u8>,
    pub(crate) name: String,
    pub(crate) size: u64,
    pub(crate) content_type: String,
    pub(crate) ticket: Ticket,
}

/// What a frame did.
#[derive(Debug)]
pub(crate) enum Step {
    /// Go on: the server holds `offset` bytes and wants a block of `block` next.
    Next { offset: u64, block: u64, started: Option<Upload> },
    /// The file was stored before (its last answer was lost): nothing more to send.
    Done { size: u64 },
    /// The file is complete and stored.
    Stored { upload: Upload, started: Option<Upload>, file: Box<StoredFile> },
}

/// A refused frame: why, and the offset the server holds (0 when it holds nothing).
#[derive(Debug)]
pub(crate) struct Refused {
    pub(crate) why: UploadError,
    pub(crate) offset: u64,
    /// The transfer it ended, when it ended one (the page hears of it).
    pub(crate) ended: Option<Upload>,
}

fn refused(why: UploadError) -> Refused {
    Refused { why, offset: 0, ended: None }
}

impl Transfers {
    pub(crate) fn new(limits: Uploads, files: Files) -> Transfers {
        Transfers { limits, files, state: Mutex::new(State::default()), epoch: Instant::now() }
    }

    fn now_ms(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    fn block(&self) -> u64 {
        u64::from(self.limits.block.max(1))
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// `init`: a new transfer, or the one this session already has under this id (resume).
    pub(crate) async fn init(&self, offer: Offer) -> Result<Step, Refused> {
        self.expire();
        let limit = offer
            .ticket
            .max_bytes
            .map_or(self.limits.max_file_bytes, |m| m.min(self.limits.max_file_bytes));
        if offer.size > limit {
            return Err(refused(UploadError::TooLarge { size: offer.size, limit }));
        }
        if !offer.ticket.accepts(&offer.name, &offer.content_type) {
            return Err(refused(UploadError::NotAccepted { accept: offer.ticket.accept }));
        }
        let key = (offer.session.clone(), offer.id.clone());
        let existing = self.state().transfers.get(&key).cloned();
        if let Some(entry) = existing {
            let mut t = entry.transfer.lock().await;
            if !t.gone {
                if entry.size != offer.size || t.upload.input != offer.ticket.input {
                    let offset = t.offset;
                    return Err(Refused {
                        why: UploadError::BadBlock(
                            "another file under this transfer id: give it a new id".into(),
                        ),
                        offset,
                        ended: None,
                    });
                }
                entry.touched.store(self.now_ms(), Ordering::Relaxed);
                t.upload.offset = t.offset;
                return Ok(Step::Next {
                    offset: t.offset,
                    block: self.block(),
                    started: Some(t.upload.clone()),
                });
            }
        }
        let done = self.state().finished.get(&key).copied();
        if let Some((size, _)) = done.filter(|(size, _)| *size == offer.size) {
            return Ok(Step::Done { size });
        }
        let upload = Upload {
            input: offer.ticket.input.clone(),
            transfer: String::from_utf8_lossy(&offer.id).into_owned(),
            name: offer.name,
            size: offer.size,
            content_type: offer.content_type,
            offset: 0,
        };
        {
            let mut state = self.state();
            let mine = state.per_session.get(&offer.session).copied().unwrap_or(0);
            if mine >= self.limits.max_transfers_per_session {
                return Err(refused(UploadError::TooManyTransfers(
                    self.limits.max_transfers_per_session,
                )));
            }
            if state.transfers.len() >= self.limits.max_transfers
                || state.pending_bytes.saturating_add(offer.size) > self.limits.max_pending_bytes
            {
                return Err(refused(UploadError::Busy));
            }
            // Reserved now, before the file exists: two `init`s at once cannot both pass.
            state.pending_bytes += offer.size;
            *state.per_session.entry(offer.session.clone()).or_default() += 1;
        }
        let files = self.files.clone();
        let made = tokio::task::spawn_blocking(move || files.create_partial()).await;
        let (partial, file) = match made {
            Ok(Ok(made)) => made,
            failed => {
                tracing::error!(error = ?failed.err(), "cannot create a partial upload file");
                self.release(&key, offer.size);
                return Err(refused(UploadError::Storage));
            }
        };
        let transfer = Transfer {
            upload: upload.clone(),
            offset: 0,
            partial,
            writer: Writer::Idle(Work { file, hash: sha2::Sha256::new(), unsynced: 0 }),
            gone: false,
        };
        let entry = Arc::new(Entry {
            key: key.clone(),
            size: offer.size,
            touched: AtomicU64::new(self.now_ms()),
            transfer: tokio::sync::Mutex::new(transfer),
        });
        self.state().transfers.insert(key, entry.clone());
        if offer.size == 0 {
            let mut t = entry.transfer.lock().await;
            return self.finish(&entry, &mut t, Some(upload)).await;
        }
        Ok(Step::Next { offset: 0, block: self.block(), started: Some(upload) })
    }

    /// `send`: the block at `offset`. `block` is the record's Block field: never over the
    /// agreed size. The data must be exactly the rest of the agreed block.
    pub(crate) async fn send(
        &self,
        session: &str,
        id: &[u8],
        offset: i64,
        block: i64,
        data: bytes::Bytes,
    ) -> Result<Step, Refused> {
        let key = (session.to_owned(), id.to_vec());
        let Some(entry) = self.state().transfers.get(&key).cloned() else {
            return Err(refused(UploadError::UnknownTransfer));
        };
        let mut t = entry.transfer.lock().await;
        if t.gone {
            return Err(refused(UploadError::UnknownTransfer));
        }
        let held = t.offset;
        let bad =
            |why: String| Refused { why: UploadError::BadBlock(why), offset: held, ended: None };
        let agreed = self.block();
        if u64::try_from(offset).ok() != Some(held) {
            return Err(bad(format!("offset {offset}, the server holds {held}")));
        }
        if u64::try_from(block).map_or(true, |b| b > agreed) {
            return Err(bad(format!("block {block}, the agreed block is {agreed}")));
        }
        let want = agreed.min(entry.size - held);
        if data.len() as u64 != want {
            return Err(bad(format!(
                "{} bytes of data, the block at {held} is {want}",
                data.len()
            )));
        }
        // The block before this one may still be on its way to the disk: its answer went
        // out when it was taken, so the client's next block crossed the network meanwhile.
        let work = match t.writer.settle().await {
            Ok(work) => work,
            Err(e) => return Err(self.fail(&entry, &mut t, &e)),
        };
        t.writer = Writer::Busy(tokio::task::spawn_blocking(move || work.append(&data)));
        t.offset = held + want;
        entry.touched.store(self.now_ms(), Ordering::Relaxed);
        if t.offset == entry.size {
            return self.finish(&entry, &mut t, None).await;
        }
        Ok(Step::Next { offset: t.offset, block: agreed, started: None })
    }

    /// `stop`: the client cancels; the partial file goes.
    pub(crate) async fn cancel(&self, session: &str, id: &[u8]) -> Result<Upload, Refused> {
        let key = (session.to_owned(), id.to_vec());
        let Some(entry) = self.state().transfers.get(&key).cloned() else {
            return Err(refused(UploadError::UnknownTransfer));
        };
        let mut t = entry.transfer.lock().await;
        if t.gone {
            return Err(refused(UploadError::UnknownTransfer));
        }
        self.drop_transfer(&entry, &mut t);
        Ok(t.upload.clone())
    }

    /// The complete file: stored, and the transfer gone.
    async fn finish(
        &self,
        entry: &Entry,
        t: &mut Transfer,
        started: Option<Upload>,
    ) -> Result<Step, Refused> {
        let work = match t.writer.settle().await {
            Ok(work) => work,
            Err(e) => return Err(self.fail(entry, t, &e)),
        };
        let meta = StoredFile {
            id: String::new(),
            input: t.upload.input.clone(),
            name: t.upload.name.clone(),
            size: entry.size,
            content_type: t.upload.content_type.clone(),
            sha256: hex(&work.hash.finalize()),
            path: PathBuf::new(),
            stored_at: SystemTime::now(),
        };
        // The transfer ends here, whatever happens next: if this task is dropped during the
        // final sync (the socket closed), the file is still stored, and the client's next
        // `init` starts a new transfer instead of finding a half-ended one.
        t.gone = true;
        t.writer = Writer::Failed;
        self.release(&entry.key, entry.size);
        let files = self.files.clone();
        let partial = t.partial.clone();
        let stored =
            tokio::task::spawn_blocking(move || files.store(&partial, work.file, meta)).await;
        match stored {
            Ok(Ok(file)) => {
                self.remember_finished(&entry.key, entry.size);
                let mut upload = t.upload.clone();
                upload.offset = entry.size;
                Ok(Step::Stored { upload, started, file: Box::new(file) })
            }
            failed => {
                tracing::error!(error = ?failed, partial = %t.partial.display(),
                    "storing an upload failed");
                let _ = std::fs::remove_file(&t.partial);
                Err(Refused { why: UploadError::Storage, offset: 0, ended: Some(t.upload.clone()) })
            }
        }
    }

    /// A storage failure: logged, the transfer and its file gone.
    fn fail(&self, entry: &Entry, t: &mut Transfer, error: &str) -> Refused {
        tracing::error!(error, partial = %t.partial.display(), "upload storage failed");
        self.drop_transfer(entry, t);
        Refused { why: UploadError::Storage, offset: 0, ended: Some(t.upload.clone()) }
    }

    fn drop_transfer(&self, entry: &Entry, t: &mut Transfer) {
        t.gone = true;
        t.writer = Writer::Failed;
        let _ = std::fs::remove_file(&t.partial);
        self.release(&entry.key, entry.size);
    }

    /// Notes a stored transfer for [`Step::Done`]; at most `4 × max_transfers` are kept,
    /// each for `partial_ttl`.
    fn remember_finished(&self, key: &Key, size: u64) {
        let now = self.now_ms();
        let ttl = u64::try_from(self.limits.partial_ttl.as_millis()).unwrap_or(u64::MAX);
        let cap = self.limits.max_transfers.saturating_mul(4).max(1);
        let mut state = self.state();
        if state.finished.len() >= cap {
            state.finished.retain(|_, (_, at)| now.saturating_sub(*at) < ttl);
        }
        if state.finished.len() >= cap
            && let Some(oldest) =
                state.finished.iter().min_by_key(|(_, (_, at))| *at).map(|(k, _)| k.clone())
        {
            state.finished.remove(&oldest);
        }
        state.finished.insert(key.clone(), (size, now));
    }

    fn release(&self, key: &Key, size: u64) {
        let mut state = self.state();
        // Absent when its file could not be made: then only the reservation goes.
        state.transfers.remove(key);
        state.pending_bytes = state.pending_bytes.saturating_sub(size);
        if let Some(n) = state.per_session.get_mut(&key.0) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                state.per_session.remove(&key.0);
            }
        }
    }

    /// Deletes the transfers without a block for `partial_ttl`; how many went. Runs at
    /// every `init` and from the server's sweeper; a transfer busy with a block is skipped.
    pub(crate) fn expire(&self) -> usize {
        let ttl = u64::try_from(self.limits.partial_ttl.as_millis()).unwrap_or(u64::MAX);
        let now = self.now_ms();
        self.state().finished.retain(|_, (_, at)| now.saturating_sub(*at) < ttl);
        let stale: Vec<Arc<Entry>> = self
            .state()
            .transfers
            .values()
            .filter(|e| now.saturating_sub(e.touched.load(Ordering::Relaxed)) >= ttl)
            .cloned()
            .collect();
        let mut gone = 0;
        for entry in stale {
            if let Ok(mut t) = entry.transfer.try_lock()
                && !t.gone
            {
                tracing::info!(transfer = %t.upload.transfer, name = %t.upload.name,
                    offset = t.offset, size = entry.size,
                    "unfinished upload expired (Uploads::partial_ttl)");
                self.drop_transfer(&entry, &mut t);
                gone += 1;
            }
        }
        gone
    }
}
