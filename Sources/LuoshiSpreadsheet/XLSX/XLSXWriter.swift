// XLSXWriter: assembles the parts of a minimal valid workbook into a zip (deflated) in memory.

import Foundation
import ZIPFoundation

enum XLSXWriter {
    static func write(_ sheets: [Sheet]) throws(SpreadsheetError) -> Data {
        let sheets = sheets.isEmpty ? [Sheet(name: "Sheet1", rows: [])] : sheets
        let names = SheetNames.sanitize(sheets.map(\.name))

        // [Content_Types].xml first: some readers sniff the package by its first entry.
        var parts: [(path: String, xml: String)] = [
            ("[Content_Types].xml", XLSXPackageParts.contentTypes(sheetCount: sheets.count)),
            ("_rels/.rels", XLSXPackageParts.rootRelationships),
            ("xl/workbook.xml", XLSXPackageParts.workbook(sheetNames: names)),
            ("xl/_rels/workbook.xml.rels", XLSXPackageParts.workbookRelationships(sheetCount: sheets.count)),
            ("xl/styles.xml", XLSXPackageParts.styles),
        ]
        for (i, sheet) in sheets.enumerated() {
            parts.append(("xl/worksheets/sheet\(i + 1).xml", try WorksheetWriter.xml(for: sheet, isFirst: i == 0)))
        }
        return try zip(parts)
    }

    /// A fixed timestamp makes the output byte-for-byte reproducible for the same sheets.
    private static let timestamp = Date(timeIntervalSince1970: 1_704_067_200)  // 2024-01-01

    private static func zip(_ parts: [(path: String, xml: String)]) throws(SpreadsheetError) -> Data {
        do {
            let archive = try Archive(data: Data(), accessMode: .create)
            for part in parts {
                let bytes = Data(part.xml.utf8)
                try archive.addEntry(
                    with: part.path, type: .file, uncompressedSize: Int64(bytes.count),
                    modificationDate: timestamp, compressionMethod: .deflate
                ) { position, size in
                    bytes.subdata(in: Int(position)..<min(Int(position) + size, bytes.count))
                }
            }
            guard let data = archive.data else {
                throw SpreadsheetError(.notAnXLSXFile, "the zip archive could not be produced")
            }
            return data
        } catch let error as SpreadsheetError {
            throw error
        } catch {
            // Writing to memory only fails on a ZIPFoundation bug; report rather than crash.
            throw SpreadsheetError(.notAnXLSXFile, "writing the zip archive failed: \(error)")
        }
    }
}
