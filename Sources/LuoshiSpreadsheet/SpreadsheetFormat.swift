// SpreadsheetFormat: which file formats the module speaks, recognised from a filename, with the
// media type to send when serving one.

public enum SpreadsheetFormat: String, Sendable, CaseIterable {
    case csv
    case xlsx

    /// Recognises the format by the filename's extension, case-insensitively ("任务.XLSX" is xlsx).
    /// Returns nil for anything else, including legacy `.xls`, which is a different (binary) format.
    public init?(filename: String) {
        guard let dot = filename.lastIndex(of: ".") else { return nil }
        let ext = filename[filename.index(after: dot)...].lowercased()
        self.init(rawValue: ext)
    }

    /// The Content-Type to use when sending a file of this format.
    public var mediaType: String {
        switch self {
        case .csv: "text/csv; charset=utf-8"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        }
    }
}
