//! N2O's FTP record, `{ftp, Id, Sid, Filename, Meta, Size, Offset, Block, Data, Status}`, read from and written to terms.

use bytes::Bytes;

use crate::format::{Limits, bert};
use crate::term::Term;

/// One FTP frame: the 10-field record N2O 4.x's `ftp.js` sends, and the server answers with
/// the same record (its `data` empty). The modern 11-field shape (an `Options` list last)
/// is read too, and answered in the shape it came in.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The client's transfer id (N2O: `performance.now()` or a UUID).
    pub id: Vec<u8>,
    /// N2O's session id field; never trusted for anything (the socket's session is).
    pub sid: Vec<u8>,
    /// The client's file name: metadata only, never a path.
    pub filename: Vec<u8>,
    /// Client metadata: the upload ticket, and from n2o's client the content type.
    pub meta: Term,
    /// The file's size in bytes, as the client declares it.
    pub size: i64,
    /// Where `data` goes in the file; in a reply, how much the server holds.
    pub offset: i64,
    /// The block size; in a reply, the size of the next block wanted (0: stop).
    pub block: i64,
    /// The block's bytes (empty in `init` and in replies). From a BERT frame they are a
    /// slice of the frame, not a copy.
    pub data: Bytes,
    /// `init`, `send` (N2O's), or `stop` (n2o's client cancelling a transfer).
    pub status: Vec<u8>,
    /// The modern record's `Options`, when it came in the 11-field shape.
    pub options: Option<Term>,
}

/// Why a term is not an FTP record, for the refusal the client gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadRecord(pub &'static str);

impl std::fmt::Display for BadRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ftp record: {}", self.0)
    }
}

impl Record {
    /// Whether `term` claims to be an FTP record: a 10- or 11-tuple tagged `ftp`.
    pub fn is_ftp(term: &Term) -> bool {
        matches!(term, Term::Tuple(items)
            if (items.len() == 10 || items.len() == 11)
                && matches!(&items[0], Term::Atom(tag) if tag == "ftp"))
    }

    /// Reads a record; `term` must be one [`Record::is_ftp`] accepts.
    ///
    /// # Errors
    /// Which field has the wrong type. Binaries may come as BERT binaries, byte strings
    /// or (from JSON) text; the integers must be integers.
    pub fn from_term(term: Term) -> Result<Record, BadRecord> {
        let Term::Tuple(items) = term else { return Err(BadRecord("not a tuple")) };
        if items.len() != 10 && items.len() != 11 {
            return Err(BadRecord("not 10 or 11 fields"));
        }
        let mut it = items.into_iter();
        let _tag = it.next();
        let mut next = || it.next().unwrap_or(Term::List(Vec::new()));
        let id = bytes(next(), "Id is not a binary")?;
        let sid = bytes(next(), "Sid is not a binary")?;
        let filename = bytes(next(), "Filename is not a binary")?;
        let meta = next();
        let size = int(&next(), "Size is not an integer")?;
        let offset = int(&next(), "Offset is not an integer")?;
        let block = int(&next(), "Block is not an integer")?;
        let data = Bytes::from(bytes(next(), "Data is not a binary")?);
        let status = bytes(next(), "Status is not a binary")?;
        let options = it.next();
        Ok(Record { id, sid, filename, meta, size, offset, block, data, status, options })
    }

    /// A record read straight from a binary BERT frame, its `data` a slice of the frame
    /// (no copy). `None` when the frame is not a well-formed record: the frame then goes the
    /// way of every frame ([`bert::decode`], [`Record::from_term`]), which says what is wrong.
    pub(crate) fn from_bert(frame: &Bytes, limits: &Limits) -> Option<Record> {
        const DATA: usize = 8;
        let (fields, data) = bert::decode_lifted(frame, limits, "ftp", &[10, 11], DATA)?;
        let mut record = Record::from_term(Term::Tuple(fields)).ok()?;
        record.data = data;
        Some(record)
    }

    /// The record as a term, in the shape it was read in.
    pub fn into_term(self) -> Term {
        let mut items = Vec::with_capacity(11);
        items.push(Term::atom("ftp"));
        items.push(Term::Binary(self.id));
        items.push(Term::Binary(self.sid));
        items.push(Term::Binary(self.filename));
        items.push(self.meta);
        items.push(Term::Int(self.size));
        items.push(Term::Int(self.offset));
        items.push(Term::Int(self.block));
        items.push(Term::Binary(self.data.to_vec()));
        items.push(Term::Binary(self.status));
        if let Some(options) = self.options {
            items.push(options);
        }
        Term::Tuple(items)
    }

    /// The status as text (`""` when it is not UTF-8).
    pub fn status(&self) -> &str {
        std::str::from_utf8(&self.status).unwrap_or("")
    }
}

fn bytes(term: Term, why: &'static str) -> Result<Vec<u8>, BadRecord> {
    match term {
        Term::Binary(b) | Term::Str(b) => Ok(b),
        Term::List(l) if l.is_empty() => Ok(Vec::new()),
        Term::Atom(a) if a.is_empty() => Ok(Vec::new()),
        _ => Err(BadRecord(why)),
    }
}

fn int(term: &Term, why: &'static str) -> Result<i64, BadRecord> {
    match term {
        Term::Int(i) => Ok(*i),
        _ => Err(BadRecord(why)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(status: &str) -> Term {
        Term::Tuple(vec![
            Term::atom("ftp"),
            Term::Binary(b"12.5".to_vec()),
            Term::Binary(b"sid".to_vec()),
            Term::Binary(b"a.txt".to_vec()),
            Term::Binary(Vec::new()),
            Term::Int(10),
            Term::Int(0),
            Term::Int(1),
            Term::Binary(Vec::new()),
            Term::Binary(status.as_bytes().to_vec()),
        ])
    }

    #[test]
    fn reads_and_writes_the_classic_record() {
        let term = record("init");
        assert!(Record::is_ftp(&term));
        let r = Record::from_term(term.clone()).unwrap();
        assert_eq!((r.size, r.offset, r.block, r.status()), (10, 0, 1, "init"));
        assert_eq!(r.options, None);
        assert_eq!(r.into_term(), term);
    }

    #[test]
    fn the_modern_record_keeps_its_options() {
        let Term::Tuple(mut items) = record("send") else { unreachable!() };
        items.push(Term::List(Vec::new()));
        let term = Term::Tuple(items);
        let r = Record::from_term(term.clone()).unwrap();
        assert_eq!(r.options, Some(Term::List(Vec::new())));
        assert_eq!(r.into_term(), term);
    }

    #[test]
    fn a_bert_frame_is_read_with_its_block_shared_not_copied() {
        let Term::Tuple(mut items) = record("send") else { unreachable!() };
        items[8] = Term::Binary(vec![7; 1000]);
        let frame = Bytes::from(bert::encode(&Term::Tuple(items.clone())));
        let limits = Limits::default();
        let lifted = Record::from_bert(&frame, &limits).unwrap();
        let decoded = Record::from_term(bert::decode(&frame, &limits).unwrap()).unwrap();
        assert_eq!(lifted, decoded);
        // The block is the frame's own bytes.
        let at = lifted.data.as_ptr() as usize - frame.as_ptr() as usize;
        assert_eq!(&frame[at..at + 1000], &lifted.data[..]);
        assert!(at + 1000 < frame.len());

        // The modern shape too, its Options kept.
        items.push(Term::List(vec![Term::atom("x")]));
        let frame = Bytes::from(bert::encode(&Term::Tuple(items)));
        let lifted = Record::from_bert(&frame, &limits).unwrap();
        assert_eq!(lifted.options, Some(Term::List(vec![Term::atom("x")])));
        assert_eq!(lifted.data.len(), 1000);
    }

    #[test]
    fn anything_else_is_left_to_the_general_decoder() {
        let limits = Limits::default();
        let frame = |term: Term| Bytes::from(bert::encode(&term));
        let Term::Tuple(items) = record("send") else { unreachable!() };
        let with = |at: usize, field: Term| {
            let mut items = items.clone();
            items[at] = field;
            frame(Term::Tuple(items))
        };
        let good = with(8, Term::Binary(vec![1; 10]));
        assert!(Record::from_bert(&good, &limits).is_some());
        // Data as a string, Size not an integer, another tag, truncated, trailing bytes,
        // over the frame limit, over the depth limit.
        assert!(Record::from_bert(&with(8, Term::Str(b"abc".to_vec())), &limits).is_none());
        assert!(Record::from_bert(&with(5, Term::bin("10")), &limits).is_none());
        assert!(Record::from_bert(&with(0, Term::atom("ftq")), &limits).is_none());
        assert!(Record::from_bert(&good.slice(..good.len() - 1), &limits).is_none());
        let mut long = good.to_vec();
        long.push(0);
        assert!(Record::from_bert(&Bytes::from(long), &limits).is_none());
        let small = Limits { max_frame: good.len() - 1, ..Limits::default() };
        assert!(Record::from_bert(&good, &small).is_none());
        let deep = (0..3).fold(Term::bin("t"), |t, _| Term::List(vec![t]));
        let shallow = Limits { max_depth: 3, ..Limits::default() };
        let nested = with(4, deep);
        assert!(bert::decode(&nested, &shallow).is_err());
        assert!(Record::from_bert(&nested, &shallow).is_none());
        assert!(Record::from_bert(&nested, &limits).is_some());
        // A block claiming more bytes than the frame has.
        let mut claim = good.to_vec();
        let at = claim.len() - 9 - 15;
        assert_eq!(claim[at], 109);
        claim[at + 1..at + 5].copy_from_slice(&u32::MAX.to_be_bytes());
        assert!(Record::from_bert(&Bytes::from(claim), &limits).is_none());
    }

    #[test]
    fn wrong_field_types_say_which() {
        let Term::Tuple(mut items) = record("init") else { unreachable!() };
        items[5] = Term::Binary(b"10".to_vec());
        assert_eq!(
            Record::from_term(Term::Tuple(items)).unwrap_err().to_string(),
            "ftp record: Size is not an integer"
        );
        assert!(!Record::is_ftp(&Term::Tuple(vec![Term::atom("ftp")])));
    }
}
