// SpreadsheetError: the one error type the module throws, so callers can map each reason to a
// user-facing message (and an HTTP status) without knowing about zips or XML.

public struct SpreadsheetError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Reason: String, Sendable {
        /// The bytes are not a zip archive at all (or a corrupt one).
        case notAnXLSXFile
        /// The zip lacks a part the workbook needs (workbook.xml, a worksheet, shared strings).
        case missingPart
        /// A part is not well-formed XML, or refers to things that do not exist.
        case malformedXML
        /// The CSV breaks RFC 4180 quoting (e.g. an unterminated quoted cell).
        case malformedCSV
        /// Over a `SpreadsheetLimits` bound: upload size, uncompressed size, rows or columns.
        case tooLarge
        /// The CSV is neither UTF-8 nor GB18030/GBK.
        case unsupportedEncoding
    }

    public var reason: Reason
    /// Human-readable specifics (which part, which line); meant for logs and error messages.
    public var detail: String

    public init(_ reason: Reason, _ detail: String) {
        self.reason = reason
        self.detail = detail
    }

    public var description: String { "\(reason.rawValue): \(detail)" }
}
