// Sheet: one named table of text cells, the unit that every reader returns and every writer takes.

/// A table of text cells. `rows[0]` is the header row.
///
/// Cells are always strings, untrimmed: the importer that knows what a column means decides how to
/// trim, parse numbers or dates. Readers return rows as long as their last non-empty cell (an empty
/// row is []) and no trailing empty rows; `cell(_:_:)` reads a missing cell as "".
public struct Sheet: Equatable, Sendable {
    public var name: String
    public var rows: [[String]]

    public init(name: String, rows: [[String]]) {
        self.name = name
        self.rows = rows
    }

    /// Two sheets are equal when they have the same name and every cell reads the same: trailing
    /// empty cells and rows do not count.
    public static func == (lhs: Sheet, rhs: Sheet) -> Bool {
        lhs.name == rhs.name && trimmed(lhs.rows) == trimmed(rhs.rows)
    }

    static func trimmed(_ rows: [[String]]) -> [[String]] {
        var result = rows.map { row -> [String] in
            var row = row
            while row.last?.isEmpty == true { row.removeLast() }
            return row
        }
        while result.last?.isEmpty == true { result.removeLast() }
        return result
    }

    /// The cell at `row`, `column` (zero-based), or "" where the row is shorter or absent.
    public func cell(_ row: Int, _ column: Int) -> String {
        guard rows.indices.contains(row), rows[row].indices.contains(column) else { return "" }
        return rows[row][column]
    }
}
