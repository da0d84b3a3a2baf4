// Sheet: one named table of text cells, the unit that every reader returns and every writer takes.

/// A table of text cells. `rows[0]` is the header row.
///
/// Cells are always strings, untrimmed: the importer that knows what a column means decides how to
/// trim, parse numbers or dates. Readers return rectangular tables (every row as wide as the widest)
/// without trailing empty rows, so callers can index columns without bounds checks.
public struct Sheet: Equatable, Sendable {
    public var name: String
    public var rows: [[String]]

    public init(name: String, rows: [[String]]) {
        self.name = name
        self.rows = rows
    }
}
