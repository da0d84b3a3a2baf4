#!/usr/bin/env python3
"""Checks LuoshiSpreadsheet's xlsx against openpyxl, an independent implementation.

Usage (openpyxl required: python3 -m venv /tmp/v && /tmp/v/bin/pip install openpyxl):
  check-xlsx-interop.py check PATH          open an xlsx our writer made (the InteropTests sample)
                                            with openpyxl; print OK or a diff, exit 1 on a diff
  check-xlsx-interop.py write-fixture PATH  write an openpyxl workbook (shared strings, dates, numbers,
                                            an empty cell in the middle) for our reader to read

The round trip, end to end:
  LUOSHI_XLSX_INTEROP_OUT=/tmp/ours.xlsx swift test --filter InteropTests
  check-xlsx-interop.py check /tmp/ours.xlsx
  check-xlsx-interop.py write-fixture /tmp/theirs.xlsx
  LUOSHI_XLSX_INTEROP_IN=/tmp/theirs.xlsx swift test --filter InteropTests

SAMPLE and FIXTURE_EXPECTED mirror InteropTests.sample / expectedFromOpenpyxl in
Tests/LuoshiSpreadsheetTests/InteropTests.swift; change them together.
"""
import datetime
import re
import sys
import zipfile

import openpyxl
from openpyxl.styles import Font

# What our writer was given, with the sheet names it should have after sanitising ("/" → "_"),
# and the typed values openpyxl should see: canonical numbers became numbers, the rest stayed text.
SAMPLE = {
    "督办任务": [
        ["序号", "任务名称", "责任单位", "进度", "备注"],
        [1, "落实\"河长制\"巡查", "水利局, 环保局", 0.5, "多行\n说明"],
        [2, "<标签> & 'quotes'", None, -12, "007"],
        [3, "=SUM(A1:A3)", "  前后空格  ", 3.25, "110101199003071234"],
    ],
    "人员_名单": [["姓名", "电话"], ["张三", "+8613800000000"]],
}


def check(path):
    problems = []
    wb = openpyxl.load_workbook(path)
    if wb.sheetnames != list(SAMPLE):
        problems.append(f"sheet names: expected {list(SAMPLE)}, got {wb.sheetnames}")
    for name, expected in SAMPLE.items():
        if name not in wb.sheetnames:
            continue
        ws = wb[name]
        got = [list(row) for row in ws.iter_rows(values_only=True)]
        width = max(len(r) for r in expected)
        expected = [r + [None] * (width - len(r)) for r in expected]
        for r, (exp_row, got_row) in enumerate(zip(expected, got), start=1):
            for c, (e, g) in enumerate(zip(exp_row, got_row), start=1):
                # Type matters: "007" must stay a string, 42 must be a number.
                if e != g or type(e) is not type(g):
                    problems.append(f"{name}!{openpyxl.utils.get_column_letter(c)}{r}: expected {e!r}, got {g!r}")
        if len(got) != len(expected):
            problems.append(f"{name}: expected {len(expected)} rows, got {len(got)}")
        if not ws["A1"].font.b:
            problems.append(f"{name}: header cell A1 is not bold")
        if len(expected) > 1 and ws.freeze_panes != "A2":
            problems.append(f"{name}: header not frozen (freeze_panes={ws.freeze_panes!r})")
        if any(ws.cell(row=1, column=c).value is not None and not ws.cell(row=1, column=c).font.b
               for c in range(1, width + 1)):
            problems.append(f"{name}: some header cell is not bold")
    if problems:
        print("DIFF")
        for p in problems:
            print("  " + p)
        return 1
    print("OK")
    return 0


# What our reader must return for the fixture (kept here for reference; asserted in Swift).
FIXTURE_EXPECTED = {
    "任务": [
        ["任务名称", "数量", "截止日期", "开始时间", "负责人"],
        ["整改落实", "3", "2024-06-30", "2024-01-02 09:30", "张三"],
        ["复查", "", "2024-12-31", "", "李四"],
        ["统计", "2.75", "", "", "张三"],
    ],
    "Second": [["a", "", "c"], ["", "", ""], ["x", "", "TRUE"]],
}


def write_fixture(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "任务"
    ws.append(["任务名称", "数量", "截止日期", "开始时间", "负责人"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    # openpyxl stores strings as shared strings; "张三" appears twice so the table is shared for real.
    ws.append(["整改落实", 3, datetime.date(2024, 6, 30), datetime.datetime(2024, 1, 2, 9, 30), "张三"])
    ws.append(["复查", None, datetime.date(2024, 12, 31), None, "李四"])  # empty cell in the middle
    ws.append(["统计", 2.75, None, None, "张三"])
    second = wb.create_sheet("Second")
    second["A1"] = "a"
    second["C1"] = "c"
    second["A3"] = "x"
    second["C3"] = True
    wb.save(path)
    shared = to_shared_strings(path, "xl/worksheets/sheet1.xml")
    openpyxl.load_workbook(path)  # the rewritten file must still be valid for openpyxl
    print(f"wrote {path} (sheet 任务 with {shared} shared strings, sheet Second with inline strings)")
    return 0


SST_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
SST_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def to_shared_strings(path, sheet_part):
    """Moves one sheet's inline strings into xl/sharedStrings.xml, the way Excel stores text.

    openpyxl up to 3.0 wrote shared strings; 3.1 writes inline strings. Rewriting keeps the fixture
    covering both, whichever openpyxl is installed. Returns how many distinct strings were shared."""
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    if "xl/sharedStrings.xml" in parts:
        return -1  # this openpyxl already wrote shared strings
    table = []

    def share(match):
        text = match.group(2)  # still XML-escaped, which is what the table wants too
        if text not in table:
            table.append(text)
        return f'<c {match.group(1)}t="s"><v>{table.index(text)}</v></c>'

    sheet = parts[sheet_part].decode()
    sheet = re.sub(r'<c ([^>]*?)t="inlineStr"\s*><is><t[^>]*>(.*?)</t></is></c>', share, sheet)
    parts[sheet_part] = sheet.encode()
    sst = "".join(f"<si><t>{t}</t></si>" for t in table)
    parts["xl/sharedStrings.xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(table)}" '
        f'uniqueCount="{len(table)}">{sst}</sst>').encode()
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    parts["xl/_rels/workbook.xml.rels"] = rels.replace(
        "</Relationships>",
        f'<Relationship Id="rIdShared" Type="{SST_TYPE}" Target="sharedStrings.xml"/></Relationships>').encode()
    types = parts["[Content_Types].xml"].decode()
    parts["[Content_Types].xml"] = types.replace(
        "</Types>", f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SST_CONTENT}"/></Types>').encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return len(table)


def main(argv):
    if len(argv) == 3 and argv[1] == "check":
        return check(argv[2])
    if len(argv) == 3 and argv[1] == "write-fixture":
        return write_fixture(argv[2])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
