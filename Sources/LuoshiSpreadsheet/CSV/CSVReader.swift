// CSVReader: parses RFC 4180 CSV text into a Sheet, within the row and column limits.

import Foundation

enum CSVReader {
    static func read(_ data: Data, limits: SpreadsheetLimits) throws(SpreadsheetError) -> Sheet {
        let text = try CSVTextDecoder.decode(data)
        return Sheet(name: "Sheet1", rows: TableShape.normalize(try parse(text, limits: limits)))
    }

    /// RFC 4180 with the usual tolerance: LF, CRLF or lone CR ends a record; a quote inside an
    /// unquoted cell is kept literally (Excel does the same). Two things are refused because they mean
    /// the file is cut or corrupt rather than merely sloppy: an unterminated quoted cell, and text
    /// after a closing quote.
    static func parse(_ text: String, limits: SpreadsheetLimits) throws(SpreadsheetError) -> [[String]] {
        // Work on Unicode scalars, not Characters: "\r\n" is one Character, and a quote followed by a
        // combining mark would merge into one too, hiding the delimiter from a Character-level scan.
        var rows: [[String]] = []
        var row: [String] = []
        var cell = String.UnicodeScalarView()
        var line = 1
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        var recordOpen = false  // something of the current record has been read

        func next() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return scalars.next()
        }
        func endCell() throws(SpreadsheetError) {
            row.append(String(cell))
            cell = String.UnicodeScalarView()
            if row.count > limits.maxColumns {
                throw SpreadsheetError(.tooLarge, "line \(line) has more than \(limits.maxColumns) columns")
            }
        }
        func endRow() throws(SpreadsheetError) {
            recordOpen = false
            try endCell()
            rows.append(row)
            row = []
            if rows.count > limits.maxRows {
                throw SpreadsheetError(.tooLarge, "more than \(limits.maxRows) rows")
            }
        }

        var atCellStart = true
        while let c = next() {
            recordOpen = true
            if atCellStart && c == "\"" {
                let startLine = line
                // Quoted cell: read to the closing quote; "" is an escaped quote.
                while true {
                    guard let q = next() else {
                        throw SpreadsheetError(.malformedCSV, "quoted cell starting on line \(startLine) never ends")
                    }
                    if q == "\"" {
                        guard let after = next() else { break }
                        if after == "\"" { cell.append("\""); continue }
                        pending = after
                        break
                    }
                    if q == "\n" { line += 1 }
                    cell.append(q)
                }
                // Only a delimiter, a line end or the end of input may follow a closing quote.
                if let after = next() {
                    switch after {
                    case ",": try endCell(); atCellStart = true
                    case "\n": try endRow(); line += 1; atCellStart = true
                    case "\r":
                        if let lf = next(), lf != "\n" { pending = lf }
                        try endRow(); line += 1; atCellStart = true
                    default:
                        throw SpreadsheetError(.malformedCSV, "text after a closing quote on line \(line)")
                    }
                } else {
                    break
                }
                continue
            }
            atCellStart = false
            switch c {
            case ",":
                try endCell(); atCellStart = true
            case "\n":
                try endRow(); line += 1; atCellStart = true
            case "\r":
                if let lf = next(), lf != "\n" { pending = lf }
                try endRow(); line += 1; atCellStart = true
            default:
                cell.append(c)
            }
        }
        // The last record may lack a line end.
        if recordOpen {
            try endRow()
        }
        return rows
    }
}
