// XLSXReader: reads a whole .xlsx into Sheets by wiring the part readers together in the order the
// format requires (workbook → shared strings and styles → each worksheet).

import Foundation

enum XLSXReader {
    static func read(_ data: Data, limits: SpreadsheetLimits) throws(SpreadsheetError) -> [Sheet] {
        let zip = try ZipPartReader(data, maxUncompressedBytes: limits.maxBytes)
        let workbook = try WorkbookIndex.load(from: zip)

        var sharedStrings: [String]? = nil
        if let path = workbook.sharedStringsPath {
            sharedStrings = try SharedStrings.parse(zip.read(path), part: path)
        }
        var dateStyles = DateStyles.none
        if let path = workbook.stylesPath {
            dateStyles = try DateStyles.parse(zip.read(path), part: path)
        }
        let context = WorksheetContext(
            sharedStrings: sharedStrings, dateStyles: dateStyles,
            uses1904Dates: workbook.uses1904Dates, limits: limits)

        var sheets: [Sheet] = []
        for entry in workbook.sheets {
            let rows = try WorksheetParser.parse(zip.read(entry.path), part: entry.path, context: context)
            sheets.append(Sheet(name: entry.name, rows: rows))
        }
        return sheets
    }
}
