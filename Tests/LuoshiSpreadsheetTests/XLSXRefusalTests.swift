// XLSXRefusalTests: broken, hostile or oversized uploads are refused with the right reason.

import Foundation
import Testing
@testable import LuoshiSpreadsheet

@Suite struct XLSXRefusalTests {
    @Test func notAZip() {
        expectReason(.notAnXLSXFile) { try Spreadsheet.read(Data("任务,负责人\n".utf8), format: .xlsx) }
        expectReason(.notAnXLSXFile) { try Spreadsheet.read(Data(), format: .xlsx) }
        expectReason(.notAnXLSXFile) { try Spreadsheet.read(Data([0x50, 0x4B, 0x03, 0x04, 0, 0, 0]), format: .xlsx) }
        // An old .xls (OLE compound file) gets its own explanation.
        expectReason(.notAnXLSXFile) { try Spreadsheet.read(Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]), format: .xlsx) }
    }

    @Test func zipWithoutWorkbook() throws {
        let data = try Fixture.zip([("word/document.xml", "<w:document/>")])
        expectReason(.missingPart) { try Spreadsheet.read(data, format: .xlsx) }
    }

    @Test func workbookWithoutItsWorksheet() throws {
        let good = try Fixture.workbook(sheets: [(name: "s", sheetData: "")])
        let data = try rebuild(good, dropping: "xl/worksheets/sheet1.xml")
        expectReason(.missingPart) { try Spreadsheet.read(data, format: .xlsx) }
    }

    @Test func sharedStringCellWithoutSharedStrings() throws {
        let data = try Fixture.workbook(sheets: [(name: "s", sheetData: #"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#)])
        expectReason(.missingPart) { try Spreadsheet.read(data, format: .xlsx) }
    }

    @Test func brokenXML() throws {
        let unclosed = try Fixture.workbook(sheets: [(name: "s", sheetData: #"<row r="1"><c r="A1"><v>1</v></row>"#)])
        expectReason(.malformedXML) { try Spreadsheet.read(unclosed, format: .xlsx) }
        let truncated = try Fixture.zip([
            ("xl/workbook.xml", #"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets>"#),
            ("xl/_rels/workbook.xml.rels", #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>"#),
        ])
        expectReason(.malformedXML) { try Spreadsheet.read(truncated, format: .xlsx) }
        let notXML = try Fixture.zip([("xl/workbook.xml", "PK garbage"), ("xl/_rels/workbook.xml.rels", "")])
        expectReason(.malformedXML) { try Spreadsheet.read(notXML, format: .xlsx) }
        let badRef = try Fixture.workbook(sheets: [(name: "s", sheetData: #"<row r="1"><c r="1A"><v>1</v></c></row>"#)])
        expectReason(.malformedXML) { try Spreadsheet.read(badRef, format: .xlsx) }
        let badIndex = try Fixture.workbook(
            sheets: [(name: "s", sheetData: #"<row r="1"><c r="A1" t="s"><v>5</v></c></row>"#)], sharedStrings: "<si><t>x</t></si>")
        expectReason(.malformedXML) { try Spreadsheet.read(badIndex, format: .xlsx) }
    }

    @Test func entityExpansionIsRefused() throws {
        let lol = #"<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>"#
            + #"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&b;</t></si></sst>"#
        let good = try Fixture.workbook(sheets: [(name: "s", sheetData: "")], sharedStrings: "")
        let data = try rebuild(good, replacing: "xl/sharedStrings.xml", with: lol)
        expectReason(.malformedXML) { try Spreadsheet.read(data, format: .xlsx) }
    }

    @Test func zipBombIsStoppedWhileInflating() throws {
        // 8 MB of whitespace deflates to a few KB; a 1 MB budget must stop it.
        let padding = String(repeating: " ", count: 8 * 1024 * 1024)
        let data = try Fixture.workbook(sheets: [(name: "s", sheetData: #"<row r="1"><c r="A1"><v>1</v></c></row>"# + padding)])
        #expect(data.count < 100_000)
        let limits = SpreadsheetLimits(maxBytes: 1024 * 1024)
        expectReason(.tooLarge) { try Spreadsheet.read(data, format: .xlsx, limits: limits) }
        #expect(try Spreadsheet.read(data, format: .xlsx, limits: SpreadsheetLimits(maxBytes: 9 * 1024 * 1024))[0].rows == [["1"]])
    }

    @Test func uploadOverTheByteLimit() throws {
        let data = try Spreadsheet.write([Sheet(name: "s", rows: [["a"]])], format: .xlsx)
        expectReason(.tooLarge) { try Spreadsheet.read(data, format: .xlsx, limits: SpreadsheetLimits(maxBytes: data.count - 1)) }
    }

    @Test func rowAndColumnLimits() throws {
        let limits = SpreadsheetLimits(maxRows: 10, maxColumns: 26)
        let farRow = try Fixture.workbook(sheets: [(name: "s", sheetData: #"<row r="11"><c r="A11"><v>1</v></c></row>"#)])
        expectReason(.tooLarge) { try Spreadsheet.read(farRow, format: .xlsx, limits: limits) }
        let farColumn = try Fixture.workbook(sheets: [(name: "s", sheetData: #"<row r="1"><c r="AA1"><v>1</v></c></row>"#)])
        expectReason(.tooLarge) { try Spreadsheet.read(farColumn, format: .xlsx, limits: limits) }
        // Empty styled cells far away do not count.
        let styledOnly = try Fixture.workbook(sheets: [(name: "s", sheetData: #"<row r="1"><c r="A1"><v>1</v></c><c r="XFD1" s="1"/></row><row r="1048576"><c r="A1048576" s="1"/></row>"#)])
        #expect(try Spreadsheet.read(styledOnly, format: .xlsx, limits: limits)[0].rows == [["1"]])
    }

    /// Copies the archive's parts, leaving out or replacing one.
    private func rebuild(_ data: Data, dropping: String? = nil, replacing: String? = nil, with xml: String = "") throws -> Data {
        let archive = try ZIPFoundationBridge.entries(of: data)
        var parts: [(String, Data)] = []
        for (path, bytes) in archive where path != dropping {
            parts.append((path, path == replacing ? Data(xml.utf8) : bytes))
        }
        return try Fixture.zipData(parts)
    }
}
