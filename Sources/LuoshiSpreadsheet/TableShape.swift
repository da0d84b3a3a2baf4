// TableShape: the common tidy-up every reader applies, so CSV and xlsx give tables of the same shape.

enum TableShape {
    /// Drops trailing rows whose cells are all empty, then pads every row to the widest row's width.
    ///
    /// Padding to the widest row rather than cutting to the header keeps data a sloppy file put to
    /// the right of the last titled column; the caller can still see and reject it.
    static func normalize(_ rows: [[String]]) -> [[String]] {
        var rows = rows
        while let last = rows.last, last.allSatisfy(\.isEmpty) {
            rows.removeLast()
        }
        let width = rows.reduce(0) { max($0, $1.count) }
        return rows.map { row in
            row.count == width ? row : row + Array(repeating: "", count: width - row.count)
        }
    }
}
