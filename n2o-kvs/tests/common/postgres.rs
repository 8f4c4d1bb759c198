//! A throwaway PostgreSQL server for tests: `initdb` in a temporary directory, `pg_ctl start`
//! on a free loopback port, stopped and removed when its last user lets go of it.
//!
//! Shared by the store's tests and the facade's (`tests/review_postgres.rs` includes this
//! file by path). Without the PostgreSQL binaries the tests say they did not run, unless
//! `N2O_REQUIRE_POSTGRES=1` (as `.ci/run` sets) makes them mandatory.

#![allow(dead_code, unreachable_pub)]

use std::net::TcpListener;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError, Weak};

/// A running server of this test process's own.
pub struct Cluster {
    /// The PostgreSQL programs: `initdb`, `pg_ctl`, `createdb`.
    bin: PathBuf,
    /// The data directory, the socket and the log; removed on drop.
    dir: tempfile::TempDir,
    port: u16,
}

/// The server the tests running now share; a new one starts when none is alive.
static SHARED: Mutex<Weak<Cluster>> = Mutex::new(Weak::new());

/// The server for `test`, started if none is running; `None` (after saying so) when
/// PostgreSQL is not installed and not required. It does not `fsync`: it is thrown away.
pub fn cluster(test: &str) -> Option<Arc<Cluster>> {
    let bin = installed(test)?;
    let mut shared = SHARED.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(c) = shared.upgrade() {
        return Some(c);
    }
    let c = Arc::new(Cluster::start(bin, false));
    *shared = Arc::downgrade(&c);
    Some(c)
}

/// A server of `bench`'s own that `fsync`s as a production one does, for benchmarks.
pub fn durable_cluster(bench: &str) -> Option<Cluster> {
    Some(Cluster::start(installed(bench)?, true))
}

/// The PostgreSQL programs, or `None` after saying that `test` did not run for want of them
/// (a failure instead when `N2O_REQUIRE_POSTGRES` is set).
fn installed(test: &str) -> Option<PathBuf> {
    let bin = binaries();
    if bin.is_none() {
        let required = std::env::var_os("N2O_REQUIRE_POSTGRES").is_some_and(|v| v != "0");
        assert!(!required, "N2O_REQUIRE_POSTGRES is set but PostgreSQL (initdb) is not installed");
        eprintln!("SKIPPED {test}: PostgreSQL not found (apt-get install postgresql)");
    }
    bin
}

/// The directory of `initdb`: the newest `/usr/lib/postgresql/*/bin` (Debian keeps them out
/// of `PATH`), else `PATH`.
fn binaries() -> Option<PathBuf> {
    let mut debian: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| Some((e.file_name().to_str()?.parse().ok()?, e.path().join("bin"))))
        .filter(|(_, bin)| bin.join("initdb").is_file())
        .collect();
    debian.sort();
    if let Some((_, bin)) = debian.pop() {
        return Some(bin);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).find(|d| d.join("initdb").is_file())
}

/// initdb and the server refuse to run as root: then they run as the `postgres` user (the
/// Debian package makes it).
fn is_root() -> bool {
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

fn run(cmd: &mut Command, what: &str) -> Output {
    let out = cmd.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

impl Cluster {
    fn start(bin: PathBuf, durable: bool) -> Cluster {
        let dir = tempfile::tempdir().unwrap();
        if is_root() {
            run(Command::new("chown").args(["-R", "postgres:postgres"]).arg(dir.path()), "chown");
        }
        let mut c = Cluster { bin, dir, port: 0 };
        let mut initdb = c.server_command("initdb");
        initdb.arg("-D").arg(c.data()).args(["-A", "trust", "-U", "postgres", "-E", "UTF8"]);
        initdb.arg("--locale=C");
        if !durable {
            // No fsync: a throwaway server, and the machine is shared with other builds.
            initdb.arg("--no-sync");
        }
        run(&mut initdb, "initdb");
        // A free port can be taken between asking and starting: try a few.
        for attempt in 1..=5 {
            c.port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
            let options = format!(
                "-p {} -k {} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync={}",
                c.port,
                c.dir.path().display(),
                if durable { "on" } else { "off" }
            );
            let mut start = c.server_command("pg_ctl");
            start.arg("-D").arg(c.data()).arg("-l").arg(c.dir.path().join("log"));
            start.args(["-w", "-t", "60", "-o", &options, "start"]);
            let out = start.output().expect("pg_ctl start");
            if out.status.success() {
                return c;
            }
            let log = std::fs::read_to_string(c.dir.path().join("log")).unwrap_or_default();
            assert!(attempt < 5, "pg_ctl start failed: {log}");
        }
        unreachable!()
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// `program` of the server's, as the `postgres` user when this process is root.
    fn server_command(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        if is_root() {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(path);
            c
        } else {
            Command::new(path)
        }
    }

    /// The server's port on 127.0.0.1.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The URL of the database `name`.
    pub fn url(&self, name: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{name}", self.port)
    }

    /// A new, empty database of its own; its URL.
    pub fn database(&self) -> String {
        static NEXT: AtomicUsize = AtomicUsize::new(1);
        let name = format!("t{}", NEXT.fetch_add(1, Ordering::Relaxed));
        let mut createdb = Command::new(self.bin.join("createdb"));
        createdb.args(["-h", "127.0.0.1", "-p", &self.port.to_string(), "-U", "postgres", &name]);
        run(&mut createdb, "createdb");
        self.url(&name)
    }

    /// The data directory, for a test that looks at it.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let mut stop = self.server_command("pg_ctl");
        stop.arg("-D").arg(self.data()).args(["-m", "immediate", "-w", "stop"]);
        let _ = stop.output();
    }
}
