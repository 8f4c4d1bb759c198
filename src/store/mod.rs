//! The app's store: [`open_store`] in the data directory or a PostgreSQL database, and
//! [`Table`], a table served as REST.

mod table;

pub use table::{Table, Validate};

use crate::Config;
use crate::kvs::{Error, Store};

/// The file name of the store in [`Config::data_dir`].
pub const STORE_FILE: &str = "n2o.redb";

/// Opens the app's store: the PostgreSQL database at [`Config::database_url`]
/// (`N2O_DATABASE_URL`) when it is set, else `n2o.redb` in [`Config::data_dir`] (`./data` by
/// default, `N2O_DATA`), making the directory if it is missing.
///
/// Call it before serving, with the configuration the app will use. A data file that another
/// process holds or that is not a database, a database that cannot be reached, and a
/// database URL in a program built without n2o's `postgres` feature are errors that say so:
/// the program should stop (return the error from `main`) rather than serve an empty store.
///
/// With PostgreSQL, several servers can use one store: their writes take turns, so unique
/// indexes, `next_id` and feed cursors hold across all of them (see
/// `n2o::kvs::Store::postgres`). Opening the data file blocks while it is read.
///
/// ```no_run
/// use n2o::prelude::*;
///
/// # struct Home;
/// # impl Page for Home { type Event = (); async fn main(&self, _: &mut Cx) -> Html { Html::raw("") } }
/// #[tokio::main]
/// async fn main() -> Result<(), Box<dyn std::error::Error>> {
///     let config = n2o::Config::default().apply_env()?;
///     let store = n2o::open_store(&config).await?;
///     # let _ = store;
///     App::new().config(config).page("/", Home).serve().await?;
///     Ok(())
/// }
/// ```
pub async fn open_store(config: &Config) -> Result<Store, Error> {
    if let Some(url) = &config.database_url {
        return open_database(url).await;
    }
    let dir = &config.data_dir;
    std::fs::create_dir_all(dir).map_err(|source| Error::Open { path: dir.clone(), source })?;
    Store::open(dir.join(STORE_FILE))
}

#[cfg(feature = "postgres")]
async fn open_database(url: &str) -> Result<Store, Error> {
    Store::postgres(url).await
}

/// Serving from the data file instead would split the app's data: an error.
#[cfg(not(feature = "postgres"))]
async fn open_database(_url: &str) -> Result<Store, Error> {
    Err(Error::backend(
        "N2O_DATABASE_URL (Config::database_url) is set, but this program was built without \
         n2o's `postgres` feature: turn it on, or unset the variable to use the data file",
    ))
}
