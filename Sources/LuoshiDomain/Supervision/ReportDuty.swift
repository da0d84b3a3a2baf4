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
