// The daily digest (督查日报): the district office's morning summary of what needs its attention.
// Gathered once (one function, read by the scheduler, the CLI and the tests) and rendered as
// Markdown for the group robots; the webhooks' formats and signatures are in Webhooks.swift.
import Foundation
import LuoshiDomain
import LuoshiStorage

public struct DailyDigest: Equatable, Sendable {
    public var day: Day
    public var counts: DigestCounts
    /// Open tasks whose last ended period is not reported, and their responsible units.
    public var lateReportTasks: Int
    public var lateReportUnits: Int
    /// The longest overdue or stalled red tasks, at most `topRedCount`.
    public var topRed: [RedTaskLine]

    public static let topRedCount = 5

    public init(day: Day, counts: DigestCounts, lateReportTasks: Int, lateReportUnits: Int, topRed: [RedTaskLine]) {
        self.day = day; self.counts = counts; self.lateReportTasks = lateReportTasks; self.lateReportUnits = lateReportUnits
        self.topRed = topRed
    }
}

/// The digest of `context.today`. Read only; the office (or the system) gathers it.
public func gatherDailyDigest(context: UseCaseContext) async throws -> DailyDigest {
    try context.performer.caller?.requireSupervise()
    let today = context.today
    let counts = try await context.store.digestCounts()
    let late = try await context.store.reportingSources(today: today).filter {
        ReportPeriod.missingReport(today: today, start: $0.start, rhythm: $0.rhythm, reportedThrough: $0.reportedThrough) != nil
    }
    return DailyDigest(day: today, counts: counts, lateReportTasks: late.count, lateReportUnits: Set(late.map(\.unitID)).count,
                       topRed: try await context.store.redTasks(limit: DailyDigest.topRedCount))
}

extension DailyDigest {
    /// The digest as a title and Markdown text (what DingTalk and WeCom robots render).
    public func markdown(_ catalogue: Catalogue) -> (title: String, text: String) {
        let title = catalogue.format(.digestTitle, ["day": day.description])
        var lines = ["### \(title)", ""]
        lines.append("- " + catalogue.format(.digestRedTasks, ["n": String(counts.redTasks)]))
        lines.append("- " + catalogue.format(.digestLateReports, ["units": String(lateReportUnits), "tasks": String(lateReportTasks)]))
        lines.append("- " + catalogue.format(.digestOpenNotices, ["n": String(counts.openNotices)]))
        lines.append("- " + catalogue.format(.digestReportsAwaitingSignOff, ["n": String(counts.reportsAwaitingSignOff)]))
        lines.append("- " + catalogue.format(.digestUnread, ["people": String(counts.unreadPeople), "n": String(counts.unreadEntries)]))
        lines.append("")
        if topRed.isEmpty {
            lines.append(catalogue[.digestNoRed])
        } else {
            lines.append("**" + catalogue.format(.digestTopRed, ["n": String(topRed.count)]) + "**")
            lines.append("")
            for (index, task) in topRed.enumerated() {
                lines.append("\(index + 1). " + catalogue.format(.digestRedLine, [
                    "code": Self.plain(task.code), "title": Self.plain(task.title), "unit": Self.plain(task.unitName),
                    "reason": task.verdict.explanation(catalogue),
                ]))
            }
        }
        return (title, lines.joined(separator: "\n"))
    }

    /// Names on one line, without the characters Markdown would take as formatting.
    static func plain(_ text: String) -> String {
        String(text.map { "\n\r*_`#[]<>|".contains($0) ? " " : $0 })
    }
}

/// The digest's figures as the generic webhook's JSON carries them.
public struct DigestData: Codable, Equatable, Sendable {
    public struct RedTask: Codable, Equatable, Sendable {
        public var code: String
        public var title: String
        public var unit: String
        public var reason: String
        public var figure: Int
    }

    public var day: String
    public var redTasks: Int
    public var lateReportTasks: Int
    public var lateReportUnits: Int
    public var openNotices: Int
    public var reportsAwaitingSignOff: Int
    public var unreadPeople: Int
    public var unreadEntries: Int
    public var topRed: [RedTask]

    public init(_ digest: DailyDigest) {
        day = digest.day.description; redTasks = digest.counts.redTasks; lateReportTasks = digest.lateReportTasks
        lateReportUnits = digest.lateReportUnits; openNotices = digest.counts.openNotices
        reportsAwaitingSignOff = digest.counts.reportsAwaitingSignOff; unreadPeople = digest.counts.unreadPeople
        unreadEntries = digest.counts.unreadEntries
        topRed = digest.topRed.map {
            RedTask(code: $0.code, title: $0.title, unit: $0.unitName, reason: $0.verdict.reason.rawValue, figure: $0.verdict.figure)
        }
    }
}
