//! `mc2lint serve`: the review desk as a local web app. A page to drop DOCX
//! files on, the review page of each (`report::review_html`) with its
//! annotated copy to download, and a small HTTP API scripts can call:
//!
//! - `POST /api/check`: multipart field `file` (repeatable), optional
//!   `reference` (`mc2@1`, `mc2@2`, or an uploaded pack TOML) → the
//!   `mc2lint/report@1` JSON;
//! - `POST /api/annotate`: one `file` (and `reference`) → the annotated DOCX,
//!   with comments and the suggested fixes as tracked changes;
//! - `GET /api/health` → 200.
//!
//! Files are read from the request into memory and never written to disk;
//! the upload size and file count are limited, the reader's zip limits and
//! the time budget per document apply. tiny_http (synchronous, small) serves
//! the requests; a pool of threads takes them, so a slow upload does not hold
//! up the others. Library code: the command line is in `cli::serve`.

mod pages;
pub mod upload;

use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use tiny_http::{Header, Method, Request, Response};

use crate::check::{Checker, Options};
use crate::docx::Limits;
use crate::model::{DocumentReport, Report};
use crate::reference::{Pack, BUILTIN};
use crate::report::review_html::{self, Download};
use upload::{Part, Refusal};

/// How the desk runs.
#[derive(Debug, Clone)]
pub struct Settings {
    pub host: String,
    /// 0: any free port.
    pub port: u16,
    /// The largest request body accepted, in bytes (all files of one upload).
    pub max_upload: u64,
    pub max_files: usize,
    /// Threads taking requests.
    pub threads: usize,
    /// The pack used when a request names none.
    pub default_pack: String,
    pub limits: Limits,
    /// Time budget per document (`--max-seconds`).
    pub budget: Option<Duration>,
}

/// A bound desk, ready to `run`.
pub struct Desk {
    http: Arc<tiny_http::Server>,
    shared: Arc<Shared>,
    url: String,
}

/// What every request thread reads: the settings and a checker per built-in pack.
struct Shared {
    settings: Settings,
    checkers: HashMap<&'static str, Arc<Checker>>,
    loopback: bool,
}

type Reply = Response<Cursor<Vec<u8>>>;

impl Desk {
    /// Binds the address; fails with a sentence naming it.
    pub fn bind(settings: Settings) -> Result<Desk, String> {
        if Pack::load(&settings.default_pack).is_err() || !BUILTIN.iter().any(|(id, _)| *id == settings.default_pack) {
            let known: Vec<&str> = BUILTIN.iter().map(|(id, _)| *id).collect();
            return Err(format!(
                "serve offers the built-in packs ({}); got {}",
                known.join(", "),
                settings.default_pack
            ));
        }
        let addr = format!("{}:{}", settings.host, settings.port);
        let http = tiny_http::Server::http(&addr).map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        let bound = http.server_addr().to_ip().ok_or_else(|| format!("cannot listen on {addr}: not an IP address"))?;
        let url = format!("http://{bound}/");
        let options = Options { limits: settings.limits, ..Options::default() };
        let checkers = BUILTIN
            .iter()
            .map(|(id, _)| {
                let pack = Pack::load(id).map_err(|e| e.to_string())?;
                Ok((*id, Arc::new(Checker::new(pack, options.clone()))))
            })
            .collect::<Result<_, String>>()?;
        let loopback = bound.ip().is_loopback();
        Ok(Desk { http: Arc::new(http), shared: Arc::new(Shared { settings, checkers, loopback }), url })
    }

    /// `http://127.0.0.1:PORT/`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Serves until the process ends; fails only when no request thread can start.
    pub fn run(self) -> Result<(), String> {
        let mut workers = Vec::new();
        for i in 0..self.shared.settings.threads.max(1) {
            let (http, shared) = (Arc::clone(&self.http), Arc::clone(&self.shared));
            let spawned = std::thread::Builder::new().name(format!("mc2lint-serve-{i}")).spawn(move || {
                for request in http.incoming_requests() {
                    shared.handle(request);
                }
            });
            match spawned {
                Ok(w) => workers.push(w),
                // Fewer threads still serve; none cannot.
                Err(e) if workers.is_empty() => return Err(format!("cannot start a thread to serve requests ({e})")),
                Err(_) => break,
            }
        }
        for w in workers {
            let _ = w.join();
        }
        Ok(())
    }
}

impl Shared {
    fn handle(&self, mut request: Request) {
        let reply = if !self.host_allowed(&request) {
            text(421, "this desk answers only to the address it printed")
        } else {
            self.route(&mut request)
        };
        // The client may have gone; nothing to do about it.
        let _ = request.respond(with_safety_headers(reply));
    }

    /// On loopback, only requests addressed to loopback: a page from
    /// elsewhere cannot reach the desk through DNS rebinding.
    fn host_allowed(&self, request: &Request) -> bool {
        if !self.loopback {
            return true;
        }
        let host = header(request, "Host").unwrap_or_default();
        let name = host.rsplit_once(':').map_or(host.as_str(), |(h, _)| h);
        matches!(name, "127.0.0.1" | "localhost" | "[::1]" | "")
    }

    fn route(&self, request: &mut Request) -> Reply {
        let path = request.url().split('?').next().unwrap_or_default().to_string();
        match (request.method(), path.as_str()) {
            (Method::Get | Method::Head, "/") => html(200, &pages::desk(&self.packs(), &self.settings)),
            (Method::Get | Method::Head, "/api/health") => json(200, &serde_json::json!({ "status": "ok" })),
            (Method::Post, "/review") => self.review(request),
            (Method::Post, "/api/check") => self.api_check(request),
            (Method::Post, "/api/annotate") => self.api_annotate(request),
            (_, "/" | "/api/health" | "/review" | "/api/check" | "/api/annotate") => {
                text(405, "method not allowed; see GET / for the desk and its API")
            }
            _ => text(404, "not found; the desk is at /, the API under /api/"),
        }
    }

    fn packs(&self) -> Vec<(&'static str, String)> {
        let mut ids: Vec<&str> = self.checkers.keys().copied().collect();
        ids.sort();
        ids.into_iter().map(|id| (id, self.checkers[id].pack.name.clone())).collect()
    }

    /// The upload's parts, refused past the limits.
    fn upload(&self, request: &mut Request) -> Result<Vec<Part>, Refusal> {
        let content_type = header(request, "Content-Type");
        let declared = request.body_length();
        let body = upload::read_body(request.as_reader(), declared, self.settings.max_upload)?;
        upload::parts(content_type.as_deref(), body, self.settings.max_files)
    }

    /// The checker for the request's `reference`: a built-in pack by ID, or
    /// an uploaded pack (never a path on this machine).
    fn checker(&self, parts: &[Part]) -> Result<Arc<Checker>, Refusal> {
        let uploaded = parts.iter().find(|p| p.name == "reference" && p.file_name.is_some() && !p.bytes.is_empty());
        if let Some(p) = uploaded {
            let source = std::str::from_utf8(&p.bytes)
                .map_err(|_| Refusal::new(400, "the uploaded pack is not UTF-8 text (a pack is TOML)"))?;
            let origin = p.file_name.clone().unwrap_or_else(|| "uploaded pack".into());
            let pack = Pack::parse(source, &origin).map_err(|e| Refusal::new(400, e.to_string()))?;
            let options = Options { limits: self.settings.limits, ..Options::default() };
            return Ok(Arc::new(Checker::new(pack, options)));
        }
        let named = parts.iter().find(|p| p.name == "reference" && p.file_name.is_none());
        let id = named.map(|p| String::from_utf8_lossy(&p.bytes).trim().to_string()).filter(|s| !s.is_empty());
        let id = id.unwrap_or_else(|| self.settings.default_pack.clone());
        self.checkers.get(id.as_str()).cloned().ok_or_else(|| {
            let known: Vec<&str> = self.packs().into_iter().map(|(id, _)| id).collect();
            Refusal::new(400, format!("unknown reference '{id}'; use one of {} or upload a pack", known.join(", ")))
        })
    }

    fn files<'p>(&self, parts: &'p [Part]) -> Result<Vec<&'p Part>, Refusal> {
        let files: Vec<&Part> = parts.iter().filter(|p| p.name == "file" && !p.bytes.is_empty()).collect();
        if files.is_empty() {
            return Err(Refusal::new(400, "no file uploaded: send DOCX files in the multipart field `file`"));
        }
        Ok(files)
    }

    /// Checks one uploaded file in memory, within the time budget.
    fn check(&self, checker: &Arc<Checker>, part: &Part) -> (DocumentReport, Option<crate::document::Document>) {
        let name = display_name(part);
        let (worker, bytes, path) = (Arc::clone(checker), part.bytes.clone(), name.clone());
        let max = self.settings.limits.max_file;
        if bytes.len() as u64 > max {
            let e = crate::error::ReadError::new(
                crate::error::ErrorCode::TooLarge,
                Path::new(&name),
                format!("is larger than {} MiB", max >> 20),
            );
            return (DocumentReport::from_error(&name, &e, None), None);
        }
        match crate::cli::run_within(self.settings.budget, move || worker.check_bytes_keep(Path::new(&path), &bytes)) {
            Ok(done) => done,
            Err((code, cause)) => {
                let e = crate::error::ReadError::new(code, Path::new(&name), cause);
                (DocumentReport::from_error(&name, &e, None), None)
            }
        }
    }

    /// The annotated copy of one uploaded file, within the time budget.
    fn annotate(&self, checker: &Arc<Checker>, part: &Part) -> Result<Vec<u8>, String> {
        let (worker, bytes, name) = (Arc::clone(checker), part.bytes.clone(), display_name(part));
        let shown = name.clone();
        let done = crate::cli::run_within(self.settings.budget, move || {
            // The desk's copy carries the proposed fixes as tracked changes
            // (`annotate --suggest`): what a reviewer sends back to the vendor.
            let options = crate::annotate::Options { suggest: true, date: None };
            crate::annotate::annotate_bytes_with(&worker, Path::new(&name), &bytes, &options)
        });
        match done {
            Ok(Ok((docx, _))) => Ok(docx),
            Ok(Err(e)) => Err(e),
            Err((code, cause)) => Err(format!("{shown}: {cause} [{code}]")),
        }
    }

    fn api_check(&self, request: &mut Request) -> Reply {
        let mut run = || -> Result<Report, Refusal> {
            let parts = self.upload(request)?;
            let checker = self.checker(&parts)?;
            let documents = self.files(&parts)?.into_iter().map(|p| self.check(&checker, p).0).collect();
            Ok(Report::new(&checker.pack.id, checker.pack.terms.len(), checker.options.view.as_str(), documents))
        };
        match run() {
            Ok(report) => json(200, &report),
            Err(r) => json_error(&r),
        }
    }

    fn api_annotate(&self, request: &mut Request) -> Reply {
        let mut run = || -> Result<(String, Vec<u8>), Refusal> {
            let parts = self.upload(request)?;
            let checker = self.checker(&parts)?;
            let files = self.files(&parts)?;
            let [part] = files.as_slice() else {
                return Err(Refusal::new(400, "annotate takes one file per request"));
            };
            let docx = self.annotate(&checker, part).map_err(|e| Refusal::new(422, e))?;
            Ok((annotated_name(&display_name(part)), docx))
        };
        match run() {
            Ok((name, docx)) => Response::from_data(docx)
                .with_header(header_line("Content-Type", DOCX_TYPE))
                .with_header(header_line("Content-Disposition", &format!("attachment; filename=\"{name}\""))),
            Err(r) => json_error(&r),
        }
    }

    /// The desk's form posted: the review page of each file, with its annotated copy.
    fn review(&self, request: &mut Request) -> Reply {
        let mut run = || -> Result<Vec<String>, Refusal> {
            let parts = self.upload(request)?;
            let checker = self.checker(&parts)?;
            let files = self.files(&parts)?;
            Ok(files.iter().enumerate().map(|(i, part)| self.review_section(&checker, part, i)).collect())
        };
        let packs = self.packs();
        match run() {
            Ok(sections) => {
                html(200, &review_html::page_with("mc2lint review", &pages::form(&packs, &self.settings), &sections))
            }
            Err(r) => html(r.status, &pages::refused(&packs, &self.settings, &r.message)),
        }
    }

    fn review_section(&self, checker: &Arc<Checker>, part: &Part, index: usize) -> String {
        let (report, doc) = self.check(checker, part);
        let copy = if report.is_error() { None } else { self.annotate(checker, part).ok() };
        let name = annotated_name(&report.path);
        let data_url =
            copy.map(|d| format!("data:{DOCX_TYPE};base64,{}", base64::engine::general_purpose::STANDARD.encode(d)));
        let download = data_url.as_deref().map(|data_url| Download { file_name: &name, data_url });
        review_html::section_with(&report, doc.as_ref(), &checker.pack, index, download)
    }
}

const DOCX_TYPE: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

fn display_name(part: &Part) -> String {
    part.file_name.clone().filter(|n| !n.trim().is_empty()).unwrap_or_else(|| "upload.docx".into())
}

/// `contract.annotated.docx`, in characters safe in a header.
fn annotated_name(name: &str) -> String {
    let stem = name.strip_suffix(".docx").or_else(|| name.strip_suffix(".DOCX")).unwrap_or(name);
    let safe: String =
        stem.chars().map(|c| if c.is_ascii_alphanumeric() || "-_. ".contains(c) { c } else { '_' }).collect();
    format!("{}.annotated.docx", safe.trim())
}

fn header(request: &Request, name: &str) -> Option<String> {
    request
        .headers()
        .iter()
        .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str().to_string())
}

fn header_line(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("ASCII header")
}

fn with_safety_headers(reply: Reply) -> Reply {
    reply
        .with_header(header_line("X-Content-Type-Options", "nosniff"))
        .with_header(header_line("Referrer-Policy", "no-referrer"))
        .with_header(header_line("Cache-Control", "no-store"))
        .with_header(header_line("X-Frame-Options", "DENY"))
}

fn html(status: u16, body: &str) -> Reply {
    Response::from_string(body)
        .with_status_code(status)
        .with_header(header_line("Content-Type", "text/html; charset=utf-8"))
}

fn text(status: u16, body: &str) -> Reply {
    Response::from_string(format!("{body}\n"))
        .with_status_code(status)
        .with_header(header_line("Content-Type", "text/plain; charset=utf-8"))
}

fn json(status: u16, value: &impl serde::Serialize) -> Reply {
    let body = serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}")) + "\n";
    Response::from_string(body).with_status_code(status).with_header(header_line("Content-Type", "application/json"))
}

fn json_error(r: &Refusal) -> Reply {
    json(r.status, &serde_json::json!({ "error": r.message }))
}

#[cfg(test)]
mod tests {
    #[test]
    fn annotated_names_are_safe_in_a_header() {
        assert_eq!(super::annotated_name("deal.docx"), "deal.annotated.docx");
        assert_eq!(super::annotated_name("a\"b\r\n<c>.docx"), "a_b___c_.annotated.docx");
    }
}
