// CSVReadTests: CSV parsing: RFC 4180 quoting, line ends, BOM, GBK input and refusals.

import Foundation
import Testing
@testable import LuoshiSpreadsheet

@Suite struct CSVReadTests {
    private func read(_ text: String, limits: SpreadsheetLimits = .init()) throws -> [[String]] {
        try Spreadsheet.read(Data(text.utf8), format: .csv, limits: limits)[0].rows
    }

    @Test func quotedCellsKeepCommasQuotesAndNewlines() throws {
        let text = "任务,说明\r\n\"整改, 第一批\",\"他说\"\"立即办\"\"\"\r\n\"多行\r\n第二行\",x\r\n"
        #expect(try read(text) == [["任务", "说明"], ["整改, 第一批", "他说\"立即办\""], ["多行\r\n第二行", "x"]])
    }

    @Test func acceptsLFAndCRLFAndMissingFinalLineEnd() throws {
        #expect(try read("a,b\nc,d") == [["a", "b"], ["c", "d"]])
        #expect(try read("a,b\r\nc,d\r\n") == [["a", "b"], ["c", "d"]])
    }

    @Test func stripsUTF8BOM() throws {
        let data = Data([0xEF, 0xBB, 0xBF]) + Data("编号,名称\n1,甲\n".utf8)
        let sheet = try Spreadsheet.read(data, format: .csv)[0]
        #expect(sheet.rows[0][0] == "编号")
        #expect(sheet.name == "Sheet1")
    }

    @Test func readsGBKFromChineseExcel() throws {
        // "任务,负责人,截止日期\r\n整改"落实",张三,2024-05-01\r\n" as saved by Excel on Chinese Windows.
        let gbk: [UInt8] = [
            0xC8, 0xCE, 0xCE, 0xF1, 0x2C, 0xB8, 0xBA, 0xD4, 0xF0, 0xC8, 0xCB, 0x2C, 0xBD, 0xD8, 0xD6, 0xB9,
            0xC8, 0xD5, 0xC6, 0xDA, 0x0D, 0x0A, 0xD5, 0xFB, 0xB8, 0xC4, 0x22, 0xC2, 0xE4, 0xCA, 0xB5, 0x22,
            0x2C, 0xD5, 0xC5, 0xC8, 0xFD, 0x2C, 0x32, 0x30, 0x32, 0x34, 0x2D, 0x30, 0x35, 0x2D, 0x30, 0x31,
            0x0D, 0x0A,
        ]
        let rows = try Spreadsheet.read(Data(gbk), format: .csv)[0].rows
        // A quote inside an unquoted cell is kept literally, as Excel does.
        #expect(rows == [["任务", "负责人", "截止日期"], ["整改\"落实\"", "张三", "2024-05-01"]])
    }

    @Test func refusesBytesThatAreNeitherUTF8NorGB18030() {
        expectReason(.unsupportedEncoding) { try Spreadsheet.read(Data([0x41, 0xFF, 0x42, 0x0A]), format: .csv) }
        expectReason(.unsupportedEncoding) { try Spreadsheet.read(Data([0xFF, 0xFE, 0x41, 0x00]), format: .csv) }
    }

    @Test func dropsTrailingEmptyLinesAndPadsShortRows() throws {
        #expect(try read("a,b,c\n1\n\n,,\n\n") == [["a", "b", "c"], ["1"]])
    }

    @Test func keepsWhitespaceForTheCallerToTrim() throws {
        #expect(try read(" a ,\tb\n") == [[" a ", "\tb"]])
    }

    @Test func emptyInputGivesEmptySheet() throws {
        #expect(try read("") == [])
        #expect(try read("\u{FEFF}") == [])
    }

    @Test func emptyQuotedCellAlone() throws {
        #expect(try read("\"\",b") == [["", "b"]])
        // A record of one empty cell is an empty row, dropped when trailing.
        #expect(try read("\"\"") == [])
        #expect(try read("a,\"\"") == [["a", ""]])
    }

    @Test func malformedQuotingIsRefused() {
        expectReason(.malformedCSV) { try Spreadsheet.read(Data("a,\"unterminated\n".utf8), format: .csv) }
        expectReason(.malformedCSV) { try Spreadsheet.read(Data("\"closed\"junk,b\n".utf8), format: .csv) }
    }

    @Test func limitsApply() {
        let limits = SpreadsheetLimits(maxBytes: 100, maxRows: 2, maxColumns: 3)
        expectReason(.tooLarge) { try Spreadsheet.read(Data("a\nb\nc\n".utf8), format: .csv, limits: limits) }
        expectReason(.tooLarge) { try Spreadsheet.read(Data("a,b,c,d\n".utf8), format: .csv, limits: limits) }
        expectReason(.tooLarge) { try Spreadsheet.read(Data(repeating: 0x41, count: 101), format: .csv, limits: limits) }
    }
}
