// DateStyles: reads xl/styles.xml to learn which cell styles show numbers as dates, since in xlsx a
// date is only a number (days since 1900) plus a date number format on the cell's style.

import Foundation

struct DateStyles {
    /// Indexed by a cell's `s` attribute (an index into <cellXfs>).
    private var isDateStyle: [Bool] = []

    static let none = DateStyles()

    func isDate(styleIndex: Int) -> Bool {
        styleIndex >= 0 && styleIndex < isDateStyle.count && isDateStyle[styleIndex]
    }

    static func parse(_ data: Data, part: String) throws(SpreadsheetError) -> DateStyles {
        let handler = Handler()
        try XMLEvents.parse(data, part: part, into: handler)
        return DateStyles(isDateStyle: handler.cellFormatIDs.map { id in
            if let code = handler.customFormats[id] { return isDateFormatCode(code) }
            return isBuiltInDateFormat(id)
        })
    }

    /// Built-in formats with no formatCode in the file: 14–22 and 45–47 everywhere; 27–36 and 50–58
    /// are the East Asian built-ins (e.g. 31 = yyyy"年"m"月"d"日" in Chinese Excel), which matter here.
    static func isBuiltInDateFormat(_ id: Int) -> Bool {
        switch id {
        case 14...22, 27...36, 45...47, 50...58: true
        default: false
        }
    }

    /// A custom format is a date/time format if, outside quoted literals, escaped characters and
    /// [bracketed] sections (colours, locales like [$-804]), it uses y, m, d or h tokens.
    /// "0.00", "#,##0" and "@" have none; "yyyy\"年\"m\"月\"d\"日\"" and "m/d/yy h:mm" do.
    static func isDateFormatCode(_ code: String) -> Bool {
        var inQuotes = false
        var inBrackets = false
        var escaped = false
        for ch in code {
            if escaped { escaped = false; continue }
            if inQuotes { if ch == "\"" { inQuotes = false }; continue }
            if inBrackets {
                if ch == "]" { inBrackets = false }
                continue
            }
            switch ch {
            case "\"": inQuotes = true
            case "\\", "_", "*": escaped = true  // _x and *x: the next char is padding, not a token
            case "[": inBrackets = true
            case "y", "Y", "m", "M", "d", "D", "h", "H": return true
            default: break
            }
        }
        return false
    }

    private final class Handler: XMLEventHandler {
        var customFormats: [Int: String] = [:]
        var cellFormatIDs: [Int] = []
        private var inCellXfs = false

        func start(_ name: String, _ attributes: [String: String]) {
            switch name {
            case "numFmt":
                if let id = attributes["numFmtId"].flatMap({ Int($0) }), let code = attributes["formatCode"] {
                    customFormats[id] = code
                }
            case "cellXfs": inCellXfs = true
            // <xf> also appears under <cellStyleXfs>; only <cellXfs> is what `s` indexes.
            case "xf" where inCellXfs:
                cellFormatIDs.append(attributes["numFmtId"].flatMap { Int($0) } ?? 0)
            default: break
            }
        }
        func end(_ name: String) {
            if name == "cellXfs" { inCellXfs = false }
        }
        func text(_ text: String) {}
    }
}
