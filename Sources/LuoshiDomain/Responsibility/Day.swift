// A calendar day without a time (deadlines, milestones, readings), stored as "YYYY-MM-DD".
import Foundation

public struct Day: Comparable, Hashable, Codable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1900...2999).contains(year), (1...12).contains(month), (1...Day.days(inMonth: month, of: year)).contains(day) else {
            return nil
        }
        self.year = year; self.month = month; self.day = day
    }

    /// Parses "2026-03-31" (also "2026/3/31", as spreadsheets write it).
    public init?(_ text: String) {
        // The stored form, "YYYY-MM-DD", read straight from its bytes (lists and runs read thousands).
        let bytes = Array(text.utf8)
        if bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") {
            func number(_ range: Range<Int>) -> Int? {
                var value = 0
                for index in range {
                    let digit = Int(bytes[index]) - 48
                    guard (0...9).contains(digit) else { return nil }
                    value = value * 10 + digit
                }
                return value
            }
            guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
            self.init(year: year, month: month, day: day)
            return
        }
        let parts = text.trimmingCharacters(in: .whitespaces).split(whereSeparator: { $0 == "-" || $0 == "/" || $0 == "." })
        guard parts.count == 3, parts[0].count == 4, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              parts[1].count <= 2, parts[2].count <= 2 else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The day a moment falls on in `zone` (the configured one: `LocalClock`).
    public init(_ date: Date, in zone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        self.year = parts.year!; self.month = parts.month!; self.day = parts.day!
    }

    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    public static func < (lhs: Day, rhs: Day) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// Days from `self` to `other` (negative when `other` is earlier).
    public func days(until other: Day) -> Int { other.ordinal - ordinal }

    var ordinal: Int {
        // Days since 0000-03-01 in the proleptic Gregorian calendar.
        let y = month <= 2 ? year - 1 : year
        let m = month <= 2 ? month + 9 : month - 3
        return 365 * y + y / 4 - y / 100 + y / 400 + (153 * m + 2) / 5 + day - 1
    }

    /// The day `count` days on (or back, when negative).
    public func adding(days count: Int) -> Day {
        var result = self
        var left = count
        while left > 0 {
            let last = Day.days(inMonth: result.month, of: result.year)
            let step = min(left, last - result.day + 1)
            if result.day + step > last {
                result = result.month == 12 ? Day(year: result.year + 1, month: 1, day: 1)! : Day(year: result.year, month: result.month + 1, day: 1)!
            } else {
                result = Day(year: result.year, month: result.month, day: result.day + step)!
            }
            left -= step
        }
        while left < 0 {
            if result.day > 1 {
                let step = min(-left, result.day - 1)
                result = Day(year: result.year, month: result.month, day: result.day - step)!
                left += step
            } else {
                let (year, month) = result.month == 1 ? (result.year - 1, 12) : (result.year, result.month - 1)
                result = Day(year: year, month: month, day: Day.days(inMonth: month, of: year))!
                left += 1
            }
        }
        return result
    }

    /// The same day `count` months on, or the month's last day when it is shorter (01-31 → 02-28).
    public func adding(months count: Int) -> Day {
        let index = year * 12 + (month - 1) + count
        let (newYear, newMonth) = (index / 12, index % 12 + 1)
        return Day(year: newYear, month: newMonth, day: min(day, Day.days(inMonth: newMonth, of: newYear)))!
    }

    public static func days(inMonth month: Int, of year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = Day(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a YYYY-MM-DD day: \(text)"))
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// The one time zone every page, export and rule uses ("today", deadlines passing, the times the
/// trail shows). Configured as `time_zone`; Asia/Shanghai by default. The audit trail itself keeps
/// UTC instants, which are what `audit verify` hashes.
public struct LocalClock: Sendable, Equatable {
    public let zone: TimeZone

    public init(zone: TimeZone) { self.zone = zone }

    public init?(identifier: String) {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        self.zone = zone
    }

    public static let china = LocalClock(zone: TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!)

    public func today(_ now: Date = Date()) -> Day { Day(now, in: zone) }

    /// "2026-12-01 05:07", to the minute, in this zone.
    public func minute(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d", p.year!, p.month!, p.day!, p.hour!, p.minute!)
    }

    /// The instant a day begins in this zone.
    public func start(of day: Day) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day)) ?? Date(timeIntervalSince1970: 0)
    }

    /// The same for an instant as the trail stores it (ISO 8601, UTC); text that is not one is shown as it is.
    public func minute(iso text: String) -> String {
        guard let date = LocalClock.parseInstant(text) else { return text }
        return minute(date)
    }

    static func parseInstant(_ text: String) -> Date? {
        (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text))
            ?? (try? Date.ISO8601FormatStyle().parse(text))
    }
}
