#!/usr/bin/env python3
"""Writes the tracked-change fixtures next to this script (tests/data/reader/).

Each fixture is a minimal hand-written WordprocessingML package, so what is
tested is visible here. Regenerate with `python3 tests/data/reader/make_revisions.py`;
the .docx files are committed. Expected texts live in tests/reader_revisions.rs and
are checked against LibreOffice by tests/revisions_libreoffice.rs.
"""
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
AUTH = 'w:author="Alice" w:date="2024-03-01T10:00:00Z"'

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
</Types>"""

ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""

DOC_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>
</Relationships>"""

NUMBERING = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="{W}">
<w:abstractNum w:abstractNumId="0">
<w:multiLevelType w:val="multilevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/><w:suff w:val="space"/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/><w:suff w:val="space"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
</w:numbering>"""


def run(text):
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def ins(rid, text):
    return f'<w:ins w:id="{rid}" {AUTH}>{run(text)}</w:ins>'


def dele(rid, text):
    return f'<w:del w:id="{rid}" {AUTH}><w:r><w:delText xml:space="preserve">{text}</w:delText></w:r></w:del>'


def para(body, ppr=""):
    return f"<w:p>{'<w:pPr>' + ppr + '</w:pPr>' if ppr else ''}{body}</w:p>"


def mark(kind, rid):
    """A tracked insertion or deletion of the paragraph mark itself."""
    return f'<w:rPr><w:{kind} w:id="{rid}" {AUTH}/></w:rPr>'


def numbered(level=0):
    return f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="1"/></w:numPr>'


def document(*paragraphs):
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W}"><w:body>'
        + "".join(paragraphs)
        + '<w:sectPr><w:pgSz w:w="12240" w:h="15840"/></w:sectPr></w:body></w:document>'
    )


def row(cells, change=None):
    """A table row; `change` = (kind, id) tracks the insertion or deletion of the whole row."""
    trpr = f'<w:trPr><w:{change[0]} w:id="{change[1]}" {AUTH}/></w:trPr>' if change else ""
    return "<w:tr>" + trpr + "".join(f'<w:tc><w:tcPr><w:tcW w:w="3000" w:type="dxa"/></w:tcPr>{c}</w:tc>' for c in cells) + "</w:tr>"


def table(*rows):
    grid = '<w:tblGrid><w:gridCol w:w="3000"/><w:gridCol w:w="3000"/></w:tblGrid>'
    return '<w:tbl><w:tblPr><w:tblW w:w="6000" w:type="dxa"/></w:tblPr>' + grid + "".join(rows) + "</w:tbl>"


FIXTURES = {
    # Insertions and deletions inside paragraphs; formatting changes are not text.
    "rev-insert-delete.docx": document(
        para(run("Supplier shall notify Customer within ") + dele(1, "ten (10)") + ins(2, "three (3)") + run(" days.")),
        para(
            '<w:r><w:rPr><w:b/><w:rPrChange w:id="3" ' + AUTH + '><w:rPr/></w:rPrChange></w:rPr>'
            '<w:t>Bold by a tracked format change.</w:t></w:r>',
            '<w:jc w:val="center"/><w:pPrChange w:id="4" ' + AUTH + '><w:pPr/></w:pPrChange>',
        ),
        para(run("Security patches ") + ins(5, "shall") + dele(6, "may") + run(" be provided") + dele(7, " at cost") + run(".")),
    ),
    # A sentence moved from the first paragraph to the third.
    "rev-move.docx": document(
        para(
            run("Term. ")
            + '<w:moveFromRangeStart w:id="10" w:name="move1" ' + AUTH + '/>'
            + '<w:moveFrom w:id="11" ' + AUTH + '>' + run("This clause survives termination. ") + '</w:moveFrom>'
            + '<w:moveFromRangeEnd w:id="10"/>'
            + run("The term is five years.")
        ),
        para(run("Confidentiality applies to both parties.")),
        para(
            run("Survival. ")
            + '<w:moveToRangeStart w:id="12" w:name="move1" ' + AUTH + '/>'
            + '<w:moveTo w:id="13" ' + AUTH + '>' + run("This clause survives termination.") + '</w:moveTo>'
            + '<w:moveToRangeEnd w:id="12"/>'
        ),
    ),
    # Deleted paragraph marks: paragraphs merge when the deletion is accepted.
    "rev-deleted-mark.docx": document(
        para(run("The Supplier shall maintain"), mark("del", 20)),
        para(run(" a vulnerability disclosure policy.")),
        para(dele(21, "This whole paragraph is deleted."), mark("del", 22)),
        para(run("Remaining paragraph.")),
    ),
    # Inserted paragraphs: they vanish (and their mark joins the next) when rejected.
    "rev-inserted-para.docx": document(
        para(run("Definitions.")),
        para(ins(30, "Inserted paragraph with new text."), mark("ins", 31)),
        para(run("Original paragraph"), mark("ins", 32)),
        para(ins(33, " continued by an inserted split.")),
        para(run("Last paragraph.")),
    ),
    # Tracked changes in a numbered list: numbers follow the accepted text.
    "rev-numbered.docx": document(
        para(run("Security requirements"), numbered(0)),
        para(run("Supplier shall ") + ins(40, "promptly ") + run("patch."), numbered(1)),
        para(dele(41, "Supplier may charge for patches."), numbered(1) + mark("del", 42)),
        para(run("Supplier shall provide an SBOM."), numbered(1)),
        para(ins(43, "Supplier shall report incidents."), numbered(1) + mark("ins", 44)),
        para(run("Term"), numbered(0)),
    ),
    # Whole table rows inserted and deleted (w:trPr/w:ins, w:trPr/w:del).
    "rev-table-rows.docx": document(
        para(run("Service levels:")),
        table(
            row([para(run("Severity")), para(run("Response"))]),
            row([para(dele(50, "Critical"), mark("del", 51)), para(dele(52, "30 days"), mark("del", 53))], ("del", 54)),
            row([para(ins(55, "Critical")), para(ins(56, "72 hours"))], ("ins", 57)),
            row([para(run("Low")), para(run("90 days"))]),
        ),
        para(run("End of schedule.")),
    ),
}


def write(name, body):
    path = os.path.join(HERE, name)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        # Fixed timestamps keep the files byte-identical across runs.
        def add(arc, data):
            info = zipfile.ZipInfo(arc, date_time=(2024, 3, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)

        add("[Content_Types].xml", CONTENT_TYPES)
        add("_rels/.rels", ROOT_RELS)
        add("word/_rels/document.xml.rels", DOC_RELS)
        add("word/numbering.xml", NUMBERING)
        add("word/document.xml", body)
    print("wrote", path)


if __name__ == "__main__":
    for name, body in FIXTURES.items():
        write(name, body)
