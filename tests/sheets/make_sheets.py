#!/usr/bin/env python3
"""Generates the small workbooks in tests/sheets/ used by crates/core/tests/sheet_*.rs.

Kept for reproducibility; CI does not run it (the generated files are committed).
    pip install openpyxl odfpy xlwt
    python3 tests/sheets/make_sheets.py

Each format gets: a data sheet (real date cells, numbers, percentages, text, empty cells and
gaps), a notes sheet that starts below/right of A1, a wide sheet, and a 1904-date-system workbook.
handmade.xlsx is written as raw XML to cover what openpyxl never writes (shared strings with
rich-text runs and phonetic runs, cells and rows without r=, t="str"/"b"/"e"/"d", a prefixed
namespace, absolute and relative part paths).
"""
import datetime as dt
import os
import zipfile

import openpyxl
import xlwt
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableRow, TableCell, CoveredTableCell
from odf.text import P, S, Span, Tab, LineBreak
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.utils.datetime import CALENDAR_MAC_1904

HERE = os.path.dirname(os.path.abspath(__file__))
# Fixed timestamps so reruns give identical zips.
ZIP_TIME = (2024, 1, 1, 0, 0, 0)

START = dt.date(2024, 1, 1)
ROWS = [
    # date, sessions, revenue, conversion, channel, note
    (START + dt.timedelta(days=7 * i), 100 + 13 * i, round(1234.5 + 97.25 * i, 2), 0.02 + 0.0015 * i,
     ["organic", "paid", "social", "email"][i % 4], "check" if i % 5 == 0 else None)
    for i in range(30)
]
HEADER = ["Week", "Sessions", "Revenue €", "Conversion", "Channel", "Note"]


def path(name):
    return os.path.join(HERE, name)


def fix_zip_times(p):
    """Rewrites a zip with fixed timestamps and order, keeping each entry's compression."""
    with zipfile.ZipFile(p) as z:
        items = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(p, "w") as z:
        for info, data in items:
            ni = zipfile.ZipInfo(info.filename, ZIP_TIME)
            ni.compress_type = info.compress_type
            ni.external_attr = info.external_attr
            z.writestr(ni, data)


# ---------------------------------------------------------------- xlsx (openpyxl)
def xlsx_basic():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["Weekly marketing export"])  # title row above the header
    ws.append([])
    ws.append(HEADER)
    for d, s, r, c, ch, note in ROWS:
        ws.append([d, s, r, c, ch, note])
        row = ws.max_row
        ws.cell(row, 1).number_format = "yyyy-mm-dd"
        ws.cell(row, 4).number_format = "0.00%"
    # gaps: a cell far to the right, a blank row, then a row with holes
    ws.cell(40, 10, "far right")
    ws.cell(42, 1, dt.datetime(2024, 3, 5, 14, 30)).number_format = "dd/mm/yyyy hh:mm"
    ws.cell(42, 3, -0.5)
    ws.cell(42, 5, "  padded text  ")
    ws.cell(43, 1, dt.time(6, 15)).number_format = "h:mm"
    ws.cell(43, 2, True)
    ws.cell(43, 3, False)
    ws.cell(43, 4, 1e-12)
    ws.cell(43, 5, "multi\nline ünïcødé ✓ 😀")
    ws.cell(43, 6, 123456789012345.0)
    ws.cell(44, 1, 45000).number_format = '[$-409]d\\-mmm\\-yy;@'
    ws.cell(44, 2, 0.25).number_format = '"x"0.0'
    ws.cell(44, 3, 3).number_format = "[Red]#,##0"
    ws.cell(44, 4, 12.5).number_format = "[h]:mm:ss"
    rich = CellRichText(["plain ", TextBlock(InlineFont(b=True), "bold"), " tail"])
    ws.cell(45, 1).value = rich  # openpyxl writes rich text inline (t="inlineStr")
    notes = wb.create_sheet("Notes")
    notes["C4"] = "Source: shop export"
    notes["C5"] = "Values in EUR"
    notes["E7"] = 42
    wb.create_sheet("Empty")
    wb.save(path("basic.xlsx"))
    fix_zip_times(path("basic.xlsx"))


def xlsx_wide():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Wide"
    for r in range(1, 21):
        for c in range(1, 301):
            if (r * c) % 7 == 0:
                continue  # holes
            ws.cell(r, c, f"h{c}" if r == 1 else r * 1000 + c + (0.5 if c % 3 == 0 else 0))
    wb.save(path("wide.xlsx"))
    fix_zip_times(path("wide.xlsx"))


def xlsx_1904():
    wb = openpyxl.Workbook()
    wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "Mac"
    ws.append(["Date", "Value"])
    for i in range(10):
        ws.append([dt.date(2023, 12, 25) + dt.timedelta(days=i), i * 1.5])
        ws.cell(ws.max_row, 1).number_format = "d-mmm-yy"
    ws.append([dt.datetime(1904, 1, 2, 12, 0), 0])
    ws.cell(ws.max_row, 1).number_format = "yyyy-mm-dd hh:mm"
    wb.save(path("epoch1904.xlsx"))
    fix_zip_times(path("epoch1904.xlsx"))


HANDMADE_SHEET = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
  xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<x:dimension ref="A1:F9"/>
<x:sheetData>
<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c><x:c r="C1" t="s"><x:v>2</x:v></x:c><x:c r="D1" t="s"><x:v>3</x:v></x:c></x:row>
<x:row r="2"><x:c r="A2" s="1"><x:v>45292</x:v></x:c><x:c r="B2"><x:v>12.5</x:v></x:c><x:c r="C2" t="str"><x:f>A1&amp;"x"</x:f><x:v>a &lt;b&gt; &amp; c_x000D_</x:v></x:c><x:c r="D2" t="b"><x:v>1</x:v></x:c><x:c r="E2" t="e"><x:f>1/0</x:f><x:v>#DIV/0!</x:v></x:c></x:row>
<x:row r="3"><x:c s="2"><x:v>45293.75</x:v></x:c><x:c><x:v>-3</x:v></x:c><x:c t="inlineStr"><x:is><x:t xml:space="preserve"> inline </x:t></x:is></x:c><x:c t="b"><x:v>0</x:v></x:c></x:row>
<x:row><x:c><x:v>1E3</x:v></x:c><x:c r="D4" s="3"><x:v>0.125</x:v></x:c><x:c t="s"><x:v>4</x:v></x:c></x:row>
<x:row r="6" spans="1:6"><x:c r="A6" t="s"><x:v>5</x:v></x:c><x:c r="F6" s="1"/><x:c r="B6" t="n"><x:v>7</x:v></x:c></x:row>
<x:row r="7"><x:c r="A7" t="e"><x:v>#N/A</x:v></x:c><x:c r="B7" t="s"><x:v>6</x:v></x:c><x:c r="C7" t="str"><x:v></x:v></x:c><x:c r="D7" s="4"><x:v>2</x:v></x:c></x:row>
<x:row r="9"><x:c r="C9" t="s"><x:v>7</x:v></x:c></x:row>
</x:sheetData>
<x:mergeCells count="1"><x:mergeCell ref="A9:B9"/></x:mergeCells>
</x:worksheet>"""

HANDMADE_STRINGS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="8" uniqueCount="8">
<si><t>Date</t></si>
<si><r><rPr><b/><sz val="11"/></rPr><t>Rev</t></r><r><rPr><i/></rPr><t xml:space="preserve">enue </t></r><r><t>€</t></r></si>
<si><t xml:space="preserve">  spaced  </t></si>
<si><t>Flag</t><rPh sb="0" eb="1"><t>フラグ</t></rPh><phoneticPr fontId="1"/></si>
<si><t>&#x41;&#66;&quot;&apos;</t></si>
<si><t><![CDATA[<cdata & text>]]></t></si>
<si><t>line1
line2</t></si>
<si><t>last</t></si>
</sst>"""

HANDMADE_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy\\ hh:mm"/><numFmt numFmtId="165" formatCode="&quot;day&quot;\\ 0.000"/></numFmts>
<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>
<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="10" applyNumberFormat="1"/><xf numFmtId="165" applyNumberFormat="1"/></cellXfs>
</styleSheet>"""

HANDMADE_WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<workbookPr/>
<sheets><sheet name="Hand &amp; made" sheetId="1" r:id="rId1"/><sheet name="Second" sheetId="2" r:id="rId2"/></sheets>
</workbook>"""

HANDMADE_SECOND = """<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="2"><c r="B2" t="d"><v>2024-02-29T06:00:00</v></c><c r="C2" t="d"><v>2024-03-01</v></c></row>
</sheetData></worksheet>"""

HANDMADE_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/second.xml"/>
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>"""

ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/worksheets/second.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
</Types>"""


def xlsx_handmade():
    parts = [
        ("[Content_Types].xml", CONTENT_TYPES, zipfile.ZIP_DEFLATED),
        ("_rels/.rels", ROOT_RELS, zipfile.ZIP_STORED),
        ("xl/workbook.xml", HANDMADE_WORKBOOK, zipfile.ZIP_DEFLATED),
        ("xl/_rels/workbook.xml.rels", HANDMADE_RELS, zipfile.ZIP_DEFLATED),
        ("xl/worksheets/sheet1.xml", HANDMADE_SHEET, zipfile.ZIP_DEFLATED),
        ("xl/worksheets/second.xml", HANDMADE_SECOND, zipfile.ZIP_STORED),
        ("xl/styles.xml", HANDMADE_STYLES, zipfile.ZIP_DEFLATED),
        ("xl/sharedStrings.xml", HANDMADE_STRINGS, zipfile.ZIP_DEFLATED),
    ]
    with zipfile.ZipFile(path("handmade.xlsx"), "w") as z:
        for name, text, method in parts:
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = method
            z.writestr(info, text.encode("utf-8"))


# ---------------------------------------------------------------- ods (odfpy)
def ods_cell(value=None, kind=None, repeat=None, **kw):
    attrs = {}
    if repeat:
        attrs["numbercolumnsrepeated"] = repeat
    if kind == "float":
        c = TableCell(valuetype="float", value=value, **attrs)
        c.addElement(P(text=str(value)))
    elif kind == "percentage":
        c = TableCell(valuetype="percentage", value=value, **attrs)
        c.addElement(P(text=f"{value * 100:.2f}%"))
    elif kind == "currency":
        c = TableCell(valuetype="currency", currency="EUR", value=value, **attrs)
        c.addElement(P(text=f"{value} €"))
    elif kind == "date":
        c = TableCell(valuetype="date", datevalue=value, **attrs)
        c.addElement(P(text=value))
    elif kind == "time":
        c = TableCell(valuetype="time", timevalue=value, **attrs)
        c.addElement(P(text=value))
    elif kind == "boolean":
        c = TableCell(valuetype="boolean", booleanvalue="true" if value else "false", **attrs)
        c.addElement(P(text="TRUE" if value else "FALSE"))
    elif kind == "string":
        c = TableCell(valuetype="string", **attrs)
        if isinstance(value, list):
            for para in value:
                c.addElement(para)
        else:
            c.addElement(P(text=value))
    else:
        c = TableCell(**attrs)
    return c


def ods_row(cells, repeat=None):
    r = TableRow(numberrowsrepeated=repeat) if repeat else TableRow()
    for c in cells:
        r.addElement(c)
    return r


def ods_basic():
    doc = OpenDocumentSpreadsheet()
    t = Table(name="Data")
    t.addElement(ods_row([ods_cell("Weekly marketing export", "string")]))
    t.addElement(ods_row([ods_cell(repeat=1024)]))
    t.addElement(ods_row([ods_cell(h, "string") for h in HEADER]))
    for d, s, r, c, ch, note in ROWS:
        cells = [ods_cell(d.isoformat(), "date"), ods_cell(s, "float"), ods_cell(r, "currency"),
                 ods_cell(c, "percentage"), ods_cell(ch, "string")]
        cells.append(ods_cell(note, "string") if note else ods_cell())
        cells.append(ods_cell(repeat=1018))
        t.addElement(ods_row(cells))
    # gaps and special cells
    t.addElement(ods_row([ods_cell(repeat=1024)], repeat=5))
    p = P(text="a")
    p.addElement(S(c=3))
    p.addText("b")
    sp = Span(text=" spanned")
    p.addElement(sp)
    p.addElement(Tab())
    p.addText("c")
    p2 = P(text="second")
    p2.addElement(LineBreak())
    p2.addText("para")
    t.addElement(ods_row([
        ods_cell("2024-03-05T14:30:00", "date"), ods_cell(), ods_cell(-0.5, "float"),
        ods_cell(repeat=2), ods_cell([p, p2], "string"), CoveredTableCell(),
        ods_cell(True, "boolean"), ods_cell(False, "boolean"), ods_cell("PT06H15M00S", "time"),
        ods_cell(7, "float", repeat=3), ods_cell(repeat=1000),
    ]))
    t.addElement(ods_row([ods_cell(1.25, "float")], repeat=3))
    # LibreOffice ends sheets with a huge run of empty rows
    t.addElement(ods_row([ods_cell(repeat=1024)], repeat=1048530))
    doc.spreadsheet.addElement(t)

    notes = Table(name="Notes")
    notes.addElement(ods_row([ods_cell(repeat=1024)], repeat=3))
    notes.addElement(ods_row([ods_cell(repeat=2), ods_cell("Source: shop export", "string")]))
    notes.addElement(ods_row([ods_cell(repeat=2), ods_cell("Values in EUR", "string")]))
    notes.addElement(ods_row([ods_cell(repeat=4), ods_cell(42, "float")], repeat=2))
    doc.spreadsheet.addElement(notes)
    doc.spreadsheet.addElement(Table(name="Empty"))
    doc.save(path("basic.ods"))
    fix_zip_times(path("basic.ods"))


def ods_wide():
    doc = OpenDocumentSpreadsheet()
    t = Table(name="Wide")
    for r in range(1, 21):
        cells = []
        for c in range(1, 301):
            if (r * c) % 7 == 0:
                cells.append(ods_cell())
            elif r == 1:
                cells.append(ods_cell(f"h{c}", "string"))
            else:
                cells.append(ods_cell(r * 1000 + c + (0.5 if c % 3 == 0 else 0), "float"))
        t.addElement(ods_row(cells))
    doc.spreadsheet.addElement(t)
    doc.save(path("wide.ods"))
    fix_zip_times(path("wide.ods"))


# ---------------------------------------------------------------- xls (xlwt, BIFF8)
def xls_basic(name="basic.xls", dates_1904=False):
    wb = xlwt.Workbook(encoding="utf-8")
    wb.dates_1904 = dates_1904
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    dt_style = xlwt.easyxf(num_format_str="DD/MM/YYYY HH:MM")
    time_style = xlwt.easyxf(num_format_str="h:mm")
    pct_style = xlwt.easyxf(num_format_str="0.00%")
    ws = wb.add_sheet("Data")
    ws.write(0, 0, "Weekly marketing export")
    for c, h in enumerate(HEADER):
        ws.write(2, c, h)
    for i, (d, s, r, conv, ch, note) in enumerate(ROWS):
        row = 3 + i
        ws.write(row, 0, d, date_style)
        ws.write(row, 1, s)  # small ints become RK records
        ws.write(row, 2, r)
        ws.write(row, 3, conv, pct_style)
        ws.write(row, 4, ch)
        if note:
            ws.write(row, 5, note)
    ws.write(39, 9, "far right")
    ws.write(41, 0, dt.datetime(2024, 3, 5, 14, 30), dt_style)
    ws.write(41, 2, -0.5)
    ws.write(41, 4, "  padded text  ")
    ws.write(42, 0, dt.time(6, 15), time_style)
    ws.write(42, 1, True)
    ws.write(42, 2, False)
    ws.write(42, 3, 1e-12)
    ws.write(42, 4, "multi\nline ünïcødé ✓")
    ws.write(42, 5, 123456789012345.0)
    ws.write(43, 0, 1.5)
    ws.write(43, 1, 12345.67)
    ws.write(43, 2, -7)
    ws.write(43, 3, xlwt.Formula("B44*2"))
    # many distinct strings so the SST spills into CONTINUE records, with non-Latin-1 text
    # (stored as UTF-16) splitting across a record boundary
    big = wb.add_sheet("Strings")
    for i in range(700):
        big.write(i, 0, f"label number {i} " + ("ž" if i % 2 else "e") * (i % 13))
        big.write(i, 1, i)
    notes = wb.add_sheet("Notes")
    notes.write(3, 2, "Source: shop export")
    notes.write(4, 2, "Values in EUR")
    notes.write(6, 4, 42)
    wb.add_sheet("Empty")
    wb.save(path(name))


def xls_wide():
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Wide")
    for r in range(20):
        for c in range(256):
            if ((r + 1) * (c + 1)) % 7 == 0:
                continue
            ws.write(r, c, f"h{c + 1}" if r == 0 else (r + 1) * 1000 + c + 1 + (0.5 if (c + 1) % 3 == 0 else 0))
    wb.save(path("wide.xls"))


def xls_1904():
    wb = xlwt.Workbook(encoding="utf-8")
    wb.dates_1904 = True
    ws = wb.add_sheet("Mac")
    style = xlwt.easyxf(num_format_str="D-MMM-YY")
    ws.write(0, 0, "Date")
    ws.write(0, 1, "Value")
    for i in range(10):
        ws.write(i + 1, 0, dt.date(2023, 12, 25) + dt.timedelta(days=i), style)
        ws.write(i + 1, 1, i * 1.5)
    wb.save(path("epoch1904.xls"))


if __name__ == "__main__":
    xlsx_basic()
    xlsx_wide()
    xlsx_1904()
    xlsx_handmade()
    ods_basic()
    ods_wide()
    xls_basic()
    xls_wide()
    xls_1904()
    print("\n".join(sorted(f for f in os.listdir(HERE) if not f.endswith(".py"))))
