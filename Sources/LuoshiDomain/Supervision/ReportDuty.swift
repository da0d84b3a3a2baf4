// What a person must report next on a task, and by when: first the ended period whose report is
// missing (`ReportPeriod.missingReport`, the rule behind the light's `reportLate`), then the
// current one, due on its last day.

public struct ReportDuty: Equatable, Sendable {
    public var period: ReportPeriod
    /// The period's last day: the report is due by then.
    public var due: Day
    /// The period has ended without a report that counts.
    public var late: Bool

    public init(period: ReportPeriod, late: Bool) {
        self.period = period; self.due = period.end; self.late = late
    }

    /// The report owed on `today` for a task begun on `start` that has reported through
    /// `reportedThrough` (the end of the latest period with a report that counts), or nil when it
    /// owes none (not begun yet, or already reported for the current period).
    public static func next(start: Day, rhythm: ReportingRhythm, reportedThrough: Day?, today: Day) -> ReportDuty? {
        guard start <= today else { return nil }
        if let missing = ReportPeriod.missingReport(today: today, start: start, rhythm: rhythm, reportedThrough: reportedThrough) {
            return ReportDuty(period: missing, late: true)
        }
        let current = ReportPeriod(containing: today, rhythm: rhythm)
        return (reportedThrough ?? start.adding(days: -1)) < current.end ? ReportDuty(period: current, late: false) : nil
    }
}

/// The reports a task owed over a stretch of days: the rule behind a bulletin's "reports due" and
/// the assessment's report timeliness, so that both count the same periods.
public enum ReportsOwed {
    /// The periods of `rhythm` that end within `from`…`through` (at most 60: a year of weeks).
    public static func periods(endingFrom from: Day, through: Day, rhythm: ReportingRhythm) -> [ReportPeriod] {
        var periods: [ReportPeriod] = []
        var period = ReportPeriod(containing: from, rhythm: rhythm)
        for _ in 0..<60 where period.start <= through {
            if period.end >= from && period.end <= through { periods.append(period) }
            period = period.next
        }
        return periods
    }

    /// A task owes a report for `period` when the period overlaps its span (start to deadline), has
    /// ended by `today`, and the task is not completed.
    public static func owes(_ period: ReportPeriod, start: Day, deadline: Day, completed: Bool, today: Day) -> Bool {
        !completed && period.end >= start && period.start <= deadline && period.end <= today
    }
}
