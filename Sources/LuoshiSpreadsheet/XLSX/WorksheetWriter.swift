// WorksheetWriter: renders one Sheet as worksheet XML: bold frozen header row, column widths that
// fit the text, numbers stored as numbers only when that cannot change them, the rest inline strings.

enum WorksheetWriter {
    /// Excel's hard limits; a file beyond them opens only after Excel "repairs" (truncates) it.
    static let maxRows = 1_048_576
    static let maxColumns = 16_384
    static let maxCellLength = 32_767

    static func xml(for sheet: Sheet, isFirst: Bool) throws(SpreadsheetError) -> String {
        let rows = sheet.rows
        let width = rows.reduce(0) { max($0, $1.count) }
        guard rows.count <= maxRows, width <= maxColumns else {
            throw SpreadsheetError(.tooLarge, "sheet \"\(sheet.name)\" is \(rows.count)×\(width); xlsx allows \(maxRows)×\(maxColumns)")
        }

        var xml = XLSXPackageParts.header
        xml += #"<worksheet xmlns="\#(XLSXPackageParts.mainNS)" xmlns:r="\#(XLSXPackageParts.relNS)">"#
        if width > 0 {
            xml += #"<dimension ref="A1:\#(CellReference.name(row: rows.count - 1, column: width - 1))"/>"#
        }
        xml += #"<sheetViews><sheetView workbookViewId="0"\#(isFirst ? #" tabSelected="1""# : "")>"#
        if rows.count > 1 {
            // Freeze the header so it stays visible while scrolling long task lists.
            xml += #"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
            xml += #"<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>"#
        }
        xml += "</sheetView></sheetViews>"
        xml += #"<sheetFormatPr defaultRowHeight="15"/>"#
        xml += columnWidths(rows, width: width)

        if rows.isEmpty {
            xml += "<sheetData/>"
        } else {
            xml += "<sheetData>"
            for (r, row) in rows.enumerated() {
                xml += #"<row r="\#(r + 1)">"#
                for (c, cell) in row.enumerated() where !cell.isEmpty {
                    xml += try cellXML(cell, ref: CellReference.name(row: r, column: c), isHeader: r == 0, sheet: sheet.name)
                }
                xml += "</row>"
            }
            xml += "</sheetData>"
        }
        xml += "</worksheet>"
        return xml
    }

    private static func cellXML(_ cell: String, ref: String, isHeader: Bool, sheet: String) throws(SpreadsheetError) -> String {
        guard cell.utf16.count <= maxCellLength else {
            throw SpreadsheetError(.tooLarge, "cell \(ref) of sheet \"\(sheet)\" has more than \(maxCellLength) characters, the xlsx limit")
        }
        let style = isHeader ? #" s="\#(XLSXPackageParts.headerStyle)""# : ""
        if NumberText.isCanonicalNumber(cell) {
            return #"<c r="\#(ref)"\#(style)><v>\#(cell)</v></c>"#
        }
        return #"<c r="\#(ref)"\#(style) t="inlineStr"><is><t xml:space="preserve">\#(XMLEscaping.text(cell))</t></is></c>"#
    }

    /// Widths from the longest line per column (over the first rows only, to stay cheap), counting
    /// wide (CJK) characters double since they take two columns' worth of space; capped so one
    /// long remark does not push everything off screen.
    private static func columnWidths(_ rows: [[String]], width: Int) -> String {
        guard width > 0 else { return "" }
        var longest = Array(repeating: 0, count: width)
        for row in rows.prefix(1000) {
            for (c, cell) in row.enumerated() where !cell.isEmpty {
                let lineWidth = cell.split(separator: "\n").map(displayWidth).max() ?? 0
                longest[c] = max(longest[c], lineWidth)
            }
        }
        var xml = "<cols>"
        for (c, chars) in longest.enumerated() {
            let w = min(max(chars + 2, 8), 60)
            xml += #"<col min="\#(c + 1)" max="\#(c + 1)" width="\#(w)" customWidth="1"/>"#
        }
        return xml + "</cols>"
    }

    private static func displayWidth(_ text: Substring) -> Int {
        text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x1100 ? 2 : 1) }
    }
}
