// Numbers as people read them: thousands separated, no needless decimals ("12,500", "3.5").
import Foundation

public enum Numbers {
    /// Groups of three digits, at most `decimals` decimals, trailing zeros dropped.
    /// A share (0.905) as a percentage with one decimal ("90.5%"); `placeholder` when there is none.
    public static func percent(_ share: Double?, placeholder: String = "—") -> String {
        share.map { String(format: "%.1f%%", $0 * 100) } ?? placeholder
    }

    public static func grouped(_ value: Double, decimals: Int = 2) -> String {
        guard value.isFinite else { return String(value) }
        let decimals = min(max(decimals, 0), 6)
        var scale: Int64 = 1
        for _ in 0..<decimals { scale *= 10 }
        // Integer arithmetic (`String(format:)` was a tenth of a league table's time); beyond Int64, as text.
        guard abs(value) * Double(scale) < 9e18 else { return String(format: "%.0f", value) }
        let scaled = Int64((abs(value) * Double(scale)).rounded())
        let whole = scaled / scale, part = scaled % scale
        var fraction = ""
        if part != 0 {
            var digits = String(part)
            digits = String(repeating: "0", count: decimals - digits.count) + digits
            while digits.hasSuffix("0") { digits.removeLast() }
            fraction = "." + digits
        }
        let digits = Array(String(whole))
        var text = ""
        text.reserveCapacity(digits.count + digits.count / 3 + fraction.count + 1)
        if value < 0 && scaled != 0 { text.append("-") }
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return text + fraction
    }
}
