//! Shared by the reader's integration tests: the public corpus, and LibreOffice
//! driven headless through a small Basic macro (accept-all / reject-all, then
//! export as UTF-8 text), which needs no python3-uno.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The shared public corpus, when present. When absent the caller skips (with
/// a message), unless `MC2LINT_REQUIRE_TOOLS=1` (CI), where that fails the test:
/// a corpus test that passes on no files guards nothing.
pub fn corpus_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/public-docx");
    if dir.join("MANIFEST.tsv").exists() {
        return Some(dir);
    }
    if std::env::var("MC2LINT_REQUIRE_TOOLS").as_deref() == Ok("1") {
        panic!("{} is required (MC2LINT_REQUIRE_TOOLS=1) but absent", dir.display());
    }
    println!("SKIP: {} is absent", dir.display());
    None
}

/// Corpus files of one manifest kind (`ok`, `bad`, `either`), as (relative name, path).
pub fn corpus_files(kind: &str) -> Vec<(String, PathBuf)> {
    let Some(dir) = corpus_dir() else {
        return Vec::new();
    };
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).unwrap();
    manifest
        .lines()
        .skip(1)
        .filter_map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            (cols.len() > 3 && cols[3] == kind).then(|| (cols[0].to_string(), dir.join(cols[0])))
        })
        .collect()
}

/// `soffice` on PATH (or at /usr/bin/soffice). When missing, the caller skips,
/// unless `MC2LINT_REQUIRE_TOOLS=1` (CI), where missing tools fail the test.
pub fn soffice() -> Option<PathBuf> {
    let from_path = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).map(|d| d.join("soffice")).find(|p| p.is_file()))
        .unwrap_or_default();
    let found = from_path.or_else(|| Some(PathBuf::from("/usr/bin/soffice")).filter(|p| p.is_file()));
    if found.is_none() {
        if std::env::var("MC2LINT_REQUIRE_TOOLS").as_deref() == Ok("1") {
            panic!("LibreOffice (soffice) is required (MC2LINT_REQUIRE_TOOLS=1) but not installed");
        }
        println!("SKIP: LibreOffice (soffice) not installed");
    }
    found
}

/// What LibreOffice does to tracked changes before exporting text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Changes {
    AcceptAll,
    RejectAll,
    /// Export as loaded (deleted and inserted text both appear).
    AsIs,
}

/// One conversion: a DOCX in, a UTF-8 text file out.
pub struct Job {
    pub input: PathBuf,
    pub output: PathBuf,
    pub changes: Changes,
}

const MACRO: &str = r#"Sub ConvertList(listPath As String)
  Dim n As Integer, line As String
  n = FreeFile
  Open listPath For Input As #n
  Do While Not EOF(n)
    Line Input #n, line
    If Len(line) > 0 Then
      Dim parts
      parts = Split(line, Chr(9))
      On Error Resume Next
      ConvertOne(parts(0), parts(1), parts(2))
      On Error GoTo 0
    End If
  Loop
  Close #n
  StarDesktop.terminate()
End Sub

Sub ConvertOne(inPath As String, outPath As String, mode As String)
  Dim props(0) As New com.sun.star.beans.PropertyValue
  props(0).Name = "Hidden"
  props(0).Value = True
  Dim doc As Object
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(inPath), "_blank", 0, props())
  If IsNull(doc) Then Exit Sub
  Dim frame As Object
  frame = doc.getCurrentController().getFrame()
  Dim dispatcher As Object
  dispatcher = createUnoService("com.sun.star.frame.DispatchHelper")
  If mode = "accept" Then
    dispatcher.executeDispatch(frame, ".uno:AcceptAllTrackedChanges", "", 0, Array())
  ElseIf mode = "reject" Then
    dispatcher.executeDispatch(frame, ".uno:RejectAllTrackedChanges", "", 0, Array())
  End If
  Dim out(1) As New com.sun.star.beans.PropertyValue
  out(0).Name = "FilterName"
  out(0).Value = "Text (encoded)"
  out(1).Name = "FilterOptions"
  out(1).Value = "UTF8,LF"
  doc.storeToURL(ConvertToURL(outPath), out())
  doc.close(True)
End Sub
"#;

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Runs a command, killing it after `limit`. Returns whether it finished.
fn run_with_timeout(cmd: &mut Command, limit: Duration) -> bool {
    let Ok(mut child) = cmd.stdout(Stdio::null()).stderr(Stdio::null()).spawn() else {
        return false;
    };
    let deadline = Instant::now() + limit;
    loop {
        match child.try_wait() {
            Ok(Some(_)) => return true,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(50)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return false;
            }
        }
    }
}

/// A private LibreOffice profile (inside `dir`) holding the conversion macro.
fn make_profile(soffice: &Path, dir: &Path) -> PathBuf {
    let profile = dir.to_path_buf();
    let url = format!("-env:UserInstallation=file://{}", profile.display());
    run_with_timeout(
        Command::new(soffice).arg(&url).arg("--headless").arg("--terminate_after_init"),
        Duration::from_secs(60),
    );
    let basic = profile.join("user/basic/Standard");
    std::fs::create_dir_all(&basic).unwrap();
    let module = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE script:module PUBLIC \"-//OpenOffice.org//DTD OfficeDocument 1.0//EN\" \"module.dtd\">\n<script:module xmlns:script=\"http://openoffice.org/2000/script\" script:name=\"Module1\" script:language=\"StarBasic\">{}</script:module>\n",
        xml_escape(MACRO)
    );
    std::fs::write(basic.join("Module1.xba"), module).unwrap();
    let xlb = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE library:library PUBLIC \"-//OpenOffice.org//DTD OfficeDocument 1.0//EN\" \"library.dtd\">\n<library:library xmlns:library=\"http://openoffice.org/2000/library\" library:name=\"Standard\" library:readonly=\"false\" library:passwordprotected=\"false\">\n <library:element library:name=\"Module1\"/>\n</library:library>\n";
    std::fs::write(basic.join("script.xlb"), xlb).unwrap();
    profile
}

/// Converts every job with LibreOffice, `workers` processes in parallel, each
/// with its own profile under `tmp`. Jobs LibreOffice fails on have no output file.
pub fn convert(soffice: &Path, tmp: &Path, jobs: &[Job], workers: usize, limit: Duration) {
    let workers = workers.clamp(1, jobs.len().max(1));
    let chunk = jobs.len().div_ceil(workers).max(1);
    std::thread::scope(|s| {
        for (w, part) in jobs.chunks(chunk).enumerate() {
            s.spawn(move || {
                let profile = make_profile(soffice, &tmp.join(format!("profile{w}")));
                let list = tmp.join(format!("jobs{w}.tsv"));
                let lines: String = part
                    .iter()
                    .map(|j| {
                        let mode = match j.changes {
                            Changes::AcceptAll => "accept",
                            Changes::RejectAll => "reject",
                            Changes::AsIs => "none",
                        };
                        format!("{}\t{}\t{mode}\n", j.input.display(), j.output.display())
                    })
                    .collect();
                std::fs::write(&list, lines).unwrap();
                let url = format!("-env:UserInstallation=file://{}", profile.display());
                let call = format!("macro:///Standard.Module1.ConvertList(\"{}\")", list.display());
                run_with_timeout(Command::new(soffice).arg(&url).arg("--headless").arg(call), limit);
            });
        }
    });
}

/// LibreOffice's text export: one line per paragraph, BOM stripped.
pub fn read_lines(path: &Path) -> Option<Vec<String>> {
    let text = std::fs::read_to_string(path).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    Some(text.lines().map(str::to_string).collect())
}

/// A reader fixture under tests/data/reader/.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/reader").join(name)
}

/// The tracked-change fixtures (written by tests/data/reader/make_revisions.py).
pub const REVISION_FIXTURES: &[&str] = &[
    "rev-insert-delete.docx",
    "rev-move.docx",
    "rev-deleted-mark.docx",
    "rev-inserted-para.docx",
    "rev-numbered.docx",
    "rev-table-rows.docx",
];

/// Whitespace runs collapsed to one space, ends trimmed.
pub fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A minimal DOCX in memory: `body` is the content of `w:body`; numbering and
/// styles parts are added when given (their inner XML, without the root element).
pub fn build_docx(body: &str, numbering: Option<&str>, styles: Option<&str>) -> Vec<u8> {
    use std::io::Write;
    const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut add = |name: &str, data: &str| {
        zip.start_file(name, opts).unwrap();
        zip.write_all(data.as_bytes()).unwrap();
    };
    add(
        "[Content_Types].xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#,
    );
    add(
        "_rels/.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#,
    );
    add(
        "word/_rels/document.xml.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#,
    );
    add(
        "word/document.xml",
        &format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document {W}><w:body>{body}</w:body></w:document>"),
    );
    if let Some(n) = numbering {
        add("word/numbering.xml", &format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:numbering {W} xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\">{n}</w:numbering>"));
    }
    if let Some(s) = styles {
        add("word/styles.xml", &format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:styles {W}>{s}</w:styles>"));
    }
    zip.finish().unwrap().into_inner()
}
