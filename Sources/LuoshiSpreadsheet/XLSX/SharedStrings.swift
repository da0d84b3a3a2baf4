// SharedStrings: reads xl/sharedStrings.xml, the table that cells of type "s" index into.

import Foundation

enum SharedStrings {
    static func parse(_ data: Data, part: String) throws(SpreadsheetError) -> [String] {
        let handler = Handler()
        try XMLEvents.parse(data, part: part, into: handler)
        return handler.strings
    }

    /// Each <si> is either one <t> or rich-text runs <r><t>…</t></r>, concatenated. Text under
    /// <rPh> (East Asian phonetic guides) is not part of the value and is skipped.
    private final class Handler: XMLEventHandler {
        var strings: [String] = []
        private var current = ""
        private var inText = false
        private var phoneticDepth = 0

        func start(_ name: String, _ attributes: [String: String]) {
            switch name {
            case "si": current = ""
            case "rPh": phoneticDepth += 1
            case "t": inText = phoneticDepth == 0
            default: break
            }
        }

        func end(_ name: String) {
            switch name {
            case "si": strings.append(OOXMLText.decode(current))
            case "rPh": phoneticDepth -= 1
            case "t": inText = false
            default: break
            }
        }

        func text(_ text: String) {
            if inText { current += text }
        }
    }
}
