// XLSXRoundTripTests: what our writer produces, our reader gives back unchanged, and the written
// package has the parts and styling Excel expects.

import Foundation
import Testing
import ZIPFoundation
@testable import LuoshiSpreadsheet

@Suite struct XLSXRoundTripTests {
    static let tasks = Sheet(name: "督办任务", rows: [
        ["序号", "任务名称", "责任单位", "完成时限", "进度"],
        ["1", "落实\"河长制\"巡查", "水利局, 环保局", "2024-06-30", "0.5"],
        ["2", "多行\n说明\r\n含回车", "", "", "-12"],
        ["3", "<标签> & 'quotes'", "  前后空格  ", "", "1.50"],
        ["4", "=SUM(A1:A3)", "007", "110101199003071234", "_x0041_ 字面"],
        ["5", "😀 emoji", "\u{1}控制字符", "", ""],
    ])
    static let people = Sheet(name: "人员", rows: [["姓名", "电话"], ["张三", "+8613800000000"]])
    static let empty = Sheet(name: "Empty", rows: [])

    @Test func severalSheetsRoundTrip() throws {
        let data = try Spreadsheet.write([Self.tasks, Self.people, Self.empty], format: .xlsx)
        let read = try Spreadsheet.read(data, format: .xlsx)
        #expect(read == [Self.tasks, Self.people, Self.empty])
    }

    @Test func outputIsReproducible() throws {
        let a = try Spreadsheet.write([Self.tasks], format: .xlsx)
        let b = try Spreadsheet.write([Self.tasks], format: .xlsx)
        #expect(a == b)
    }

    @Test func raggedRowsComeBackAsWideAsTheirCells() throws {
        let data = try Spreadsheet.write([Sheet(name: "s", rows: [["a", "b", "c"], ["1"], [], ["x", "", "", "extra"]])], format: .xlsx)
        let sheet = try Spreadsheet.read(data, format: .xlsx)[0]
        #expect(sheet.rows == [["a", "b", "c"], ["1"], [], ["x", "", "", "extra"]])
        #expect(sheet.cell(1, 3) == "" && sheet.cell(3, 3) == "extra" && sheet.cell(9, 0) == "")
    }

    /// A 1.5 KB file holding only A1 and GR200000 once padded every row to the widest (40 million
    /// cells, about 620 MB). Only the cells present take memory now.
    @Test func aSparseSheetCostsOnlyItsCells() throws {
        let data = try Fixture.workbook(sheets: [(name: "s", sheetData: """
            <row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>\
            <row r="200000"><c r="GR200000" t="inlineStr"><is><t>z</t></is></c></row>
            """)])
        let rows = try Spreadsheet.read(data, format: .xlsx)[0].rows
        #expect(rows.count == 200_000)
        #expect(rows.reduce(0) { $0 + $1.count } == 1 + 200)
        #expect(rows[199_999][199] == "z")
    }

    @Test func sheetNamesAreSanitisedAndUnique() throws {
        let long = String(repeating: "长", count: 40)
        let sheets = ["a/b:c*?[d]\\", "", long, long, "History", "'quoted'", "SHEET"].map { Sheet(name: $0, rows: [["x"]]) }
        let names = try Spreadsheet.read(Spreadsheet.write(sheets, format: .xlsx), format: .xlsx).map(\.name)
        #expect(names == ["a_b_c___d__", "Sheet2", String(repeating: "长", count: 31),
                          String(repeating: "长", count: 27) + " (2)", "History_", "quoted", "SHEET"])
        #expect(names.allSatisfy { $0.utf16.count <= 31 })
    }

    @Test func noSheetsStillMakesAValidWorkbook() throws {
        let read = try Spreadsheet.read(Spreadsheet.write([], format: .xlsx), format: .xlsx)
        #expect(read == [Sheet(name: "Sheet1", rows: [])])
    }

    @Test func writesNumbersOnlyWhenLossless() throws {
        let data = try Spreadsheet.write([Sheet(name: "n", rows: [["h"], ["42", "-3.25", "007", "1.50", "110101199003071234", "+1", "1e3"]])], format: .xlsx)
        let xml = try part("xl/worksheets/sheet1.xml", of: data)
        #expect(xml.contains(#"<c r="A2"><v>42</v></c>"#))
        #expect(xml.contains(#"<c r="B2"><v>-3.25</v></c>"#))
        for text in ["007", "1.50", "110101199003071234", "+1", "1e3"] {
            #expect(xml.contains(#"<t xml:space="preserve">\#(text)</t>"#), "\(text) should be text")
        }
    }

    @Test func headerIsBoldAndFrozen() throws {
        let data = try Spreadsheet.write([Self.tasks], format: .xlsx)
        let sheet = try part("xl/worksheets/sheet1.xml", of: data)
        #expect(sheet.contains(#"<c r="A1" s="1" t="inlineStr">"#))
        #expect(sheet.contains(#"<c r="A2"><v>1</v></c>"#))
        #expect(sheet.contains(#"state="frozen""#))
        let styles = try part("xl/styles.xml", of: data)
        #expect(styles.contains("<b/>"))
        let types = try part("[Content_Types].xml", of: data)
        #expect(types.contains("/xl/worksheets/sheet1.xml"))
    }

    private func part(_ path: String, of data: Data) throws -> String {
        let archive = try Archive(data: data, accessMode: .read)
        let entry = try #require(archive[path])
        var out = Data()
        _ = try archive.extract(entry) { out.append($0) }
        return String(decoding: out, as: UTF8.self)
    }
}
