//! The app's store: [`open_store`] in the data directory, and [`Table`], a table served as REST.

mod table;

pub use table::{Table, Validate};

use crate::Config;
use crate::kvs::{Error, Store};

/// The file name of the store in [`Config::data_dir`].
pub const STORE_FILE: &str = "n2o.redb";

/// Opens (or creates) the app's store: `n2o.redb` in [`Config::data_dir`] (`./data` by
/// default, `N2O_DATA` in the environment), making the directory if it is missing.
///
/// Call it before serving, with the configuration the app will use. A file that another
/// process holds, or that is not a database, is an error that names it: the program should
/// stop (return the error from `main`) rather than serve an empty store.
///
/// ```no_run
/// use n2o::prelude::*;
///
/// # struct Home;
/// # impl Page for Home { type Event = (); async fn main(&self, _: &mut Cx) -> Html { Html::raw("") } }
/// #[tokio::main]
/// async fn main() -> Result<(), Box<dyn std::error::Error>> {
///     let config = n2o::Config::default().apply_env()?;
///     let store = n2o::open_store(&config)?;
///     # let _ = store;
///     App::new().config(config).page("/", Home).serve().await?;
///     Ok(())
/// }
/// ```
pub fn open_store(config: &Config) -> Result<Store, Error> {
    let dir = &config.data_dir;
    std::fs::create_dir_all(dir).map_err(|source| Error::Open { path: dir.clone(), source })?;
    Store::open(dir.join(STORE_FILE))
}
