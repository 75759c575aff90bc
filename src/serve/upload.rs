//! Reading an upload: the request body, at most the size limit, kept in
//! memory, and its `multipart/form-data` parts (multer, the parser axum
//! uses, driven to completion on this thread: the body is already in memory).

use std::convert::Infallible;
use std::io::Read;

/// One part of a form: its field name, the file name if it is a file, its bytes.
#[derive(Debug, Clone)]
pub struct Part {
    pub name: String,
    pub file_name: Option<String>,
    pub bytes: Vec<u8>,
}

/// Why an upload was refused, with the HTTP status that says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub status: u16,
    pub message: String,
}

impl Refusal {
    pub fn new(status: u16, message: impl Into<String>) -> Refusal {
        Refusal { status, message: message.into() }
    }
}

/// The body, refused past `max` bytes (before reading when the length is declared).
pub fn read_body(body: &mut dyn Read, declared: Option<usize>, max: u64) -> Result<Vec<u8>, Refusal> {
    let too_large = || {
        Refusal::new(
            413,
            format!("the upload is larger than {} MiB; send fewer or smaller files", max.div_ceil(1 << 20)),
        )
    };
    if declared.is_some_and(|n| n as u64 > max) {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(declared.unwrap_or(0));
    body.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Refusal::new(400, format!("cannot read the upload ({e})")))?;
    if bytes.len() as u64 > max {
        return Err(too_large());
    }
    Ok(bytes)
}

/// The parts of a `multipart/form-data` body; at most `max_files` file parts.
pub fn parts(content_type: Option<&str>, body: Vec<u8>, max_files: usize) -> Result<Vec<Part>, Refusal> {
    let not_a_form = || Refusal::new(400, "expected a multipart/form-data upload with a field named `file`");
    let boundary = content_type.and_then(|ct| multer::parse_boundary(ct).ok()).ok_or_else(not_a_form)?;
    let stream = futures_util::stream::iter([Ok::<Vec<u8>, Infallible>(body)]);
    let mut form = multer::Multipart::new(stream, boundary);
    pollster::block_on(async {
        let mut out = Vec::new();
        while let Some(field) = form.next_field().await.map_err(|e| Refusal::new(400, format!("bad upload: {e}")))? {
            let name = field.name().unwrap_or_default().to_string();
            let file_name = field.file_name().map(base_name);
            let bytes = field.bytes().await.map_err(|e| Refusal::new(400, format!("bad upload: {e}")))?.to_vec();
            out.push(Part { name, file_name, bytes });
            if out.iter().filter(|p| p.name == "file").count() > max_files {
                return Err(Refusal::new(
                    413,
                    format!("more than {max_files} files in one upload; send them in batches"),
                ));
            }
        }
        Ok(out)
    })
}

/// The last component of an uploaded file name (browsers on Windows may send a whole path).
fn base_name(name: &str) -> String {
    name.rsplit(['/', '\\']).next().unwrap_or(name).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_files_and_fields_and_keeps_the_limits() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"reference\"\r\n\r\nmc2@1\r\n--XyZ\r\n\
Content-Disposition: form-data; name=\"file\"; filename=\"C:\\\\deals\\\\a.docx\"\r\nContent-Type: application/octet-stream\r\n\r\nPK\x03\x04\r\n--XyZ--\r\n";
        let parts = parts(Some("multipart/form-data; boundary=XyZ"), body.to_vec(), 5).unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!((parts[0].name.as_str(), parts[0].bytes.as_slice()), ("reference", &b"mc2@1"[..]));
        assert_eq!(parts[1].file_name.as_deref(), Some("a.docx"));
        assert_eq!(parts[1].bytes, b"PK\x03\x04");
        assert_eq!(super::parts(Some("multipart/form-data; boundary=XyZ"), body.to_vec(), 0).unwrap_err().status, 413);
        assert_eq!(super::parts(Some("text/plain"), body.to_vec(), 5).unwrap_err().status, 400);
        let mut big: &[u8] = &[0u8; 100];
        assert_eq!(read_body(&mut big, None, 50).unwrap_err().status, 413);
        assert_eq!(read_body(&mut &b""[..], Some(1000), 50).unwrap_err().status, 413);
    }
}
