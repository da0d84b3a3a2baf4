// Numbers as people read them: thousands separated, no needless decimals ("12,500", "3.5").
import Foundation

public enum Numbers {
    /// Groups of three digits, at most `decimals` decimals, trailing zeros dropped.
    public static func grouped(_ value: Double, decimals: Int = 2) -> String {
        guard value.isFinite else { return String(value) }
        let scale = pow(10, Double(decimals))
        let rounded = (value * scale).rounded() / scale
        let negative = rounded < 0
        let whole = Int64(abs(rounded).rounded(.towardZero))
        var fraction = String(format: "%.\(decimals)f", abs(rounded) - Double(whole)).dropFirst(1)  // ".50"
        while fraction.hasSuffix("0") { fraction = fraction.dropLast() }
        if fraction == "." { fraction = "" }
        var digits = String(whole)
        var groups: [Substring] = []
        while digits.count > 3 { groups.insert(digits.suffix(3)[...], at: 0); digits = String(digits.dropLast(3)) }
        groups.insert(digits[...], at: 0)
        return (negative ? "-" : "") + groups.joined(separator: ",") + fraction
    }
}
