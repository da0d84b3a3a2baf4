// WorksheetParser: reads one xl/worksheets/sheetN.xml into rows of display text, placing each cell
// by its reference (sparse rows, skipped cells, columns past Z) and turning typed values into text.

import Foundation

struct WorksheetContext {
    var sharedStrings: [String]?
    var dateStyles: DateStyles
    var uses1904Dates: Bool
    var limits: SpreadsheetLimits
}

enum WorksheetParser {
    static func parse(_ data: Data, part: String, context: WorksheetContext) throws(SpreadsheetError) -> [[String]] {
        let handler = Handler(part: part, context: context)
        try XMLEvents.parse(data, part: part, into: handler)
        return TableShape.normalize(handler.rows)
    }

    /// Display text of one cell, given its type attribute `t`, style index and collected text.
    static func display(type: String?, style: Int, value: String, inlineText: String?,
                        context: WorksheetContext, at ref: String) throws(SpreadsheetError) -> String {
        switch type {
        case "s":
            guard let table = context.sharedStrings else {
                throw SpreadsheetError(.missingPart, "cell \(ref) uses shared strings but the workbook has none")
            }
            guard let index = Int(value.trimmingCharacters(in: .whitespaces)), table.indices.contains(index) else {
                throw SpreadsheetError(.malformedXML, "cell \(ref) points to shared string \"\(value)\", which does not exist")
            }
            return table[index]
        case "inlineStr":
            return OOXMLText.decode(inlineText ?? value)
        case "str":
            return OOXMLText.decode(value)
        case "b":
            // Booleans read as Excel displays them.
            return value == "1" || value.lowercased() == "true" ? "TRUE" : "FALSE"
        case "e":
            return value  // the error code as shown, e.g. "#N/A"
        case "d":
            return isoDateText(value)
        default:
            // Some generators write <is> without t="inlineStr"; take the text they meant.
            if value.isEmpty, let inlineText { return OOXMLText.decode(inlineText) }
            if value.isEmpty { return "" }
            if context.dateStyles.isDate(styleIndex: style), let serial = Double(value),
               let date = ExcelDate.text(serial: serial, uses1904Dates: context.uses1904Dates) {
                return date
            }
            return NumberRendering.text(value)
        }
    }

    /// t="d" cells (ISO 8601, rare; written by some non-Excel tools) in the same shape as serial
    /// dates: "2024-05-01T00:00:00Z" → "2024-05-01", "2024-05-01T14:30:00" → "2024-05-01 14:30".
    static func isoDateText(_ value: String) -> String {
        let parts = value.split(separator: "T", maxSplits: 1)
        guard parts.count == 2 else { return value }
        let time = parts[1].prefix(5)
        let isMidnight = parts[1].prefix(8).allSatisfy { $0 == "0" || $0 == ":" }
        return isMidnight ? String(parts[0]) : "\(parts[0]) \(time)"
    }

    private final class Handler: XMLEventHandler {
        let part: String
        let context: WorksheetContext
        var rows: [[String]] = []

        // Position: rows and cells without an `r` follow the previous one.
        private var rowIndex = -1
        private var columnIndex = -1
        // The cell being read.
        private var cellType: String?
        private var cellStyle = 0
        private var cellRef = ""
        private var value = ""
        private var inlineText: String?
        private var capture: Capture = .none
        private var phoneticDepth = 0

        private enum Capture { case none, value, inlineText }

        init(part: String, context: WorksheetContext) {
            self.part = part
            self.context = context
        }

        func start(_ name: String, _ attributes: [String: String]) throws(SpreadsheetError) {
            switch name {
            case "row":
                if let r = attributes["r"] {
                    guard let number = Int(r), number >= 1 else {
                        throw SpreadsheetError(.malformedXML, "\(part) has a row numbered \"\(r)\"")
                    }
                    rowIndex = number - 1
                } else {
                    rowIndex += 1
                }
                columnIndex = -1
            case "c":
                if let r = attributes["r"] {
                    guard let parsed = CellReference.parse(r) else {
                        throw SpreadsheetError(.malformedXML, "\(part) has a cell reference \"\(r)\"")
                    }
                    // A reference names its own row; trust it over the enclosing <row>.
                    rowIndex = parsed.row
                    columnIndex = parsed.column
                } else {
                    columnIndex += 1
                }
                cellRef = attributes["r"] ?? CellReference.name(row: max(rowIndex, 0), column: columnIndex)
                cellType = attributes["t"]
                cellStyle = attributes["s"].flatMap { Int($0) } ?? 0
                value = ""
                inlineText = nil
            case "v":
                capture = .value
            case "is":
                inlineText = ""
            case "rPh":
                phoneticDepth += 1
            case "t" where inlineText != nil && phoneticDepth == 0:
                capture = .inlineText
            default:
                break
            }
        }

        func end(_ name: String) throws(SpreadsheetError) {
            switch name {
            case "v", "t":
                capture = .none
            case "rPh":
                phoneticDepth -= 1
            case "c":
                let text = try WorksheetParser.display(
                    type: cellType, style: cellStyle, value: value, inlineText: inlineText,
                    context: context, at: cellRef)
                try store(text)
            default:
                break
            }
        }

        func text(_ text: String) {
            switch capture {
            case .value: value += text
            case .inlineText: inlineText? += text
            case .none: break
            }
        }

        /// Only cells with text take space, so styled-but-empty cells far right or far down (common
        /// in templates) neither hit the limits nor pad the table.
        private func store(_ text: String) throws(SpreadsheetError) {
            guard !text.isEmpty else { return }
            guard rowIndex >= 0, columnIndex >= 0 else {
                throw SpreadsheetError(.malformedXML, "\(part) has a cell outside any row")
            }
            if rowIndex >= context.limits.maxRows {
                throw SpreadsheetError(.tooLarge, "\(part) has data in row \(rowIndex + 1); the limit is \(context.limits.maxRows) rows")
            }
            if columnIndex >= context.limits.maxColumns {
                throw SpreadsheetError(.tooLarge, "\(part) has data in column \(CellReference.columnName(columnIndex)); the limit is \(context.limits.maxColumns) columns")
            }
            if rows.count <= rowIndex {
                rows.append(contentsOf: Array(repeating: [], count: rowIndex + 1 - rows.count))
            }
            if rows[rowIndex].count <= columnIndex {
                rows[rowIndex].append(contentsOf: Array(repeating: "", count: columnIndex + 1 - rows[rowIndex].count))
            }
            rows[rowIndex][columnIndex] = text
        }
    }
}
