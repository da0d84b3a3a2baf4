// SheetNames: makes caller-supplied sheet names acceptable to Excel, which refuses to open a
// workbook whose names are too long, contain []:*?/\, or repeat (case-insensitively).

enum SheetNames {
    static let maxLength = 31

    /// Sanitised, unique names in the same order. Empty names become "Sheet<n>".
    static func sanitize(_ names: [String]) -> [String] {
        var used: Set<String> = []
        var result: [String] = []
        for (index, raw) in names.enumerated() {
            var base = clean(raw)
            if base.isEmpty { base = "Sheet\(index + 1)" }
            var name = truncate(base, to: maxLength)
            var counter = 2
            while used.contains(name.lowercased()) {
                let suffix = " (\(counter))"
                name = truncate(base, to: maxLength - suffix.utf16.count) + suffix
                counter += 1
            }
            used.insert(name.lowercased())
            result.append(name)
        }
        return result
    }

    private static func clean(_ raw: String) -> String {
        var name = String(String.UnicodeScalarView(raw.unicodeScalars.map { scalar in
            switch scalar {
            case "[", "]", ":", "*", "?", "/", "\\": "_"
            default: scalar.value < 0x20 || !OOXMLText.isXMLChar(scalar) ? "_" : scalar
            }
        }))
        // Excel also rejects a leading or trailing apostrophe, and reserves "History".
        while name.hasPrefix("'") { name.removeFirst() }
        while name.hasSuffix("'") { name.removeLast() }
        if name.lowercased() == "history" { name += "_" }
        return name
    }

    /// Cuts at a character boundary so the name fits in `limit` UTF-16 units (Excel's measure).
    private static func truncate(_ name: String, to limit: Int) -> String {
        var out = ""
        for ch in name {
            if out.utf16.count + ch.utf16.count > limit { break }
            out.append(ch)
        }
        return out
    }
}
