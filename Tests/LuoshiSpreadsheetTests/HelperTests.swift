// HelperTests: the small pure pieces: format detection, cell references, number text, dates,
// date-format detection and the OOXML string escapes.

import Foundation
import Testing
@testable import LuoshiSpreadsheet

@Suite struct HelperTests {
    @Test func formatFromFilename() {
        #expect(SpreadsheetFormat(filename: "任务清单.XLSX") == .xlsx)
        #expect(SpreadsheetFormat(filename: "a.b.csv") == .csv)
        #expect(SpreadsheetFormat(filename: "old.xls") == nil)
        #expect(SpreadsheetFormat(filename: "csv") == nil)
        #expect(SpreadsheetFormat.csv.mediaType == "text/csv; charset=utf-8")
        #expect(SpreadsheetFormat.xlsx.mediaType == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    }

    @Test func cellReferences() {
        #expect(CellReference.parse("A1")! == (0, 0))
        #expect(CellReference.parse("Z10")! == (9, 25))
        #expect(CellReference.parse("AA1")! == (0, 26))
        #expect(CellReference.parse("XFD1048576")! == (1_048_575, 16_383))
        #expect(CellReference.parse("1A") == nil && CellReference.parse("A") == nil && CellReference.parse("A0") == nil)
        #expect([0, 25, 26, 51, 52, 701, 702, 16_383].map(CellReference.columnName) == ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA", "XFD"])
    }

    @Test func plainAndCanonicalNumbers() {
        for n in ["5", "-5", "+5", "3.14", ".5", "5.", "-1e3", "2E+10"] { #expect(NumberText.isPlainNumber(n), "\(n)") }
        for n in ["", "-", "1-2", "=1", "1e", "1,000", "¥5", " 5"] { #expect(!NumberText.isPlainNumber(n), "\(n)") }
        for n in ["0", "5", "-5", "3.14", "0.5", "-0.001", "123456789012345"] { #expect(NumberText.isCanonicalNumber(n), "\(n)") }
        for n in ["007", "1.50", "+5", ".5", "5.", "1e3", "-0", "1234567890123456", "110101199003071234"] {
            #expect(!NumberText.isCanonicalNumber(n), "\(n)")
        }
    }

    @Test func excelDates() {
        #expect(ExcelDate.text(serial: 1, uses1904Dates: false) == "1900-01-01")
        #expect(ExcelDate.text(serial: 45292, uses1904Dates: false) == "2024-01-01")
        #expect(ExcelDate.text(serial: 2_958_465, uses1904Dates: false) == "9999-12-31")
        #expect(ExcelDate.text(serial: 45291.99999999, uses1904Dates: false) == "2024-01-01")
        #expect(ExcelDate.text(serial: -1, uses1904Dates: false) == nil)
        #expect(ExcelDate.text(serial: 0, uses1904Dates: false) == nil)
    }

    @Test func dateFormatCodes() {
        for code in ["yyyy-mm-dd", "yyyy\"年\"m\"月\"d\"日\"", "[$-804]aaaa;@ m/d", "h:mm AM/PM", "[h]:mm:ss"] {
            #expect(DateStyles.isDateFormatCode(code), "\(code)")
        }
        for code in ["General", "0.00", "#,##0", "@", "0.00_);[Red]\\(0.00\\)", "\"day\" 0", "0.00E+00"] {
            #expect(!DateStyles.isDateFormatCode(code), "\(code)")
        }
    }

    @Test func ooxmlEscapesRoundTrip() {
        for text in ["plain", "a_x0041_b", "_x005F_", "\u{1}\u{8}\u{FFFE}", "line\r\n", "_x12", "中文_x"] {
            #expect(OOXMLText.decode(OOXMLText.encode(text)) == text, "\(text.debugDescription)")
        }
        #expect(OOXMLText.decode("a_x000D_b_x4E2D_") == "a\rb中")
    }
}
