// Reporting periods (报告周期): the week, month or quarter a progress report belongs to, from a
// task's rhythm. A report for a period is due by the period's last day; a report written after it
// is late. Weeks run Monday to Sunday and are numbered as ISO 8601 numbers them ("2026-W49").
import Foundation

public struct ReportPeriod: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rhythm: ReportingRhythm
    public let start: Day
    public let end: Day

    /// The period of `rhythm` that holds `day`.
    public init(containing day: Day, rhythm: ReportingRhythm) {
        self.rhythm = rhythm
        switch rhythm {
        case .weekly:
            start = day.adding(days: -day.weekdayIndex)
            end = start.adding(days: 6)
        case .monthly:
            start = Day(year: day.year, month: day.month, day: 1)!
            end = Day(year: day.year, month: day.month, day: Day.days(inMonth: day.month, of: day.year))!
        case .quarterly:
            let first = (day.month - 1) / 3 * 3 + 1
            start = Day(year: day.year, month: first, day: 1)!
            end = Day(year: day.year, month: first + 2, day: Day.days(inMonth: first + 2, of: day.year))!
        }
    }

    /// Parses a key as `key` writes it ("2026-W49", "2026-11", "2026-Q4").
    public init?(key: String) {
        let parts = key.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, let year = Int(parts[0]), (2000...2100).contains(year) else { return nil }
        let tail = parts[1]
        if tail.hasPrefix("W"), let week = Int(tail.dropFirst()), (1...53).contains(week), tail.count == 3 {
            // The Monday of ISO week 1 is the Monday of the week holding 4 January.
            let january4 = Day(year: year, month: 1, day: 4)!
            let monday = january4.adding(days: -january4.weekdayIndex + (week - 1) * 7)
            let period = ReportPeriod(containing: monday, rhythm: .weekly)
            guard period.key == key else { return nil }
            self = period
        } else if tail.hasPrefix("Q"), let quarter = Int(tail.dropFirst()), (1...4).contains(quarter), tail.count == 2 {
            self.init(containing: Day(year: year, month: quarter * 3, day: 1)!, rhythm: .quarterly)
        } else if tail.count == 2, let month = Int(tail), (1...12).contains(month) {
            self.init(containing: Day(year: year, month: month, day: 1)!, rhythm: .monthly)
        } else {
            return nil
        }
    }

    /// The stable name of the period, as stored and as the API takes it.
    public var key: String {
        // Built by hand: `String(format:)` was a third of an assessment preview's time on the city.
        func padded(_ number: Int, _ width: Int) -> String {
            let digits = String(number)
            return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        }
        switch rhythm {
        case .weekly:
            let (year, week) = start.isoWeek
            return padded(year, 4) + "-W" + padded(week, 2)
        case .monthly: return padded(start.year, 4) + "-" + padded(start.month, 2)
        case .quarterly: return padded(start.year, 4) + "-Q" + String((start.month - 1) / 3 + 1)
        }
    }

    public var description: String { key }

    /// The period before this one.
    public var previous: ReportPeriod { ReportPeriod(containing: start.adding(days: -1), rhythm: rhythm) }
    public var next: ReportPeriod { ReportPeriod(containing: end.adding(days: 1), rhythm: rhythm) }

    /// Whether this period's last day falls inside `other` (a week ending in a locked month).
    public func lies(within other: ReportPeriod) -> Bool { other.start <= end && end <= other.end }

    /// How far a task has reported without a gap: from `through` (or the task's start), each next
    /// period with a report that counts moves it on. A report for a later period leaves the missed
    /// one missing.
    public static func reportedThrough(start: Day, rhythm: ReportingRhythm, through: Day?, reported: Set<String>) -> Day? {
        var result = through
        var period = ReportPeriod(containing: through?.adding(days: 1) ?? start, rhythm: rhythm)
        for _ in 0..<1000 where reported.contains(period.key) {
            result = period.end
            period = period.next
        }
        return result
    }

    /// A report written on `day` for this period is late when the period has ended before it.
    public func isLate(reportedOn day: Day) -> Bool { day > end }

    /// The period's name for people: 2026年第49周, 2026年11月, 2026年第4季度.
    public func label(_ catalogue: Catalogue) -> String {
        switch rhythm {
        case .weekly:
            let (year, week) = start.isoWeek
            return catalogue.format(.periodWeek, ["year": String(year), "week": String(week),
                                                   "start": "\(start.month)/\(start.day)", "end": "\(end.month)/\(end.day)"])
        case .monthly: return catalogue.format(.periodMonth, ["year": String(start.year), "month": String(start.month)])
        case .quarterly: return catalogue.format(.periodQuarter, ["year": String(start.year), "quarter": String((start.month - 1) / 3 + 1)])
        }
    }

    public static func < (lhs: ReportPeriod, rhs: ReportPeriod) -> Bool { lhs.start < rhs.start }
}

extension Day {
    /// 0 for Monday … 6 for Sunday.
    public var weekdayIndex: Int {
        // 2000-01-03 was a Monday.
        let monday = Day(year: 2000, month: 1, day: 3)!
        let offset = (ordinal - monday.ordinal) % 7
        return offset < 0 ? offset + 7 : offset
    }

    /// The ISO 8601 week-numbering year and week of this day.
    public var isoWeek: (year: Int, week: Int) {
        let thursday = adding(days: 3 - weekdayIndex)
        let january1 = Day(year: thursday.year, month: 1, day: 1)!
        return (thursday.year, january1.days(until: thursday) / 7 + 1)
    }
}
