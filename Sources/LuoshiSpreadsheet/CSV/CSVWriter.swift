// CSVWriter: writes one Sheet as CSV that Excel (including Chinese Excel) opens correctly and that
// cannot smuggle formulas into the program of whoever opens it.

import Foundation

enum CSVWriter {
    /// UTF-8 with a BOM (without it, Excel on Chinese Windows reads UTF-8 as GBK and shows mojibake),
    /// CRLF line ends as RFC 4180 says, and quotes only where needed.
    ///
    /// Formula injection: a cell starting with `=`, `+`, `-`, `@`, tab or CR is run as a formula (or
    /// DDE command) when the CSV is opened in Excel/WPS, so such cells get a leading `'`, which the
    /// spreadsheet shows as plain text. Plain numbers ("-5", "+3.2") are exempt so they stay numbers.
    /// The prefix stays in the file: our reader returns it as part of the cell. Ordinary task data
    /// never starts with these characters, so round trips of real data are unaffected.
    static func write(_ sheet: Sheet) -> Data {
        var out = "\u{FEFF}"
        for row in sheet.rows {
            out += row.map(encodeCell).joined(separator: ",")
            out += "\r\n"
        }
        return Data(out.utf8)
    }

    static func encodeCell(_ cell: String) -> String {
        var text = cell
        if needsFormulaGuard(text) { text = "'" + text }
        let mustQuote = text.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
        guard mustQuote else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func needsFormulaGuard(_ cell: String) -> Bool {
        guard let first = cell.unicodeScalars.first else { return false }
        switch first {
        case "=", "+", "-", "@", "\t", "\r": return !NumberText.isPlainNumber(cell)
        default: return false
        }
    }
}
