//! Development mode's state kept across restarts: where it lives, and its pickle key.
//!
//! A server without `N2O_SECRET` is in dev mode. Under `cargo run`, its executable lives in
//! cargo's target directory; `App::serve` keeps a key and the sessions in `n2o-dev/` there
//! ([`Config::dev_dir`](crate::Config::dev_dir)), so a rebuild and restart neither signs
//! anyone out nor breaks the postbacks of open tabs. A server with a secret never reads or
//! writes it.

use std::io::Write;
use std::path::{Path, PathBuf};

/// `n2o-dev/` in the cargo target directory the running executable was built in (the
/// nearest ancestor holding cargo's `CACHEDIR.TAG`), or `None` for an installed binary.
pub(crate) fn find_dir() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let target = exe.ancestors().skip(1).find(|dir| dir.join("CACHEDIR.TAG").is_file())?;
    Some(target.join("n2o-dev"))
}

/// The dev key kept in `dir` (made on first use, readable by its owner only).
pub(crate) fn secret(dir: &Path) -> std::io::Result<String> {
    let path = dir.join("secret");
    match std::fs::read_to_string(&path) {
        Ok(text) if text.trim().len() >= 32 => return Ok(text.trim().to_owned()),
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    std::fs::create_dir_all(dir)?;
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(std::io::Error::other)?;
    let text: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let mut file = crate::session::dev_file::owner_only(&path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_made_once_and_kept() {
        let dir = std::env::temp_dir().join(format!("n2o-dev-secret-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let first = secret(&dir).unwrap();
        assert_eq!(first.len(), 64);
        assert_eq!(secret(&dir).unwrap(), first);
        std::fs::write(dir.join("secret"), "short").unwrap();
        assert_ne!(secret(&dir).unwrap(), first, "a damaged key is made anew");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn tests_run_from_a_target_directory() {
        // This test's own executable was built by cargo.
        let dir = find_dir().expect("a target directory");
        assert!(dir.ends_with("n2o-dev"), "{}", dir.display());
    }
}
