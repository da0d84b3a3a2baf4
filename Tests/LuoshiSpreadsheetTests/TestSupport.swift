// TestSupport: helpers shared by the suites: asserting an error's reason, and building small xlsx
// fixtures from hand-written XML so no binary files are committed.

import Foundation
import Testing
import ZIPFoundation
@testable import LuoshiSpreadsheet

/// Passes when `body` throws a SpreadsheetError with `reason` (the detail text is free to change).
func expectReason<T>(
    _ reason: SpreadsheetError.Reason,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> T
) {
    do {
        _ = try body()
        Issue.record("expected SpreadsheetError.\(reason), but nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as SpreadsheetError {
        #expect(error.reason == reason, "\(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected SpreadsheetError.\(reason), got \(error)", sourceLocation: sourceLocation)
    }
}

enum Fixture {
    static let mainNS = #"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main""#
    static let relNS = #"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#
    static let relType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// A zip of the given parts, each deflated.
    static func zip(_ parts: [(String, String)]) throws -> Data {
        try zipData(parts.map { ($0.0, Data($0.1.utf8)) })
    }

    static func zipData(_ parts: [(String, Data)]) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, bytes) in parts {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count),
                                 compressionMethod: .deflate) { position, size in
                bytes.subdata(in: Int(position)..<min(Int(position) + size, bytes.count))
            }
        }
        return try #require(archive.data)
    }

    /// A complete workbook whose sheets have the given worksheet XML bodies (the content of
    /// <sheetData>), plus optional sharedStrings/styles parts and workbookPr attributes.
    static func workbook(
        sheets: [(name: String, sheetData: String)],
        sharedStrings: String? = nil,
        styles: String? = nil,
        workbookPr: String = ""
    ) throws -> Data {
        var rels = ""
        var sheetList = ""
        var parts: [(String, String)] = []
        for (i, sheet) in sheets.enumerated() {
            let n = i + 1
            // Reverse the file numbering so the test proves order comes from workbook.xml.
            let file = "sheet\(sheets.count - i).xml"
            rels += #"<Relationship Id="rId\#(n)" Type="\#(relType)/worksheet" Target="worksheets/\#(file)"/>"#
            sheetList += #"<sheet name="\#(sheet.name)" sheetId="\#(n)" r:id="rId\#(n)"/>"#
            parts.append(("xl/worksheets/\(file)",
                          #"<?xml version="1.0" encoding="UTF-8"?><worksheet \#(mainNS)><sheetData>\#(sheet.sheetData)</sheetData></worksheet>"#))
        }
        if let sharedStrings {
            rels += #"<Relationship Id="rIdS" Type="\#(relType)/sharedStrings" Target="sharedStrings.xml"/>"#
            parts.append(("xl/sharedStrings.xml", #"<?xml version="1.0" encoding="UTF-8"?><sst \#(mainNS)>\#(sharedStrings)</sst>"#))
        }
        if let styles {
            rels += #"<Relationship Id="rIdT" Type="\#(relType)/styles" Target="/xl/styles.xml"/>"#
            parts.append(("xl/styles.xml", #"<?xml version="1.0" encoding="UTF-8"?><styleSheet \#(mainNS)>\#(styles)</styleSheet>"#))
        }
        parts.insert(contentsOf: [
            ("[Content_Types].xml", #"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#),
            ("_rels/.rels", #"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\#(relType)/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
            ("xl/workbook.xml", #"<?xml version="1.0" encoding="UTF-8"?><workbook \#(mainNS) \#(relNS)><workbookPr \#(workbookPr)/><sheets>\#(sheetList)</sheets></workbook>"#),
            ("xl/_rels/workbook.xml.rels", #"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\#(rels)</Relationships>"#),
        ], at: 0)
        return try zip(parts)
    }
}

enum ZIPFoundationBridge {
    /// All file entries of a zip, in archive order.
    static func entries(of data: Data) throws -> [(String, Data)] {
        let archive = try Archive(data: data, accessMode: .read)
        var result: [(String, Data)] = []
        for entry in archive where entry.type == .file {
            var bytes = Data()
            _ = try archive.extract(entry) { bytes.append($0) }
            result.append((entry.path, bytes))
        }
        return result
    }
}
