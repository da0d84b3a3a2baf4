// NumberText: decides when a cell's text is "a plain number", the one question both writers ask
// (CSV: is a leading '-' or '+' harmless? xlsx: may this be stored as a number?).

enum NumberText {
    /// Any decimal number a spreadsheet program would parse as a number and nothing else:
    /// optional sign, digits with an optional fraction, optional exponent ("-5", "+1.5", "2e3").
    /// Such text can never be a formula, so the CSV writer leaves it unprefixed.
    static func isPlainNumber(_ text: String) -> Bool {
        var chars = Substring(text).utf8[...]
        if let first = chars.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            chars = chars.dropFirst()
        }
        let intDigits = chars.prefix(while: isDigit)
        chars = chars.dropFirst(intDigits.count)
        var fracDigits = 0
        if chars.first == UInt8(ascii: ".") {
            chars = chars.dropFirst()
            fracDigits = chars.prefix(while: isDigit).count
            chars = chars.dropFirst(fracDigits)
        }
        guard intDigits.count + fracDigits > 0 else { return false }
        if let e = chars.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            chars = chars.dropFirst()
            if let sign = chars.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                chars = chars.dropFirst()
            }
            let expDigits = chars.prefix(while: isDigit).count
            guard expDigits > 0 else { return false }
            chars = chars.dropFirst(expDigits)
        }
        return chars.isEmpty
    }

    /// Text that survives being stored as an xlsx number and read back unchanged, by us and by
    /// Excel: "-12", "3.25", "0.5". Deliberately narrow, because government data is full of digit
    /// strings that are identifiers, not quantities: leading zeros ("007", postcodes), 18-digit ID
    /// card numbers (Excel keeps only 15 significant digits), "+86…" phone numbers. Those, and
    /// "1.50" (which would come back as "1.5"), stay text.
    static func isCanonicalNumber(_ text: String) -> Bool {
        var chars = Substring(text).utf8[...]
        if chars.first == UInt8(ascii: "-") { chars = chars.dropFirst() }
        let intDigits = chars.prefix(while: isDigit)
        guard let firstDigit = intDigits.first else { return false }
        if firstDigit == UInt8(ascii: "0") && intDigits.count > 1 { return false }
        chars = chars.dropFirst(intDigits.count)
        var significant = intDigits.drop(while: { $0 == UInt8(ascii: "0") }).count
        if chars.first == UInt8(ascii: ".") {
            chars = chars.dropFirst()
            let frac = chars.prefix(while: isDigit)
            guard let lastFrac = frac.last, lastFrac != UInt8(ascii: "0") else { return false }
            chars = chars.dropFirst(frac.count)
            significant += significant == 0
                ? frac.drop(while: { $0 == UInt8(ascii: "0") }).count
                : frac.count
        }
        // "-0" would come back as "0".
        if text == "-0" { return false }
        return chars.isEmpty && significant <= 15
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
