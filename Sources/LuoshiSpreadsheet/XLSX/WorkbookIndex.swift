// WorkbookIndex: finds what a workbook consists of: its worksheets in tab order with their names
// and zip paths, where the shared strings and styles live, and which date system it uses.

import Foundation

struct WorkbookIndex {
    struct SheetEntry: Equatable {
        var name: String
        var path: String
    }

    var sheets: [SheetEntry]
    var sharedStringsPath: String?
    var stylesPath: String?
    /// Mac Excel before 2011 counted dates from 1904-01-01; the workbook says so in workbookPr.
    var uses1904Dates: Bool

    static func load(from zip: ZipPartReader) throws(SpreadsheetError) -> WorkbookIndex {
        let workbookPath = try findWorkbookPath(zip)
        let relsPath = Relationships.relsPath(for: workbookPath)
        let rels = try Relationships.parse(zip.read(relsPath), relsPath: relsPath, sourcePart: workbookPath)

        let handler = WorkbookHandler()
        try XMLEvents.parse(zip.read(workbookPath), part: workbookPath, into: handler)

        var sheets: [SheetEntry] = []
        for sheet in handler.sheets {
            guard let rel = rels.first(where: { $0.id == sheet.relationshipID }) else {
                throw SpreadsheetError(.missingPart, "sheet \"\(sheet.name)\" has no relationship \(sheet.relationshipID)")
            }
            // Chart sheets and dialog sheets hold no cells; skip them rather than fail.
            guard rel.isType("worksheet") else { continue }
            sheets.append(SheetEntry(name: sheet.name, path: rel.path))
        }
        if handler.sheets.isEmpty {
            throw SpreadsheetError(.missingPart, "\(workbookPath) lists no sheets")
        }

        // Office finds these parts through the relationships; fall back to the usual paths for the
        // odd generator that writes the part but forgets the relationship.
        func part(_ type: String, default fallback: String) -> String? {
            if let rel = rels.first(where: { $0.isType(type) }), zip.contains(rel.path) { return rel.path }
            return zip.contains(fallback) ? fallback : nil
        }
        return WorkbookIndex(
            sheets: sheets,
            sharedStringsPath: part("sharedStrings", default: "xl/sharedStrings.xml"),
            stylesPath: part("styles", default: "xl/styles.xml"),
            uses1904Dates: handler.uses1904Dates)
    }

    /// The package's root relationships name the workbook part; nearly always xl/workbook.xml.
    private static func findWorkbookPath(_ zip: ZipPartReader) throws(SpreadsheetError) -> String {
        let fallback = "xl/workbook.xml"
        if zip.contains("_rels/.rels") {
            let rels = try Relationships.parse(zip.read("_rels/.rels"), relsPath: "_rels/.rels", sourcePart: "")
            if let main = rels.first(where: { $0.isType("officeDocument") }), zip.contains(main.path) {
                return main.path
            }
        }
        guard zip.contains(fallback) else {
            throw SpreadsheetError(.missingPart, "the zip has no workbook part (\(fallback)); it is not an .xlsx file")
        }
        return fallback
    }

    private final class WorkbookHandler: XMLEventHandler {
        var sheets: [(name: String, relationshipID: String)] = []
        var uses1904Dates = false

        func start(_ name: String, _ attributes: [String: String]) throws(SpreadsheetError) {
            switch name {
            case "sheet":
                // r:id arrives as "id" once the prefix is stripped.
                guard let sheetName = attributes["name"], let id = attributes["id"] else {
                    throw SpreadsheetError(.malformedXML, "a <sheet> in the workbook lacks its name or r:id")
                }
                sheets.append((OOXMLText.decode(sheetName), id))
            case "workbookPr":
                let value = attributes["date1904"]?.lowercased()
                uses1904Dates = value == "1" || value == "true"
            default:
                break
            }
        }
        func end(_ name: String) {}
        func text(_ text: String) {}
    }
}
