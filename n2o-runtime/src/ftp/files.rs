//! The upload directory on disk: partial files while they arrive, stored files (and their metadata) once complete.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::StoredFile;

/// The files of an upload directory ([`Uploads::dir`](crate::config::Uploads::dir)):
/// `partial/<random>.part` while a transfer is unfinished, `files/<id>` and
/// `files/<id>.json` (its [`StoredFile`]) once stored. Names are the server's, never the
/// client's.
///
/// ```
/// use n2o_runtime::ftp::Files;
///
/// let dir = std::env::temp_dir().join(format!("n2o-files-doc-{}", std::process::id()));
/// let files = Files::open(&dir).unwrap();
/// assert!(files.get("not-an-id").unwrap().is_none());
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
#[derive(Debug, Clone)]
pub struct Files {
    dir: PathBuf,
}

impl Files {
    /// The upload directory at `dir`, made if missing.
    ///
    /// # Errors
    /// When the directories cannot be made.
    pub fn open(dir: impl Into<PathBuf>) -> io::Result<Files> {
        let files = Files { dir: dir.into() };
        fs::create_dir_all(files.partial_dir())?;
        fs::create_dir_all(files.stored_dir())?;
        Ok(files)
    }

    /// The directory itself.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn partial_dir(&self) -> PathBuf {
        self.dir.join("partial")
    }

    fn stored_dir(&self) -> PathBuf {
        self.dir.join("files")
    }

    /// The upload directory at `dir`, not touched until it is used.
    pub(crate) fn at(dir: impl Into<PathBuf>) -> Files {
        Files { dir: dir.into() }
    }

    /// Deletes partial files not written for `ttl`: ones of transfers that expired, and
    /// ones a stopped server left (transfers live in its memory: nobody can resume them).
    /// By modification time, so servers sharing the directory keep each other's live ones.
    /// Returns how many went.
    pub(crate) fn sweep_partials(&self, ttl: std::time::Duration) -> usize {
        let Ok(entries) = fs::read_dir(self.partial_dir()) else { return 0 };
        entries
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "part"))
            .filter(|e| {
                e.metadata()
                    .and_then(|m| m.modified())
                    .is_ok_and(|t| t.elapsed().is_ok_and(|age| age >= ttl))
            })
            .filter(|e| fs::remove_file(e.path()).is_ok())
            .count()
    }

    /// A new, empty partial file.
    pub(crate) fn create_partial(&self) -> io::Result<(PathBuf, fs::File)> {
        fs::create_dir_all(self.partial_dir())?;
        let path = self.partial_dir().join(format!("{}.part", random_id()));
        let file = fs::OpenOptions::new().write(true).create_new(true).open(&path)?;
        Ok((path, file))
    }

    /// A stored file's metadata, by the id the server gave it; `None` for an id that is not
    /// one (anything but 32 lower-case hex digits) or not stored.
    ///
    /// # Errors
    /// When the metadata exists but cannot be read.
    pub fn get(&self, id: &str) -> io::Result<Option<StoredFile>> {
        if !is_id(id) {
            return Ok(None);
        }
        let meta = match fs::read(self.stored_dir().join(format!("{id}.json"))) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        let mut file: StoredFile = serde_json::from_slice(&meta).map_err(io::Error::other)?;
        // The path is where the file is now, wherever the directory moved.
        file.path = self.stored_dir().join(id);
        Ok(Some(file))
    }

    /// Deletes a stored file and its metadata; whether it was there.
    ///
    /// # Errors
    /// When a file exists but cannot be deleted.
    pub fn remove(&self, id: &str) -> io::Result<bool> {
        if !is_id(id) {
            return Ok(false);
        }
        let gone = match fs::remove_file(self.stored_dir().join(format!("{id}.json"))) {
            Ok(()) => true,
            Err(e) if e.kind() == io::ErrorKind::NotFound => false,
            Err(e) => return Err(e),
        };
        match fs::remove_file(self.stored_dir().join(id)) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(gone),
            Err(e) => Err(e),
        }
    }

    /// Makes a complete partial file a stored one: its bytes and its metadata fsynced, then
    /// renamed into `files/` (the metadata last, so a file without metadata is never seen).
    pub(crate) fn store(
        &self,
        partial: &Path,
        file: fs::File,
        mut meta: StoredFile,
    ) -> io::Result<StoredFile> {
        file.sync_all()?;
        drop(file);
        fs::create_dir_all(self.stored_dir())?;
        let id = random_id();
        let path = self.stored_dir().join(&id);
        fs::rename(partial, &path)?;
        meta.id = id.clone();
        meta.path = path;
        let json = serde_json::to_vec_pretty(&meta).map_err(io::Error::other)?;
        let tmp = self.stored_dir().join(format!("{id}.json.tmp"));
        let mut out = fs::File::create(&tmp)?;
        out.write_all(&json)?;
        out.sync_all()?;
        fs::rename(&tmp, self.stored_dir().join(format!("{id}.json")))?;
        // The renames are durable once the directory is.
        fs::File::open(self.stored_dir())?.sync_all()?;
        Ok(meta)
    }
}

/// A transfer's open partial file and the hash of what it holds.
#[derive(Debug)]
pub(crate) struct Work {
    pub(crate) file: fs::File,
    pub(crate) hash: Sha256,
    /// Bytes written since the last `fdatasync`.
    pub(crate) unsynced: u64,
}

/// How much a partial file takes before it is synced: the sync at the end then has little
/// left to write, instead of stalling the last answer on a whole file's writeback.
const SYNC_EVERY: u64 = 16 << 20;

impl Work {
    /// Appends a block and hashes it; syncs every [`SYNC_EVERY`] bytes. Runs on the
    /// blocking pool.
    pub(crate) fn append(mut self, data: &[u8]) -> io::Result<Work> {
        self.file.write_all(data)?;
        self.hash.update(data);
        self.unsynced += data.len() as u64;
        if self.unsynced >= SYNC_EVERY {
            self.file.sync_data()?;
            self.unsynced = 0;
        }
        Ok(self)
    }
}

/// 32 random lower-case hex digits: a stored file's id, a partial file's name.
fn random_id() -> String {
    let bytes: [u8; 16] = rand::random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn is_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Lower-case hex of a digest.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
