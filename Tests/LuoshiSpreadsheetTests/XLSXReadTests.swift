// XLSXReadTests: reading workbooks as other programs write them: sparse cells, far columns, shared
// and rich-text strings, cell types, date styles, sheet order.

import Foundation
import Testing
@testable import LuoshiSpreadsheet

@Suite struct XLSXReadTests {
    @Test func sparseCellsAndColumnsBeyondZ() throws {
        let data = try Fixture.workbook(sheets: [(name: "稀疏", sheetData: """
            <row r="1"><c r="A1" t="inlineStr"><is><t>编号</t></is></c><c r="C1" t="inlineStr"><is><t>C</t></is></c><c r="AA1" t="inlineStr"><is><t>AA列</t></is></c></row>
            <row r="3"><c r="B3"><v>7</v></c><c r="AB3"><v>8</v></c></row>
            <row r="4"><c r="A4" s="0"/></row>
            <row r="9"><c r="Z9" s="3"/></row>
            """)])
        let rows = try Spreadsheet.read(data, format: .xlsx)[0].rows
        #expect(rows.count == 3)
        #expect(rows.map(\.count) == [27, 0, 28], "each row as wide as its last cell")
        #expect(rows[0][0] == "编号" && rows[0][2] == "C" && rows[0][26] == "AA列" && rows[0][1] == "")
        #expect(rows[1].allSatisfy { $0.isEmpty })
        #expect(rows[2][1] == "7" && rows[2][27] == "8")
    }

    @Test func cellsWithoutReferencesFollowOneAnother() throws {
        let data = try Fixture.workbook(sheets: [(name: "s", sheetData: """
            <row><c><v>1</v></c><c><v>2</v></c></row><row><c r="B2"><v>3</v></c><c><v>4</v></c></row>
            """)])
        #expect(try Spreadsheet.read(data, format: .xlsx)[0].rows == [["1", "2"], ["", "3", "4"]])
    }

    @Test func sharedStringsIncludingRichTextRunsAndPhonetics() throws {
        let data = try Fixture.workbook(
            sheets: [(name: "s", sheetData: #"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>"#)],
            sharedStrings: """
                <si><t>任务</t></si>
                <si><r><rPr><b/></rPr><t>加粗</t></r><r><t xml:space="preserve"> 普通</t></r><rPh sb="0" eb="1"><t>かな</t></rPh></si>
                <si><t>line_x000D_\nnext &amp; &lt;ok&gt;</t></si>
                """)
        #expect(try Spreadsheet.read(data, format: .xlsx)[0].rows == [["任务", "加粗 普通", "line\r\nnext & <ok>"]])
    }

    @Test func cellTypes() throws {
        let data = try Fixture.workbook(sheets: [(name: "s", sheetData: """
            <row r="1">
            <c r="A1" t="b"><v>1</v></c><c r="B1" t="b"><v>0</v></c>
            <c r="C1" t="str"><f>A1&amp;"x"</f><v>公式结果</v></c>
            <c r="D1" t="e"><v>#N/A</v></c>
            <c r="E1"><v>5.0</v></c><c r="F1"><v>3.14</v></c><c r="G1"><v>0.30000000000000004</v></c>
            <c r="H1"><v>1E-3</v></c><c r="I1"><v>-0</v></c><c r="J1" t="n"><v>12345678901234</v></c>
            <c r="K1" t="d"><v>2024-05-01T00:00:00</v></c><c r="L1" t="d"><v>2024-05-01T14:30:00</v></c>
            </row>
            """)])
        #expect(try Spreadsheet.read(data, format: .xlsx)[0].rows == [[
            "TRUE", "FALSE", "公式结果", "#N/A", "5", "3.14", "0.3", "0.001", "0", "12345678901234",
            "2024-05-01", "2024-05-01 14:30",
        ]])
    }

    static let dateStyles = """
        <numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>\
        <numFmt numFmtId="165" formatCode="0.00_);[Red]\\(0.00\\)"/><numFmt numFmtId="166" formatCode="[$-804]yyyy/m/d h:mm"/></numFmts>
        <cellStyleXfs count="1"><xf numFmtId="22"/></cellStyleXfs>
        <cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="22"/><xf numFmtId="166"/></cellXfs>
        """

    @Test func dateFormattedCellsBecomeISODates() throws {
        let data = try Fixture.workbook(
            sheets: [(name: "s", sheetData: """
                <row r="1"><c r="A1" s="1"><v>45292</v></c><c r="B1" s="2"><v>45443</v></c><c r="C1" s="3"><v>45292</v></c>
                <c r="D1" s="4"><v>45292.604166666664</v></c><c r="E1" s="5"><v>45292.5</v></c><c r="F1" s="0"><v>45292</v></c>
                <c r="G1" s="1"><v>59</v></c><c r="H1" s="1"><v>60</v></c><c r="I1" s="1"><v>61</v></c><c r="J1" s="4"><v>0.75</v></c>
                <c r="K1" s="1"><v>1</v></c></row>
                """)],
            styles: Self.dateStyles)
        #expect(try Spreadsheet.read(data, format: .xlsx)[0].rows == [[
            "2024-01-01", "2024-05-31", "45292", "2024-01-01 14:30", "2024-01-01 12:00", "45292",
            "1900-02-28", "1900-02-29", "1900-03-01", "18:00", "1900-01-01",
        ]])
    }

    @Test func date1904System() throws {
        let data = try Fixture.workbook(
            sheets: [(name: "s", sheetData: #"<row r="1"><c r="A1" s="1"><v>0</v></c><c r="B1" s="1"><v>43830</v></c></row>"#)],
            styles: Self.dateStyles, workbookPr: #"date1904="1""#)
        #expect(try Spreadsheet.read(data, format: .xlsx)[0].rows == [["1904-01-01", "2024-01-01"]])
    }

    @Test func sheetsComeInWorkbookOrderWithTheirNames() throws {
        let data = try Fixture.workbook(sheets: [
            (name: "第一", sheetData: #"<row r="1"><c r="A1"><v>1</v></c></row>"#),
            (name: "第二 &amp; more", sheetData: #"<row r="1"><c r="A1"><v>2</v></c></row>"#),
            (name: "空", sheetData: ""),
        ])
        let sheets = try Spreadsheet.read(data, format: .xlsx)
        #expect(sheets == [Sheet(name: "第一", rows: [["1"]]), Sheet(name: "第二 & more", rows: [["2"]]), Sheet(name: "空", rows: [])])
    }

    @Test func prefixedSpreadsheetMLNamespace() throws {
        let sheetXML = #"<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>前缀</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>"#
        let relType = Fixture.relType
        let data = try Fixture.zip([
            ("_rels/.rels", #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="R1" Type="\#(relType)/officeDocument" Target="/xl/book.xml"/></Relationships>"#),
            ("xl/book.xml", #"<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:rel="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><x:sheets><x:sheet name="P" sheetId="1" rel:id="R2"/></x:sheets></x:workbook>"#),
            ("xl/_rels/book.xml.rels", #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="R2" Type="\#(relType)/worksheet" Target="./sheets/../worksheets/a.xml"/></Relationships>"#),
            ("xl/worksheets/a.xml", sheetXML),
        ])
        #expect(try Spreadsheet.read(data, format: .xlsx) == [Sheet(name: "P", rows: [["前缀"]])])
    }
}
