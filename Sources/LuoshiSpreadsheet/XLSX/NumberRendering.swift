// NumberRendering: shows a numeric cell's stored text the way a person saw it in Excel's General
// format, since the XML holds binary-float digits ("0.30000000000000004", "1E-3", "5.0").

import Foundation

enum NumberRendering {
    static func text(_ stored: String) -> String {
        guard let value = Double(stored), value.isFinite else { return stored }
        // Whole numbers print without ".0"; below 1e15 every integer is exact in a Double.
        if value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        // Excel shows at most 15 significant digits; longer stored digits are float noise. Exponent
        // forms ("1E-3") are spelled out when that is short. Otherwise keep the digits as given.
        let mantissa = stored.prefix { $0 != "e" && $0 != "E" }
        let significant = mantissa.filter(\.isNumber).drop { $0 == "0" }.count
        if significant > 15 || mantissa.count != stored.count {
            let general = String(format: "%.15g", value)
            if !general.contains("e") { return general }
        }
        return stored
    }
}
