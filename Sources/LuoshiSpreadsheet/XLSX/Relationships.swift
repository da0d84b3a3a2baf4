// Relationships: reads a `.rels` part (which part points to which, by id and type) and resolves
// its relative targets to zip paths.

import Foundation

struct Relationship {
    var id: String
    var type: String
    /// Zip path of the target, already resolved against the source part's folder.
    var path: String

    /// Compares by the last path segment of the type URI, so both transitional
    /// (schemas.openxmlformats.org) and strict (purl.oclc.org) OOXML files match.
    func isType(_ kind: String) -> Bool {
        type.hasSuffix("/" + kind)
    }
}

enum Relationships {
    /// The rels part that belongs to `part`: "xl/workbook.xml" → "xl/_rels/workbook.xml.rels".
    static func relsPath(for part: String) -> String {
        let (folder, file) = split(part)
        return (folder.isEmpty ? "" : folder + "/") + "_rels/" + file + ".rels"
    }

    /// Parses the rels of `sourcePart` ("" for the package root's `_rels/.rels`).
    static func parse(_ data: Data, relsPath: String, sourcePart: String) throws(SpreadsheetError) -> [Relationship] {
        let handler = Handler(baseFolder: split(sourcePart).folder)
        try XMLEvents.parse(data, part: relsPath, into: handler)
        return handler.relationships
    }

    /// Resolves a target: absolute ("/xl/x.xml") from the package root, otherwise relative to
    /// `baseFolder`, with "." and ".." segments applied.
    static func resolve(_ target: String, from baseFolder: String) -> String {
        var segments: [Substring] = target.hasPrefix("/") || baseFolder.isEmpty
            ? [] : baseFolder.split(separator: "/")
        for segment in target.split(separator: "/") {
            switch segment {
            case ".": continue
            case "..": if !segments.isEmpty { segments.removeLast() }
            default: segments.append(segment)
            }
        }
        return segments.joined(separator: "/")
    }

    private static func split(_ path: String) -> (folder: String, file: String) {
        guard let slash = path.lastIndex(of: "/") else { return ("", path) }
        return (String(path[..<slash]), String(path[path.index(after: slash)...]))
    }

    private final class Handler: XMLEventHandler {
        let baseFolder: String
        var relationships: [Relationship] = []
        init(baseFolder: String) { self.baseFolder = baseFolder }

        func start(_ name: String, _ attributes: [String: String]) {
            guard name == "Relationship", let id = attributes["Id"], let target = attributes["Target"],
                  attributes["TargetMode"] != "External" else { return }
            relationships.append(Relationship(
                id: id, type: attributes["Type"] ?? "",
                path: Relationships.resolve(target, from: baseFolder)))
        }
        func end(_ name: String) {}
        func text(_ text: String) {}
    }
}
