// The reporting rule's question asked of one task on one day: which ended period's report is
// missing? The lights (reason 上期进展未报) and the daily digest (late reporters) both ask it.

extension ReportPeriod {
    /// The last period of `rhythm` that ended before `today` and began after the task's `start`,
    /// when no report covers it (`reportedThrough` is the end of the latest period reported); nil
    /// when it is reported or the task had not begun.
    public static func missingReport(today: Day, start: Day, rhythm: ReportingRhythm, reportedThrough: Day?) -> ReportPeriod? {
        let lastEnded = ReportPeriod(containing: today, rhythm: rhythm).previous
        guard lastEnded.end >= start, (reportedThrough ?? start.adding(days: -1)) < lastEnded.end else { return nil }
        return lastEnded
    }
}
