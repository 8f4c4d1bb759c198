//! Bytes a socket has read that are not yet a whole message: bounded for the whole server, timed per frame.
//!
//! tungstenite keeps a frame in progress in memory until its last byte arrives. Without a
//! bound, a few thousand sockets each sending most of a 1 MiB frame and then holding cost
//! gigabytes for as long as they hold. So every socket's reads are counted here:
//!
//! * the bytes read since the socket's last complete message are drawn from one
//!   [`Budget`] per server; a read that would overdraw it fails, and that socket closes
//!   (the others, and their frames, go on);
//! * a frame in progress that has grown past [`BIG`] bytes must complete within the
//!   configured time, or the socket closes (`Meter::big` tells the connection when to
//!   start that clock).

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll, ready};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::Notify;

/// A frame in progress larger than this gets a deadline. Smaller ones cost at most this
/// much each, until the idle timeout.
pub(crate) const BIG: usize = 64 * 1024;

/// The unfinished bytes all sockets of one server may hold together.
#[derive(Debug)]
pub(crate) struct Budget {
    used: AtomicUsize,
    max: usize,
}

impl Budget {
    pub(crate) fn new(max: usize) -> Arc<Budget> {
        Arc::new(Budget { used: AtomicUsize::new(0), max })
    }

    /// Bytes held now, all sockets together.
    #[cfg(test)]
    pub(crate) fn used(&self) -> usize {
        self.used.load(Ordering::Acquire)
    }

    fn take(&self, n: usize) -> bool {
        let mut used = self.used.load(Ordering::Relaxed);
        loop {
            let Some(next) = used.checked_add(n).filter(|&next| next <= self.max) else {
                return false;
            };
            match self.used.compare_exchange_weak(used, next, Ordering::AcqRel, Ordering::Relaxed) {
                Ok(_) => return true,
                Err(now) => used = now,
            }
        }
    }

    fn give_back(&self, n: usize) {
        self.used.fetch_sub(n, Ordering::AcqRel);
    }
}

/// One socket's count of unfinished bytes.
#[derive(Debug)]
pub(crate) struct Meter {
    budget: Arc<Budget>,
    unfinished: AtomicUsize,
    /// Woken once when the frame in progress grows past [`BIG`].
    pub(crate) big: Notify,
}

impl Meter {
    pub(crate) fn new(budget: Arc<Budget>) -> Arc<Meter> {
        Arc::new(Meter { budget, unfinished: AtomicUsize::new(0), big: Notify::new() })
    }

    /// Bytes read since the last complete message.
    pub(crate) fn unfinished(&self) -> usize {
        self.unfinished.load(Ordering::Acquire)
    }

    /// A whole message came out of the socket: what it took is free again.
    pub(crate) fn complete(&self) {
        let n = self.unfinished.swap(0, Ordering::AcqRel);
        if n > 0 {
            self.budget.give_back(n);
        }
    }

    fn read(&self, n: usize) -> io::Result<()> {
        if !self.budget.take(n) {
            return Err(io::Error::new(
                io::ErrorKind::OutOfMemory,
                "the server's budget for unfinished frames is spent",
            ));
        }
        let before = self.unfinished.fetch_add(n, Ordering::AcqRel);
        if before < BIG && before + n >= BIG {
            self.big.notify_one();
        }
        Ok(())
    }
}

impl Drop for Meter {
    fn drop(&mut self) {
        self.complete();
    }
}

/// A socket whose reads are counted by a [`Meter`].
#[derive(Debug)]
pub(crate) struct Metered<S> {
    inner: S,
    meter: Arc<Meter>,
}

impl<S> Metered<S> {
    pub(crate) fn new(inner: S, meter: Arc<Meter>) -> Metered<S> {
        Metered { inner, meter }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Metered<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        ready!(Pin::new(&mut self.inner).poll_read(cx, buf))?;
        let n = buf.filled().len() - before;
        Poll::Ready(if n > 0 { self.meter.read(n) } else { Ok(()) })
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Metered<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_is_shared_and_given_back() {
        let budget = Budget::new(100);
        let a = Meter::new(budget.clone());
        let b = Meter::new(budget.clone());
        a.read(60).unwrap();
        assert!(b.read(50).is_err(), "over the shared budget");
        b.read(40).unwrap();
        assert_eq!(budget.used(), 100);
        a.complete();
        assert_eq!(budget.used(), 40);
        drop(b);
        assert_eq!(budget.used(), 0);
    }

    #[tokio::test]
    async fn a_big_frame_in_progress_wakes_the_connection_once() {
        let meter = Meter::new(Budget::new(usize::MAX));
        meter.read(BIG - 1).unwrap();
        meter.read(1).unwrap();
        meter.read(1000).unwrap();
        tokio::time::timeout(std::time::Duration::from_secs(1), meter.big.notified())
            .await
            .expect("woken");
        assert_eq!(meter.unfinished(), BIG + 1000);
    }
}
