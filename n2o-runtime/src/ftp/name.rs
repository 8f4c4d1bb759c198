//! Client file names and content types: cleaned for display, never used as paths.

use super::UploadError;

/// The longest file name accepted, in bytes (the name is only shown, never a path).
pub const MAX_NAME_BYTES: usize = 1024;

/// The client's file name made fit to show: the last part of any path (`/` or `\`), with
/// bidirectional-override and other invisible format characters removed, cut to 255 bytes.
/// `..`, `.` or nothing left becomes `file`.
///
/// # Errors
/// A name that is not UTF-8, holds NUL or another control character, or is over
/// [`MAX_NAME_BYTES`]: such a name is refused, not repaired.
///
/// ```
/// use n2o_runtime::ftp::display_name;
///
/// assert_eq!(display_name(b"../../etc/passwd").unwrap(), "passwd");
/// assert_eq!(display_name(b"C:\\Users\\ann\\cv.pdf").unwrap(), "cv.pdf");
/// assert_eq!(display_name("evil\u{202e}fdp.exe".as_bytes()).unwrap(), "evilfdp.exe");
/// assert!(display_name(b"a\0b").is_err());
/// ```
pub fn display_name(raw: &[u8]) -> Result<String, UploadError> {
    if raw.len() > MAX_NAME_BYTES {
        return Err(UploadError::BadName("over 1024 bytes"));
    }
    let name = std::str::from_utf8(raw).map_err(|_| UploadError::BadName("not UTF-8"))?;
    if name.chars().any(char::is_control) {
        return Err(UploadError::BadName("control characters"));
    }
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let mut out = String::with_capacity(last.len().min(255));
    for c in last.chars().filter(|c| !is_invisible(*c)) {
        if out.len() + c.len_utf8() > 255 {
            break;
        }
        out.push(c);
    }
    let out = out.trim().to_owned();
    Ok(if out.is_empty() || out == "." || out == ".." { "file".to_owned() } else { out })
}

/// Characters that change how the rest of a name shows without showing themselves:
/// bidirectional controls (the `exe.pdf` trick), zero-width ones, the BOM.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}')
}

/// The declared content type if it is a well-formed `type/subtype` (RFC 6838 characters,
/// lower-cased, parameters dropped); `application/octet-stream` otherwise.
///
/// ```
/// use n2o_runtime::ftp::content_type;
///
/// assert_eq!(content_type("Image/PNG"), "image/png");
/// assert_eq!(content_type("text/html; charset=utf-8"), "text/html");
/// assert_eq!(content_type("text/html\r\nX-Evil: 1"), "application/octet-stream");
/// ```
pub fn content_type(declared: &str) -> String {
    let essence = declared.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let ok = |part: &str| {
        !part.is_empty()
            && part.len() <= 127
            && part.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(&b))
    };
    match essence.split_once('/') {
        Some((t, s)) if ok(t) && ok(s) => essence,
        _ => "application/octet-stream".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names() {
        assert_eq!(display_name(b"/etc/shadow").unwrap(), "shadow");
        assert_eq!(display_name(b"..").unwrap(), "file");
        assert_eq!(display_name(b"dir/").unwrap(), "file");
        assert_eq!(display_name(b"").unwrap(), "file");
        assert_eq!(display_name("отчёт.pdf".as_bytes()).unwrap(), "отчёт.pdf");
        assert!(display_name(&[0xff, 0xfe]).is_err());
        assert!(display_name(&vec![b'a'; 10_000]).is_err());
        assert!(display_name(b"a\nb").is_err());
        let long = "é".repeat(300);
        let shown = display_name(long.as_bytes()).unwrap();
        assert!(shown.len() <= 255 && shown.chars().all(|c| c == 'é'));
    }
}
