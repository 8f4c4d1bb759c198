//! The server's side of rooms across nodes: the bus of [`Config::redis`], checked at start.

use std::sync::Arc;

use crate::config::Config;
use crate::error::Error;
use crate::pubsub::Bus;

/// The bus of `config`, if it names one; Redis must answer now.
pub(super) async fn checked(config: &Config) -> Result<Option<Arc<dyn Bus>>, Error> {
    let Some(url) = &config.redis else { return Ok(None) };
    imp::connect(url).await.map(Some)
}

/// The bus of `config`, if it names one, connecting in the background.
pub(super) fn unchecked(config: &Config) -> Result<Option<Arc<dyn Bus>>, Error> {
    let Some(url) = &config.redis else { return Ok(None) };
    imp::open(url).map(Some)
}

#[cfg(feature = "redis")]
mod imp {
    use super::*;
    use crate::pubsub::RedisBus;

    pub(super) async fn connect(url: &str) -> Result<Arc<dyn Bus>, Error> {
        started(url, RedisBus::connect(url).await)
    }

    pub(super) fn open(url: &str) -> Result<Arc<dyn Bus>, Error> {
        started(url, RedisBus::open(url))
    }

    fn started(url: &str, bus: Result<RedisBus, redis::RedisError>) -> Result<Arc<dyn Bus>, Error> {
        let url = without_password(url);
        let bus = bus.map_err(|e| Error::Redis { url: url.clone(), reason: e.to_string() })?;
        tracing::info!(redis = %url, "rooms span every node on this Redis");
        Ok(Arc::new(bus))
    }
}

#[cfg(not(feature = "redis"))]
mod imp {
    use super::*;

    pub(super) async fn connect(url: &str) -> Result<Arc<dyn Bus>, Error> {
        open(url)
    }

    pub(super) fn open(_url: &str) -> Result<Arc<dyn Bus>, Error> {
        Err(Error::Config(
            "N2O_REDIS (Config::redis) is set, but n2o was built without its `redis` feature"
                .into(),
        ))
    }
}

/// `url` as it may be logged: `redis://:secret@host` becomes `redis://***@host`.
#[cfg_attr(not(feature = "redis"), allow(dead_code))]
fn without_password(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            format!("{}***{}", &url[..scheme + 3], &url[at..])
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_stay_out_of_the_log() {
        let url = super::without_password("redis://:pw@127.0.0.1:1/0");
        assert_eq!(url, "redis://***@127.0.0.1:1/0");
        assert_eq!(super::without_password("redis://127.0.0.1:1/0"), "redis://127.0.0.1:1/0");
    }
}
