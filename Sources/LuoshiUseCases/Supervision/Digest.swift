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

    /// The digest as a title and plain text (what an e-mail carries): the Markdown without its marks.
    public func plainText(_ catalogue: Catalogue) -> (title: String, text: String) {
        let (title, markdown) = markdown(catalogue)
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix("### ") ? String(line.dropFirst(4)) : line.replacingOccurrences(of: "**", with: "")
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

/// A person's own morning summary (每日摘要): one inbox entry counting their unread entries by kind
/// and naming the most urgent few, so that what piled up is seen at once.
public struct PersonalDigest: Equatable, Sendable {
    public var personID: UUID
    /// Unread entries by kind, most urgent kind first.
    public var counts: [(kind: NotificationKind, count: Int)]
    /// The most urgent entries (most urgent kind first, oldest first within a kind).
    public var top: [InboxEntry]

    /// Unread entries made in these last days count (older ones the person has seen listed before).
    public static let lookbackDays = 7
    /// How many entries the summary names.
    public static let topCount = 3
    /// How much of a named entry's text the summary keeps.
    static let excerptLength = 40

    public static func == (a: PersonalDigest, b: PersonalDigest) -> Bool {
        a.personID == b.personID && a.top == b.top && a.counts.map(\.kind) == b.counts.map(\.kind) && a.counts.map(\.count) == b.counts.map(\.count)
    }

    /// One digest per person among `entries` (digest entries themselves are left out).
    public static func make(from entries: [InboxEntry]) -> [PersonalDigest] {
        Dictionary(grouping: entries.filter { $0.kind != .digest }, by: \.personID).map { personID, own in
            let byKind = Dictionary(grouping: own, by: \.kind)
            let counts = byKind.keys.sorted { $0.urgency < $1.urgency }.map { (kind: $0, count: byKind[$0]?.count ?? 0) }
            let top = own.sorted { ($0.kind.urgency, $0.createdOn, $0.id.uuidString) < ($1.kind.urgency, $1.createdOn, $1.id.uuidString) }
                .prefix(topCount)
            return PersonalDigest(personID: personID, counts: counts, top: Array(top))
        }.sorted { $0.personID.uuidString < $1.personID.uuidString }
    }

    /// "您有 3 条待审核报告、1 条督办 未处理。最紧要的：…"
    public func text(_ catalogue: Catalogue) -> String {
        let separator = catalogue[.notifyTextDigestSeparator]
        let counted = counts.map { catalogue.format(.notifyTextDigestCount, ["n": String($0.count), "kind": catalogue[$0.kind.labelKey]]) }
        let named = top.map { $0.text.count > Self.excerptLength ? String($0.text.prefix(Self.excerptLength)) + "…" : $0.text }
        return catalogue.format(.notifyTextDigest, ["counts": counted.joined(separator: separator), "top": named.joined(separator: separator)])
    }

    /// At most one digest per person and day, however often the job runs.
    public func dedupeKey(day: Day) -> String { "digest:\(personID.uuidString.lowercased()):\(day)" }
}

/// Puts in the inbox of each person with unread entries of the last `lookbackDays` their digest of
/// the day (once a day: a second run the same day adds nothing). Returns the digests considered.
public func sendPersonalDigests(context: UseCaseContext) async throws -> [PersonalDigest] {
    try context.performer.caller?.requireSupervise()
    let today = context.today
    let digests = PersonalDigest.make(from: try await context.store.unreadEntriesForDigest(since: today.adding(days: -PersonalDigest.lookbackDays)))
    try await context.store.write { tx in
        for digest in digests {
            // In the reader's language, as the entries it sums up were written.
            let language = try await tx.language(ofPerson: digest.personID) ?? .fallback
            try await tx.insert(InboxEntry(personID: digest.personID, kind: .digest, text: digest.text(Catalogue.for(language)), link: "/inbox",
                                           createdOn: today), dedupeKey: digest.dedupeKey(day: today))
        }
        try await tx.record(.create, kind: .dailyJob, id: "digest", before: nil as DailyJobRun?,
                            after: DailyJobRun(job: "digest", day: today.description, people: digests.count,
                                               entries: digests.reduce(0) { $0 + $1.counts.reduce(0) { $0 + $1.count } }),
                            in: context)
    }
    return digests
}
