//! The harness's processes and what they say to each other: commands to the client process
//! and its replies as JSON lines, and the server processes of the memory scenario.

use std::io::{BufRead, BufReader, Write};
use std::net::SocketAddr;
use std::process::{Child, ChildStdin, ChildStdout, Command as Process, Stdio};

use serde::{Deserialize, Serialize};

/// Which server a client talks to, and so which conversation it has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Kind {
    /// n2o: render the page for its cookie and pickle, upgrade, `N2O,`, clicks.
    N2o,
    /// The tungstenite echo: upgrade, then every frame comes back.
    Echo,
}

/// A WebSocket server to drive.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Target {
    pub(crate) kind: Kind,
    pub(crate) addr: SocketAddr,
    /// The page's path (`/`, `/room`); the socket is at `/ws` + path on n2o.
    pub(crate) path: String,
}

/// What the orchestrator asks of the client process.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) enum Command {
    /// Connect, upgrade, init and drop, `concurrency` at a time, for `ms`.
    Connect { target: Target, concurrency: usize, ms: u64 },
    /// Open `count` initialised sockets kept as `group`, for `Click`.
    Open { group: String, target: Target, count: usize },
    /// Every socket of `group` clicks (n2o) or echoes (baseline) for `ms`: in a closed loop,
    /// or once every `every_ms` (staggered) when it is set.
    Click { group: String, ms: u64, every_ms: Option<u64> },
    /// Closes the sockets of `group`.
    Close { group: String },
    /// GETs `path` over `connections` keep-alive connections for `ms`.
    Http { addr: SocketAddr, path: String, connections: usize, ms: u64 },
    /// Opens `count` initialised sockets that stay idle (each with a reader counting frames).
    Hold { target: Target, count: usize },
    /// A separate socket clicks the room page's button `flushes` times; each time, how long
    /// until every held socket received the flush.
    Broadcast { flushes: usize },
    /// Closes the held sockets.
    Release,
    /// Starts the soak's mixed traffic against the n2o server at `addr` (in the background:
    /// `Status` reads its counters, `Stop` ends it).
    Soak { addr: SocketAddr },
    /// Starts one attack (`a`, `b`, `c`, `d`: see the attack scenario) against `addr`, in the
    /// background.
    Attack { name: String, addr: SocketAddr },
    /// The counters of the job in the background.
    Status,
    /// Ends the job in the background; its last counters.
    Stop,
}

/// What the client process answers, one per command.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) enum Reply {
    Done,
    /// `count` operations in `secs`; `bytes` of response bodies (renders).
    Rate {
        count: u64,
        secs: f64,
        bytes: u64,
        errors: u64,
    },
    /// Round trips: how many, in how long, and their p50 and p99 in microseconds.
    Latency {
        count: u64,
        secs: f64,
        p50_us: f64,
        p99_us: f64,
    },
    /// Milliseconds from each click until the last member had the flush.
    Flushes {
        ms: Vec<f64>,
    },
    /// A background job's counters (`done` is 1 once an attack has done what it does).
    Status {
        counters: std::collections::BTreeMap<String, i64>,
    },
    Error(String),
}

/// The client process: this same executable with `--client`.
pub(crate) struct ClientProcess {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl ClientProcess {
    pub(crate) fn spawn() -> Result<ClientProcess, String> {
        let (child, stdin, stdout) = spawn_self(&["--client"], Stdio::inherit())?;
        Ok(ClientProcess { child, stdin, stdout })
    }

    /// Sends `command`, waits for its reply; a failed command is an `Err` with the reason.
    pub(crate) fn ask(&mut self, command: &Command) -> Result<Reply, String> {
        let line = serde_json::to_string(command).map_err(|e| format!("encode command: {e}"))?;
        writeln!(self.stdin, "{line}").map_err(|e| format!("write to the client process: {e}"))?;
        self.stdin.flush().map_err(|e| format!("write to the client process: {e}"))?;
        let mut answer = String::new();
        let n = self
            .stdout
            .read_line(&mut answer)
            .map_err(|e| format!("read from the client process: {e}"))?;
        if n == 0 {
            return Err(format!("the client process exited during {command:?}"));
        }
        match serde_json::from_str(&answer) {
            Ok(Reply::Error(e)) => Err(e),
            Ok(reply) => Ok(reply),
            Err(e) => Err(format!("bad reply from the client process ({e}): {answer}")),
        }
    }
}

impl Drop for ClientProcess {
    fn drop(&mut self) {
        // Its sockets are all it holds, and the kernel closes them: no clean exit is needed,
        // and a client stuck in a command must not keep the harness waiting.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A server of the memory scenario in a process of its own (`--server n2o|echo`), so its
/// RSS holds nothing but that server.
pub(crate) struct ServerProcess {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    pub(crate) addr: SocketAddr,
}

impl ServerProcess {
    pub(crate) fn spawn(kind: Kind) -> Result<ServerProcess, String> {
        let which = match kind {
            Kind::N2o => "n2o",
            Kind::Echo => "echo",
        };
        ServerProcess::start(which, None)
    }

    /// `--server which`, its log (stderr) into `log` when given.
    pub(crate) fn start(
        which: &str,
        log: Option<&std::path::Path>,
    ) -> Result<ServerProcess, String> {
        let stderr = match log {
            Some(path) => Stdio::from(
                std::fs::File::create(path)
                    .map_err(|e| format!("create {}: {e}", path.display()))?,
            ),
            None => Stdio::inherit(),
        };
        let (child, stdin, mut stdout) = spawn_self(&["--server", which], stderr)?;
        let mut line = String::new();
        stdout.read_line(&mut line).map_err(|e| format!("read from the {which} server: {e}"))?;
        let addr =
            line.trim().strip_prefix("addr ").and_then(|a| a.parse().ok()).ok_or_else(|| {
                format!("the {which} server said {line:?} instead of its address")
            })?;
        Ok(ServerProcess { child, stdin, stdout, addr })
    }

    /// The server process's resident set, in bytes.
    pub(crate) fn rss(&mut self) -> Result<u64, String> {
        writeln!(self.stdin, "rss").map_err(|e| format!("write to a server process: {e}"))?;
        self.stdin.flush().map_err(|e| format!("write to a server process: {e}"))?;
        let mut line = String::new();
        self.stdout.read_line(&mut line).map_err(|e| format!("read from a server process: {e}"))?;
        line.trim()
            .strip_prefix("rss ")
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| format!("a server process said {line:?} instead of its RSS"))
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn spawn_self(
    args: &[&str],
    stderr: Stdio,
) -> Result<(Child, ChildStdin, BufReader<ChildStdout>), String> {
    let exe = std::env::current_exe().map_err(|e| format!("where is this executable: {e}"))?;
    let mut child = Process::new(exe)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .map_err(|e| format!("start {args:?}: {e}"))?;
    let stdin = child.stdin.take().ok_or("no stdin pipe")?;
    let stdout = BufReader::new(child.stdout.take().ok_or("no stdout pipe")?);
    Ok((child, stdin, stdout))
}

/// This process's resident set in bytes, from `/proc/self/statm` (resident pages × 4 KiB,
/// the page size of Linux on x86_64).
pub(crate) fn own_rss() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1).and_then(|p| p.parse::<u64>().ok()))
        .map_or(0, |pages| pages * 4096)
}

/// The `--server` role: serve, print `addr <addr>`, answer `rss` until stdin closes.
pub(crate) fn serve(which: &str) -> Result<(), String> {
    let rt = crate::runtime("server")?;
    let addr = rt.block_on(async {
        match which {
            "n2o" => crate::app::start()
                .await
                .map(|s| {
                    let addr = s.local_addr();
                    // Serves for as long as the process lives.
                    std::mem::forget(s);
                    addr
                })
                .map_err(|e| e.to_string()),
            // The soak's and the attacks' server: every limit at its default.
            "n2o-default" => crate::app::start_default()
                .await
                .map(|s| {
                    let addr = s.local_addr();
                    std::mem::forget(s);
                    addr
                })
                .map_err(|e| e.to_string()),
            "echo" => crate::baseline::start_echo().await.map_err(|e| e.to_string()),
            other => Err(format!("unknown server {other:?}")),
        }
    })?;
    println!("addr {addr}");
    let stdin = std::io::stdin();
    for line in stdin.lock().lines() {
        match line.map_err(|e| format!("read stdin: {e}"))?.trim() {
            "rss" => println!("rss {}", own_rss()),
            _ => break,
        }
    }
    Ok(())
}
