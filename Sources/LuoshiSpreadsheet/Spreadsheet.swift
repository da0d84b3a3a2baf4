// Spreadsheet: the module's front door; picks the reader or writer for a format and applies the
// upload size limit before any parsing starts.

import Foundation

public enum Spreadsheet {
    /// Reads every sheet in `data`. CSV yields a single sheet named "Sheet1".
    public static func read(
        _ data: Data, format: SpreadsheetFormat, limits: SpreadsheetLimits = .init()
    ) throws(SpreadsheetError) -> [Sheet] {
        guard data.count <= limits.maxBytes else {
            throw SpreadsheetError(.tooLarge, "file is \(data.count) bytes; the limit is \(limits.maxBytes)")
        }
        switch format {
        case .csv: return [try CSVReader.read(data, limits: limits)]
        case .xlsx: return try XLSXReader.read(data, limits: limits)
        }
    }

    /// Writes `sheets` in `format`. CSV holds one table, so only the first sheet is written (an empty
    /// list gives an empty CSV); xlsx writes all of them (an empty list gives one empty sheet, since
    /// a workbook without sheets does not open in Excel).
    public static func write(_ sheets: [Sheet], format: SpreadsheetFormat) throws(SpreadsheetError) -> Data {
        switch format {
        case .csv: return CSVWriter.write(sheets.first ?? Sheet(name: "Sheet1", rows: []))
        case .xlsx: return try XLSXWriter.write(sheets)
        }
    }
}
