// XMLEscaping: makes arbitrary cell text and sheet names safe inside the XML the writer produces.

enum XMLEscaping {
    /// For element content. CR is written as a character reference because XML parsers turn a raw
    /// CR (and CRLF) into LF, which would change the cell; references survive end-of-line handling.
    static func text(_ raw: String) -> String {
        escape(OOXMLText.encode(raw), attribute: false)
    }

    /// For attribute values (sheet names). Tabs and line ends must be references there, or attribute
    /// normalisation turns them into spaces.
    static func attribute(_ raw: String) -> String {
        escape(OOXMLText.encode(raw), attribute: true)
    }

    private static func escape(_ s: String, attribute: Bool) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\r": out += "&#13;"
            case "\"" where attribute: out += "&quot;"
            case "\n" where attribute: out += "&#10;"
            case "\t" where attribute: out += "&#9;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
