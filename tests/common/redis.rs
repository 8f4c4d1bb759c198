//! A `redis-server` of a test's own, on a free loopback port, and the few commands tests
//! ask it directly (spoken in RESP over a plain socket: the tests need no Redis client).
//!
//! Without `redis-server` a test says it did not run, unless `N2O_REQUIRE_REDIS=1` (as
//! `.ci/run` sets) makes it mandatory.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A `redis-server` of this test's own.
pub struct Redis {
    child: Child,
    pub port: u16,
    dir: std::path::PathBuf,
}

impl Redis {
    pub fn start(test: &str) -> Option<Redis> {
        let Ok(bin) = which("redis-server") else {
            let required = std::env::var_os("N2O_REQUIRE_REDIS").is_some_and(|v| v != "0");
            assert!(!required, "N2O_REQUIRE_REDIS is set but redis-server is not installed");
            eprintln!("SKIPPED {test}: redis-server not found (apt-get install redis-server)");
            return None;
        };
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let dir = std::env::temp_dir().join(format!("n2o-redis-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let child = Redis::spawn(&bin, port, &dir);
        Some(Redis { child, port, dir })
    }

    fn spawn(bin: &std::path::Path, port: u16, dir: &std::path::Path) -> Child {
        let child = Command::new(bin)
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--save", ""])
            .args(["--appendonly", "no", "--dir"])
            .arg(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start redis-server");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(10), "redis-server did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
        child
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/0", self.port)
    }

    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    pub fn restart(&mut self) {
        self.stop();
        self.child = Redis::spawn(&which("redis-server").unwrap(), self.port, &self.dir);
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub fn which(bin: &str) -> Result<std::path::PathBuf, ()> {
    std::env::var_os("PATH")
        .and_then(|p| p.to_str().map(str::to_owned))
        .and_then(|p| p.split(':').map(|d| std::path::Path::new(d).join(bin)).find(|p| p.is_file()))
        .ok_or(())
}

impl Redis {
    /// How many subscribers channel `channel` has (`PUBSUB NUMSUB`); 0 while Redis is down.
    pub fn subscribers(&self, channel: &str) -> i64 {
        let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", self.port)) else { return 0 };
        s.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
        let cmd =
            format!("*3\r\n$6\r\nPUBSUB\r\n$6\r\nNUMSUB\r\n${}\r\n{channel}\r\n", channel.len());
        if s.write_all(cmd.as_bytes()).is_err() {
            return 0;
        }
        // *2 $len channel :count
        let mut lines = BufReader::new(s).lines();
        let count = lines.nth(3).and_then(Result::ok).unwrap_or_default();
        count.trim_start_matches(':').parse().unwrap_or(0)
    }

    /// Waits until `channel` has `n` subscribers.
    pub async fn wait_subscribers(&self, channel: &str, n: i64) {
        let started = Instant::now();
        while self.subscribers(channel) != n {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "{channel} has {} subscribers, not {n}",
                self.subscribers(channel)
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}
