// OOXMLText: the escapes xlsx strings use on top of XML: characters XML 1.0 cannot carry are
// written as `_xHHHH_` (Excel writes CR as `_x000D_`), and a literal "_xHHHH_" is protected as
// "_x005F_xHHHH_". Both directions live here so they stay each other's inverse.

enum OOXMLText {
    /// Replaces every `_xHHHH_` with the character it names.
    static func decode(_ text: String) -> String {
        guard text.contains("_x") else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            if i + 6 < scalars.count, scalars[i] == "_", scalars[i + 1] == "x", scalars[i + 6] == "_",
               let code = hexValue(scalars[(i + 2)...(i + 5)]), let scalar = Unicode.Scalar(code) {
                out.append(scalar)
                i += 7
            } else {
                out.append(scalars[i])
                i += 1
            }
        }
        return String(out)
    }

    /// Encodes what XML 1.0 cannot hold, and protects literal `_xHHHH_` runs so `decode` gives the
    /// original back. The result still needs ordinary XML escaping (see XMLEscaping).
    static func encode(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { !isXMLChar($0) || $0 == "_" }) else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = ""
        for (i, scalar) in scalars.enumerated() {
            if !isXMLChar(scalar) {
                out += "_x" + hex4(scalar.value) + "_"
            } else if scalar == "_", i + 6 < scalars.count, scalars[i + 1] == "x", scalars[i + 6] == "_",
                      hexValue(scalars[(i + 2)...(i + 5)]) != nil {
                out += "_x005F_"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// XML 1.0's Char production: tab, LF, CR and everything from U+0020 except
    /// U+FFFE/U+FFFF (surrogates cannot occur in a Swift String).
    static func isXMLChar(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x9, 0xA, 0xD: true
        case 0x20...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    private static func hexValue(_ digits: ArraySlice<Unicode.Scalar>) -> UInt32? {
        var value: UInt32 = 0
        for d in digits {
            let v: UInt32
            switch d {
            case "0"..."9": v = d.value - 0x30
            case "a"..."f": v = d.value - 0x61 + 10
            case "A"..."F": v = d.value - 0x41 + 10
            default: return nil
            }
            value = value * 16 + v
        }
        return value
    }

    private static func hex4(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
