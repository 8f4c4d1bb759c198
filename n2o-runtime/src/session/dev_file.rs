//! Dev mode's sessions kept in a file across restarts, so a rebuild does not sign you out.
//!
//! Only a server without `N2O_SECRET` that found a dev directory uses it (see
//! `Config::dev_dir`): the file holds live session ids, which are bearer secrets, so it is
//! written with owner-only permissions and never in production.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use tracing::{debug, warn};

use super::MemoryStore;
use super::memory::Saved;

/// How often the saver looks for changes.
const EVERY: Duration = Duration::from_millis(500);

/// The file's name in the dev directory.
pub(crate) const FILE: &str = "sessions.json";

/// Loads the sessions saved in `dir` into `store`, then saves them there whenever they
/// change, until the store is dropped.
pub(crate) fn keep(store: &Arc<MemoryStore>, dir: &Path) {
    if let Err(e) = std::fs::create_dir_all(dir) {
        warn!(dir = %dir.display(), error = %e, "dev mode: cannot keep sessions here");
        return;
    }
    let path = dir.join(FILE);
    match std::fs::read(&path) {
        Ok(bytes) => match serde_json::from_slice::<Vec<Saved>>(&bytes) {
            Ok(saved) => {
                let n = store.restore(saved);
                debug!(sessions = n, file = %path.display(), "dev mode: sessions restored");
            }
            Err(e) => {
                warn!(file = %path.display(), error = %e, "dev mode: sessions file unreadable; starting empty")
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => {
            warn!(file = %path.display(), error = %e, "dev mode: cannot read the sessions file")
        }
    }
    let weak = Arc::downgrade(store);
    tokio::spawn(async move {
        let mut saved_version = None;
        loop {
            tokio::time::sleep(EVERY).await;
            let Some(store) = weak.upgrade() else { break };
            if saved_version == Some(store.version()) {
                continue;
            }
            let (version, sessions) = store.snapshot();
            drop(store);
            let path = path.clone();
            // The file is small, but a write is still blocking I/O.
            let written = tokio::task::spawn_blocking(move || save(&path, &sessions)).await;
            match written {
                Ok(Ok(())) => saved_version = Some(version),
                Ok(Err(e)) => warn!(error = %e, "dev mode: cannot save the sessions"),
                Err(_) => break,
            }
        }
    });
}

/// Writes the file whole, under another name first, so a kill mid-write leaves the last one.
fn save(path: &Path, sessions: &[Saved]) -> std::io::Result<()> {
    let tmp: PathBuf = path.with_extension("json.tmp");
    {
        let mut file = owner_only(&tmp)?;
        file.write_all(&serde_json::to_vec(sessions)?)?;
        file.sync_all()?;
    }
    std::fs::rename(&tmp, path)
}

/// A new file only its owner can read.
pub(crate) fn owner_only(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{MemoryConfig, SessionStore};

    #[tokio::test]
    async fn sessions_come_back_after_a_restart() {
        let dir = std::env::temp_dir().join(format!("n2o-dev-file-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let _ = std::fs::remove_file(dir.join(FILE));
        let first = Arc::new(MemoryStore::new(MemoryConfig::default()));
        keep(&first, &dir);
        let id = first.create().await.unwrap();
        first.put(&id, "user", "ann".into()).await.unwrap();
        let fresh = first.create().await.unwrap();
        // Saved within a beat.
        let path = dir.join(FILE);
        for _ in 0..40 {
            tokio::time::sleep(Duration::from_millis(100)).await;
            if std::fs::read_to_string(&path).is_ok_and(|t| t.contains("ann")) {
                break;
            }
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "{mode:o}");
        }
        drop(first);
        let second = Arc::new(MemoryStore::new(MemoryConfig::default()));
        keep(&second, &dir);
        assert_eq!(second.get(&id, "user").await.unwrap(), Some("ann".into()));
        assert!(second.touch(&fresh).await.unwrap());
        // A broken file is an empty start, not a failure.
        std::fs::write(&path, b"{not json").unwrap();
        let third = Arc::new(MemoryStore::new(MemoryConfig::default()));
        keep(&third, &dir);
        assert!(third.is_empty());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
