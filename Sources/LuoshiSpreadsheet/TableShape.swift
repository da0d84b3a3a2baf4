// TableShape: the common tidy-up every reader applies, so CSV and xlsx give tables of the same shape.

enum TableShape {
    /// Drops trailing rows whose cells are all empty. Rows are NOT padded to the widest: the work
    /// and memory of a read stay bounded by the cells actually present, so a tiny sparse file (A1
    /// and GR200000, or 200,000 empty lines and one wide one) cannot expand into millions of cells.
    /// Callers read a missing cell as empty (`Sheet.cell`).
    static func normalize(_ rows: [[String]]) -> [[String]] {
        var rows = rows
        while let last = rows.last, last.allSatisfy(\.isEmpty) {
            rows.removeLast()
        }
        return rows.map { row in row.allSatisfy(\.isEmpty) ? [] : row }
    }
}
