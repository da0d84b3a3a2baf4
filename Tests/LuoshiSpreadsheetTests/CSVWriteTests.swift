// CSVWriteTests: CSV output: BOM, CRLF, quoting, formula-injection guard, and round trips.

import Foundation
import Testing
@testable import LuoshiSpreadsheet

@Suite struct CSVWriteTests {
    private func text(_ rows: [[String]]) throws -> String {
        let data = try Spreadsheet.write([Sheet(name: "任务", rows: rows)], format: .csv)
        return String(decoding: data, as: UTF8.self)
    }

    @Test func startsWithBOMAndUsesCRLF() throws {
        let data = try Spreadsheet.write([Sheet(name: "x", rows: [["a", "b"], ["1", "2"]])], format: .csv)
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(try text([["a", "b"], ["1", "2"]]) == "\u{FEFF}a,b\r\n1,2\r\n")
    }

    @Test func quotesOnlyWhenNeeded() throws {
        #expect(try text([["plain", "a,b", "say \"hi\"", "two\nlines", "中文"]])
            == "\u{FEFF}plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",中文\r\n")
    }

    @Test func guardsAgainstFormulaInjection() throws {
        let cells = ["=HYPERLINK(\"http://evil\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "-5", "+3.5", "-1e3", "a=b"]
        let out = try text([cells])
        let read = try Spreadsheet.read(Data(out.utf8), format: .csv)[0].rows[0]
        #expect(read == ["'=HYPERLINK(\"http://evil\")", "'+1+1", "'-2+3", "'@SUM(A1)", "'\tx", "'\rx", "-5", "+3.5", "-1e3", "a=b"])
    }

    @Test func onlyTheFirstSheetIsWritten() throws {
        let data = try Spreadsheet.write([Sheet(name: "a", rows: [["1"]]), Sheet(name: "b", rows: [["2"]])], format: .csv)
        #expect(String(decoding: data, as: UTF8.self) == "\u{FEFF}1\r\n")
        #expect(try Spreadsheet.write([], format: .csv) == Data([0xEF, 0xBB, 0xBF]))
    }

    @Test func roundTripKeepsChineseCommasQuotesAndNewlines() throws {
        let rows = [
            ["任务名称", "责任单位", "备注"],
            ["落实\"河长制\"", "水利局, 环保局", "第一行\n第二行"],
            ["  空格保留  ", "", "CRLF\r\n内部"],
            ["007", "-5", "1.50"],
        ]
        let data = try Spreadsheet.write([Sheet(name: "任务", rows: rows)], format: .csv)
        #expect(try Spreadsheet.read(data, format: .csv)[0].rows == rows)
    }
}
