#!/usr/bin/env bash
# Benchmark of hostile-sized inputs (issue 13; not a test).
#
#   benches/hostile.sh
#
# Generates (with python3, cached under $BENCH_DIR, default target/bench-hostile)
# one DOCX with a single 10 MB paragraph and one whose document.xml is 50 MB of
# ordinary paragraphs, then prints wall time and peak RSS (/usr/bin/time) of
# `mc2lint check -q` on each with the release build. Targets: seconds and a few
# hundred MB.
set -euo pipefail
cd "$(dirname "$0")/.."
work=${BENCH_DIR:-$PWD/target/bench-hostile}
mkdir -p "$work"
cargo build --release --quiet --bin mc2lint
bin=$PWD/target/release/mc2lint

python3 - "$work" <<'PY'
import os, sys, zipfile
work = sys.argv[1]
CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
      'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="word/document.xml"/></Relationships>')
S = ["The Supplier shall notify the Customer of any security incident within %d hours of discovery. ",
     "Supplier will provide a software bill of materials for product %d, updated with every release. ",
     "9.%d The Customer may terminate this Agreement upon thirty (30) days written notice. ",
     "Supplier shall patch critical vulnerability %d promptly under its disclosure program. "]
def runs(n_bytes, seed):
    out, size, i = [], 0, 0
    while size < n_bytes:
        s = S[i % 4] % (seed + i)
        out.append('<w:r><w:t xml:space="preserve">%s</w:t></w:r>' % s)
        size += len(s); i += 1
    return ''.join(out)
def write(name, body):
    path = os.path.join(work, name)
    if os.path.exists(path):
        return
    doc = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
           'wordprocessingml/2006/main"><w:body>' + body + '</w:body></w:document>')
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml', CT); z.writestr('_rels/.rels', RELS); z.writestr('word/document.xml', doc)
write('paragraph-10mb.docx', '<w:p>' + runs(10_000_000, 0) + '</w:p>')
parts, size, k = [], 0, 0
while size < 50_000_000:
    p = '<w:p>' + runs(400, k) + '</w:p>'; parts.append(p); size += len(p); k += 1
write('document-50mb.docx', ''.join(parts))
PY

for f in paragraph-10mb document-50mb; do
  /usr/bin/time -f "$f: %e s, %M KB peak" "$bin" check -q "$work/$f.docx" >/dev/null || true
done
