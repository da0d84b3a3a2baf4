// The span of time an indicator's target is for ("2026", "2026-H1", "2026-Q3", "2026-07"), and how
// much of it has passed: what a completion figure is read against (完成进度与时序进度).
import Foundation

public enum IndicatorPeriod {
    /// First and last day of `period`; text that names no period stands for the whole of `year`.
    public static func span(_ period: String, year: Int) -> (start: Day, end: Day) {
        let whole = (Day(year: year, month: 1, day: 1)!, Day(year: year, month: 12, day: 31)!)
        let parts = period.trimmingCharacters(in: .whitespaces).uppercased().split(separator: "-")
        guard let first = parts.first, first.count == 4, let y = Int(first), (1900...2999).contains(y) else { return whole }
        func months(_ from: Int, _ to: Int) -> (Day, Day) {
            (Day(year: y, month: from, day: 1)!, Day(year: y, month: to, day: Day.days(inMonth: to, of: y))!)
        }
        guard parts.count == 2 else { return months(1, 12) }
        let tail = parts[1]
        if tail.hasPrefix("H"), let half = Int(tail.dropFirst()), (1...2).contains(half) { return months(half * 6 - 5, half * 6) }
        if tail.hasPrefix("Q"), let quarter = Int(tail.dropFirst()), (1...4).contains(quarter) { return months(quarter * 3 - 2, quarter * 3) }
        if let month = Int(tail), (1...12).contains(month) { return months(month, month) }
        return months(1, 12)
    }

    /// The share of the period passed by the end of `today`, 0–1 (the last day counts as all of it).
    public static func elapsedShare(_ period: String, year: Int, today: Day) -> Double {
        let (start, end) = span(period, year: year)
        return Decomposition.elapsedShare(start: start.adding(days: -1), deadline: end, today: today)
    }
}
