// SpreadsheetLimits: the bounds a read must stay within, because uploads come from the outside and
// a small file can expand into a huge one (zip bombs, million-row sheets).

public struct SpreadsheetLimits: Sendable, Equatable {
    /// Maximum size of the uploaded bytes, and separately of the total uncompressed bytes of all
    /// xlsx parts read. The second bound is counted while inflating, so a zip bomb is stopped early
    /// whatever sizes its headers claim.
    public var maxBytes: Int
    /// Maximum number of rows (header included) in any one sheet.
    public var maxRows: Int
    /// Maximum number of columns in any one sheet. Only cells holding a value count, so an xlsx
    /// whose empty formatted cells reach column XFD still reads.
    public var maxColumns: Int

    public init(maxBytes: Int = 20 * 1024 * 1024, maxRows: Int = 200_000, maxColumns: Int = 200) {
        self.maxBytes = maxBytes
        self.maxRows = maxRows
        self.maxColumns = maxColumns
    }
}
