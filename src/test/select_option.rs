//! Choosing an option of a `<select>` as a user does: by its value or its visible text, with
//! the `change` the browser fires.

use std::future::Future;

use super::client::{TestClient, at_the_test};
use super::response::{Response, TestError};

impl TestClient {
    /// Chooses `option` in the `<select>` (`#dropdown`) `select`, as a user picking it in
    /// the browser: the option whose value is `option`, else the one whose text is. Then,
    /// when the selection changed, the select's `input` and `change` postbacks fire (with
    /// their sources, the select's new value among them), as the browser fires those
    /// events; with nothing listening, only the selection changes. A single select holds
    /// the chosen option alone; a multiple select adds it to its selection.
    ///
    /// Named `select_option` (Playwright's name) because [`TestClient::select`] is the CSS
    /// query. To put a value in the select without any event, use [`TestClient::fill`].
    ///
    /// ```no_run
    /// # async fn f(tab: &mut n2o::test::TestClient) {
    /// tab.select_option("color", "Blue").await; // by its text, or by its value: "blue"
    /// assert_eq!(tab.value("color"), "blue");
    /// # }
    /// ```
    ///
    /// # Panics
    /// When `select` is not one `<select>` of the page, is disabled, has no such option
    /// (the message lists its options) or the option is disabled, and when the server
    /// answers with an error; [`TestClient::try_select_option`] returns these instead.
    #[track_caller]
    pub fn select_option<'a>(
        &'a mut self,
        select: &'a str,
        option: &'a str,
    ) -> impl Future<Output = Response> + Send + 'a {
        at_the_test!(self, self.try_select_option(select, option))
    }

    /// [`TestClient::select_option`], returning failures.
    pub async fn try_select_option(
        &mut self,
        select: &str,
        option: &str,
    ) -> Result<Response, TestError> {
        let what = format!("select_option {select} {option:?}");
        self.last_what.clone_from(&what);
        self.on_the_page(&what)?;
        if !self.dom.choose(select, option).map_err(TestError::Page)? {
            return self.finish(format!("{what} (already chosen)"), Response::default());
        }
        let mut frames = Vec::new();
        for event in ["input", "change"] {
            if !self.dom.listeners(select, event).is_empty() {
                frames.extend(self.fire(select, event, Vec::new()).await?.frames);
            }
        }
        self.finish(what, Response { frames })
    }
}
