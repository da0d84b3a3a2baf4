// ExcelDate: turns an Excel date serial number into "yyyy-MM-dd" or "yyyy-MM-dd HH:mm" text,
// with pure calendar arithmetic (no time zones: Excel dates are wall-clock values).

enum ExcelDate {
    /// Nil when the number cannot be a date (negative, beyond 9999-12-31, not finite); the caller
    /// then shows it as a number. A serial below 1 that has a time is a time of day: "HH:mm".
    static func text(serial: Double, uses1904Dates: Bool) -> String? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        // Round to the second first, so 0.999999999 (float noise) is the next midnight, not 23:59.
        let totalSeconds = Int64((serial * 86_400).rounded())
        let days = Int(totalSeconds / 86_400)
        let secondsOfDay = Int(totalSeconds % 86_400)
        let time = String(format2(secondsOfDay / 3600)) + ":" + format2(secondsOfDay / 60 % 60)

        if days == 0 && !uses1904Dates {
            // Excel's day 0 is the fictional 1900-01-00: only the time is meaningful.
            return secondsOfDay == 0 ? nil : time
        }
        let date: String
        if uses1904Dates {
            date = civilDate(daysSince1970: days + day1904Epoch)
        } else if days == 60 {
            // Lotus 1-2-3's bug, kept by Excel: 1900 is treated as a leap year, so serial 60 is a
            // 29 February that never was. Show what Excel shows.
            date = "1900-02-29"
        } else if days < 60 {
            date = civilDate(daysSince1970: days + day1900Epoch + 1)
        } else {
            date = civilDate(daysSince1970: days + day1900Epoch)
        }
        return secondsOfDay == 0 ? date : date + " " + time
    }

    /// 1899-12-30 as days from 1970-01-01: serial N ≥ 61 is this day + N (the bug shifts all later
    /// serials by one, which is why the epoch is the 30th, not the 31st).
    private static let day1900Epoch = -25_569
    /// 1904-01-01 as days from 1970-01-01.
    private static let day1904Epoch = -24_107

    /// Howard Hinnant's civil_from_days: proleptic Gregorian date for a day count since 1970-01-01.
    static func civilDate(daysSince1970: Int) -> String {
        let z = daysSince1970 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return format4(year) + "-" + format2(month) + "-" + format2(day)
    }

    private static func format2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    private static func format4(_ n: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, 4 - s.count)) + s
    }
}
