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

impl Term {
    /// About the bytes this term takes encoded (its BERT size, give or take a few bytes a
    /// term): what a push costs against a mailbox's byte budget. Walks the term without
    /// recursion, so any depth is fine.
    pub fn approx_size(&self) -> usize {
        let mut size = 0usize;
        let mut stack = vec![self];
        while let Some(term) = stack.pop() {
            size = size.saturating_add(match term {
                Term::Atom(a) => 3 + a.len(),
                Term::Int(_) => 5,
                Term::Float(_) => 9,
                Term::Binary(b) | Term::Str(b) => 5 + b.len(),
                Term::List(items) | Term::Tuple(items) => {
                    stack.extend(items);
                    5
                }
                Term::Map(pairs) => {
                    stack.extend(pairs.iter().flat_map(|(k, v)| [k, v]));
                    5
                }
            });
        }
        size
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn approx_size_is_close_to_the_bert_size() {
        let t = Term::tuple([
            Term::atom("io"),
            Term::bin("x".repeat(1000)),
            Term::List(vec![Term::Int(1); 100]),
        ]);
        // Its BERT: 131, tuple 2, atom 5, binary 5 + 1000, list 5 + 100 small ints of 2, nil 1.
        let bert = 1 + 2 + 5 + 1005 + 5 + 200 + 1;
        let approx = t.approx_size();
        assert!(approx >= bert / 2 && approx <= bert * 2, "{approx} vs {bert}");
        let mut deep = Term::Int(0);
        for _ in 0..100_000 {
            deep = Term::List(vec![deep]);
        }
        assert!(deep.approx_size() > 100_000);
        // Dropping it is recursive in Rust; keep the stack small by unwinding by hand.
        while let Term::List(mut items) = deep {
            deep = items.pop().unwrap_or(Term::Int(0));
        }
    }

    #[test]
    fn io_and_error_shapes() {
        assert_eq!(
            Term::io("a();", Term::bin("")),
            Term::tuple([Term::atom("io"), Term::bin("a();"), Term::bin("")])
        );
        assert_eq!(Term::error_data("no"), Term::tuple([Term::atom("error"), Term::bin("no")]));
    }
}
