//! An example of this package running as a process of its own (a node of a cluster), and
//! what it logged: its URL is read from the log (`N2O_PORT=0`).

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The secret every node of the tests' clusters shares.
pub const SECRET: &str = "one secret shared by every node of the cluster";

/// Example `name`'s binary, built by cargo next to the running test's.
pub fn example_binary(name: &str) -> std::path::PathBuf {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--quiet", "--example", name])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .expect("run cargo");
    assert!(status.success(), "cargo build --example {name}");
    let exe = std::env::current_exe().unwrap();
    exe.parent().unwrap().parent().unwrap().join("examples").join(name)
}

/// An example running as a process of its own, and what it logged.
pub struct Process {
    child: Child,
    pub addr: SocketAddr,
    pub log: Arc<Mutex<Vec<String>>>,
}

impl Process {
    /// Starts `bin` on a free loopback port, in the cluster on `redis`.
    pub fn start(bin: &std::path::Path, redis: &str) -> Process {
        let mut child = Command::new(bin)
            .env("N2O_PORT", "0")
            .env("N2O_ADDR", "127.0.0.1")
            .env("N2O_REDIS", redis)
            .env("N2O_SECRET", SECRET)
            .env("N2O_LOG", "info")
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start the example");
        let log = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        let lines = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(url) = line.split("n2o serving http://").nth(1) {
                    let _ = tx.send(url.trim_end_matches('/').to_owned());
                }
                lines.lock().unwrap().push(line);
            }
        });
        let addr = rx
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_else(|_| panic!("no URL logged: {:?}", log.lock().unwrap()));
        Process { child, addr: addr.parse().unwrap(), log }
    }

    /// How many lines it logged with `text` in them.
    pub fn lines_with(&self, text: &str) -> usize {
        self.log.lock().unwrap().iter().filter(|l| l.contains(text)).count()
    }

    /// SIGKILL: the node dies without a word.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        self.kill();
    }
}
