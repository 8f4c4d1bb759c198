//! The terms the server answers with: N2O's `{io, Eval, Data}` and its `{error, Message}` data.

use super::Term;

impl Term {
    /// `{io, Eval, Data}`: JavaScript for the browser to run, and data for its `$io` hook.
    pub fn io(eval: impl Into<String>, data: Term) -> Term {
        Term::Tuple(vec![Term::Atom("io".into()), Term::Binary(eval.into().into_bytes()), data])
    }

    /// `{error, <<Message>>}`: the data of an `io` that reports a failure; the browser logs
    /// `Message` to its console.
    pub fn error_data(message: impl Into<String>) -> Term {
        Term::Tuple(vec![Term::Atom("error".into()), Term::Binary(message.into().into_bytes())])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_and_error_shapes() {
        assert_eq!(
            Term::io("a();", Term::bin("")),
            Term::tuple([Term::atom("io"), Term::bin("a();"), Term::bin("")])
        );
        assert_eq!(Term::error_data("no"), Term::tuple([Term::atom("error"), Term::bin("no")]));
    }
}
