//! The server's secrets at work: sealing postbacks for one session and opening them again.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use tracing::warn;

use super::{KeyError, Keys, PickleError, Pickler};
use crate::config::Config;
use crate::error::Error;
use crate::format::{DecodeError, Limits, bert};
use crate::postback::Seal;
use crate::term::Term;

/// The pickler and its policy.
#[derive(Debug)]
pub(crate) struct Security {
    pickler: Pickler,
    ttl: Duration,
    /// No secret configured: failures are shown in full to the browser.
    pub(crate) dev: bool,
    /// How long a download link works ([`Uploads::link_ttl`](crate::config::Uploads)).
    pub(crate) link_ttl: Duration,
}

impl Security {
    pub(crate) fn from_config(config: &Config) -> Result<Security, Error> {
        let bad = |e: KeyError| Error::Config(format!("N2O_SECRET: {e}"));
        let (keys, dev) = match &config.secret {
            Some(secret) => {
                let mut keys = Keys::from_secret(secret).map_err(bad)?;
                for old in &config.old_secrets {
                    keys = keys.with_old(old).map_err(bad)?;
                }
                (keys, false)
            }
            None => match config.dev_dir.as_deref().map(|dir| (dir, crate::dev::secret(dir))) {
                Some((dir, Ok(secret))) => {
                    warn!(
                        dir = %dir.display(),
                        "dev mode: no N2O_SECRET set, postbacks are sealed with the dev key \
                         kept in this directory; set N2O_SECRET in production"
                    );
                    (Keys::from_secret(secret).map_err(bad)?, true)
                }
                other => {
                    if let Some((dir, Err(e))) = other {
                        warn!(dir = %dir.display(), error = %e, "dev mode: cannot keep a key here");
                    }
                    warn!(
                        "dev mode: no N2O_SECRET set, postbacks are sealed with a random key \
                         that dies with this process; set N2O_SECRET in production"
                    );
                    (Keys::random(), true)
                }
            },
        };
        let pickler = if config.plain_pickles { Pickler::plain(keys) } else { Pickler::new(keys) };
        Ok(Security { pickler, ttl: config.pickle_ttl, dev, link_ttl: config.uploads.link_ttl })
    }

    /// Opens a pickle from the browser into the postback term it sealed.
    pub(crate) fn open(
        &self,
        token: &str,
        session: &str,
        limits: &Limits,
    ) -> Result<Term, OpenError> {
        let payload = self
            .pickler
            .open(token, session, SystemTime::now(), self.ttl)
            .map_err(OpenError::Refused)?;
        bert::decode(&payload, limits).map_err(OpenError::Payload)
    }
}

/// Why [`Security::open`] did not give a postback.
#[derive(Debug)]
pub(crate) enum OpenError {
    /// The pickle did not open.
    Refused(PickleError),
    /// It opened, but its payload is not BERT.
    Payload(DecodeError),
}

/// Seals postbacks for one session: what rendering uses on a page or connection.
#[derive(Clone, Debug)]
pub(crate) struct SessionSeal {
    pub(crate) security: Arc<Security>,
    pub(crate) session: String,
}

impl Seal for SessionSeal {
    fn seal(&self, postback: &Term) -> String {
        self.security.pickler.seal(&bert::encode(postback), &self.session, SystemTime::now())
    }
}
