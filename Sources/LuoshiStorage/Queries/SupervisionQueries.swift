// Supervision: progress reports and their attachments, period locks, urge notices, accountability
// cases, lights (current and by month), inboxes and the daily jobs' claims.
import FluentKit
import Foundation
import LuoshiDomain
import SQLKit

/// A task's supervision state, kept on its row.
public struct TaskFollowUp: Equatable, Sendable {
    public var verdict: LightVerdict
    public var progressChangedOn: Day?
    public var reportedThrough: Day?
    public var awaitingClosure: Bool
    /// The new date committed to by the latest signed-off delay report.
    public var committedDay: Day?
}

struct ReportRow: Codable {
    var id: UUID
    var taskId: UUID
    var periodKey: String
    var kind: String
    var progress: Int
    var situation: String
    var problems: String
    var nextSteps: String
    var result: String
    var evidence: String
    var delayReason: String
    var remedy: String
    var committedDay: String?
    var accountablePersonId: UUID?
    var authorPersonId: UUID?
    var authorName: String
    var reportedOn: String
    var late: Bool
    var state: String
    var reviewerName: String
    var reviewComment: String

    init(_ r: ProgressReport) {
        id = r.id; taskId = r.taskID; periodKey = r.periodKey; kind = r.kind.rawValue; progress = r.progress
        situation = r.situation; problems = r.problems; nextSteps = r.nextSteps; result = r.result; evidence = r.evidence
        delayReason = r.delayReason; remedy = r.remedy; committedDay = r.committedDay?.description
        accountablePersonId = r.accountablePersonID; authorPersonId = r.authorPersonID; authorName = r.authorName
        reportedOn = r.reportedOn.description; late = r.late; state = r.state.rawValue; reviewerName = r.reviewerName
        reviewComment = r.reviewComment
    }

    var value: ProgressReport {
        ProgressReport(id: id, taskID: taskId, periodKey: periodKey, kind: ReportKind(rawValue: kind) ?? .progress, progress: progress,
                       situation: situation, problems: problems, nextSteps: nextSteps, result: result, evidence: evidence,
                       delayReason: delayReason, remedy: remedy, committedDay: committedDay.flatMap(Day.init),
                       accountablePersonID: accountablePersonId, authorPersonID: authorPersonId, authorName: authorName,
                       reportedOn: Day(reportedOn) ?? LocalClock.china.today(), late: late,
                       state: ReportState(rawValue: state) ?? .awaitingSignOff, reviewerName: reviewerName, reviewComment: reviewComment)
    }
}

struct NoticeRow: Codable {
    var id: UUID
    var code: String
    var kind: String
    var grade: String?
    var taskId: UUID
    var unitId: UUID
    var text: String
    var issuedOn: String
    var issuedBy: String
    var replyBy: String
    var deduction: Double
    var state: String
    var reply: String
    var repliedOn: String?
    var repliedBy: String
    var raisedFromId: UUID?

    init(_ n: UrgeNotice) {
        id = n.id; code = n.code; kind = n.kind.rawValue; grade = n.grade?.rawValue; taskId = n.taskID; unitId = n.unitID
        text = n.text; issuedOn = n.issuedOn.description; issuedBy = n.issuedBy; replyBy = n.replyBy.description
        deduction = n.deduction; state = n.state.rawValue; reply = n.reply; repliedOn = n.repliedOn?.description
        repliedBy = n.repliedBy; raisedFromId = n.raisedFromID
    }

    var value: UrgeNotice {
        let today = LocalClock.china.today()
        return UrgeNotice(id: id, code: code, kind: NoticeKind(rawValue: kind) ?? .urge, grade: grade.flatMap(NoticeGrade.init),
                          taskID: taskId, unitID: unitId, text: text, issuedOn: Day(issuedOn) ?? today, issuedBy: issuedBy,
                          replyBy: Day(replyBy) ?? today, deduction: deduction, state: NoticeState(rawValue: state) ?? .awaitingReply,
                          reply: reply, repliedOn: repliedOn.flatMap(Day.init), repliedBy: repliedBy, raisedFromID: raisedFromId)
    }
}

struct CaseRow: Codable {
    var id: UUID
    var taskId: UUID
    var reportId: UUID?
    var noticeId: UUID?
    var unitId: UUID
    var personId: UUID?
    var problem: String
    var openedOn: String
    var concluded: Bool
    var conclusion: String
    var concludedOn: String?

    init(_ c: AccountabilityCase) {
        id = c.id; taskId = c.taskID; reportId = c.reportID; noticeId = c.noticeID; unitId = c.unitID; personId = c.personID
        problem = c.problem; openedOn = c.openedOn.description; concluded = c.concluded; conclusion = c.conclusion
        concludedOn = c.concludedOn?.description
    }

    var value: AccountabilityCase {
        AccountabilityCase(id: id, taskID: taskId, reportID: reportId, noticeID: noticeId, unitID: unitId, personID: personId,
                           problem: problem, openedOn: Day(openedOn) ?? LocalClock.china.today(), concluded: concluded,
                           conclusion: conclusion, concludedOn: concludedOn.flatMap(Day.init))
    }
}

/// A report file's description (its bytes are read only to serve it).
public struct AttachmentInfo: Equatable, Sendable, Identifiable {
    public var id: UUID
    public var reportID: UUID
    public var fileName: String
    public var mediaType: String
    public var byteCount: Int
    public init(id: UUID, reportID: UUID, fileName: String, mediaType: String, byteCount: Int) {
        self.id = id; self.reportID = reportID; self.fileName = fileName; self.mediaType = mediaType; self.byteCount = byteCount
    }
}

/// An attachment with its bytes.
public struct AttachmentFile: Sendable {
    public var info: AttachmentInfo
    public var content: Data
    public init(info: AttachmentInfo, content: Data) { self.info = info; self.content = content }
}

public struct PeriodLock: Equatable, Sendable {
    public var periodKey: String
    public var lockedBy: String
    public var lockedOn: Day
    public init(periodKey: String, lockedBy: String, lockedOn: Day) { self.periodKey = periodKey; self.lockedBy = lockedBy; self.lockedOn = lockedOn }
}

/// An inbox entry.
public struct InboxEntry: Equatable, Sendable, Identifiable {
    public var id: UUID
    public var personID: UUID
    public var kind: NotificationKind
    public var text: String
    public var link: String
    public var createdOn: Day
    public var read: Bool
    public init(id: UUID = UUID(), personID: UUID, kind: NotificationKind, text: String, link: String, createdOn: Day, read: Bool = false) {
        self.id = id; self.personID = personID; self.kind = kind; self.text = text; self.link = link; self.createdOn = createdOn; self.read = read
    }
}

/// What a list of reports shows: the report with its task's code, title and unit.
public struct ReportListing: Equatable, Sendable {
    public var report: ProgressReport
    public var taskCode: String
    public var taskTitle: String
    public var unitID: UUID
}

/// A notice as lists show it.
public struct NoticeListing: Equatable, Sendable {
    public var notice: UrgeNotice
    public var taskCode: String
    public var taskTitle: String
}

/// One month of a task's light.
public struct LightRecord: Equatable, Sendable {
    public var month: String
    public var verdict: LightVerdict
    public var computedOn: Day
}

enum SupervisionReads {
    /// The people behind a unit's enabled accounts of `roles` (its heads, its staff).
    static func unitPeople(unitID: UUID, roles: [Role], sql: any SQLDatabase) async throws -> [UUID] {
        try await sql.select().distinct().column("person_id").from("accounts")
            .where("scope_unit_id", .equal, SQLBind(unitID)).where("role", .in, SQLBind.group(roles.map(\.rawValue)))
            .where("person_id", .isNot, SQLLiteral.null).where("is_disabled", .equal, SQLBind(false))
            .all(decodingColumn: "person_id", as: UUID.self)
    }

    static func report(id: UUID, sql: any SQLDatabase) async throws -> ProgressReport? {
        try await sql.select().column(SQLLiteral.all).from("progress_reports").where("id", .equal, SQLBind(id))
            .first(decoding: ReportRow.self, keyDecodingStrategy: .convertFromSnakeCase)?.value
    }

    static func notice(id: UUID, sql: any SQLDatabase) async throws -> UrgeNotice? {
        try await sql.select().column(SQLLiteral.all).from("urge_notices").where("id", .equal, SQLBind(id))
            .first(decoding: NoticeRow.self, keyDecodingStrategy: .convertFromSnakeCase)?.value
    }

    static func accountabilityCase(id: UUID, sql: any SQLDatabase) async throws -> AccountabilityCase? {
        try await sql.select().column(SQLLiteral.all).from("accountability_cases").where("id", .equal, SQLBind(id))
            .first(decoding: CaseRow.self, keyDecodingStrategy: .convertFromSnakeCase)?.value
    }

    static func lock(periodKey: String, sql: any SQLDatabase) async throws -> PeriodLock? {
        struct Row: Decodable { var period_key: String; var locked_by: String; var locked_on: String }
        return try await sql.select().column(SQLLiteral.all).from("period_locks").where("period_key", .equal, SQLBind(periodKey))
            .first(decoding: Row.self).map { PeriodLock(periodKey: $0.period_key, lockedBy: $0.locked_by, lockedOn: Day($0.locked_on) ?? LocalClock.china.today()) }
    }

    struct FollowUpRow: Decodable {
        var light: String
        var light_reason: String
        var light_figure: Int
        var progress_changed_on: String?
        var reported_through: String?
        var awaiting_closure: Bool
        var committed_day: String?

        var value: TaskFollowUp {
            TaskFollowUp(verdict: LightVerdict(Light(rawValue: light) ?? .green, LightReason(rawValue: light_reason) ?? .onTrack, figure: light_figure),
                         progressChangedOn: progress_changed_on.flatMap(Day.init), reportedThrough: reported_through.flatMap(Day.init),
                         awaitingClosure: awaiting_closure, committedDay: committed_day.flatMap(Day.init))
        }
    }

    static func followUp(taskID: UUID, sql: any SQLDatabase) async throws -> TaskFollowUp? {
        try await sql.select().column("light").column("light_reason").column("light_figure").column("progress_changed_on")
            .column("reported_through").column("awaiting_closure").column("committed_day").from("tasks").where("id", .equal, SQLBind(taskID))
            .first(decoding: FollowUpRow.self)?.value
    }

    /// What the lights of tasks are computed from; all tasks, those of a year, or the given ones.
    struct LightSourceRow: Decodable {
        var id: UUID
        var status: String
        var start_day: String
        var deadline: String
        var tier: String
        var rhythm_override: String?
        var rolled_progress: Double
        var progress_changed_on: String?
        var reported_through: String?
        var awaiting_closure: Bool
        var light: String
        var light_reason: String
        var light_figure: Int
        var committed_day: String?

        var input: LightInput? {
            guard let start = Day(start_day), let deadline = Day(deadline) else { return nil }
            let rhythm = rhythm_override.flatMap(ReportingRhythm.init) ?? (Tier(rawValue: tier) ?? .supported).defaultRhythm
            return LightInput(status: TaskStatus(rawValue: status) ?? .notStarted, awaitingClosure: awaiting_closure,
                              progress: rolled_progress, start: start, deadline: deadline, rhythm: rhythm,
                              progressChangedOn: progress_changed_on.flatMap(Day.init),
                              lastReportedPeriodEnd: reported_through.flatMap(Day.init), committedDay: committed_day.flatMap(Day.init))
        }

        var current: LightVerdict {
            LightVerdict(Light(rawValue: light) ?? .green, LightReason(rawValue: light_reason) ?? .onTrack, figure: light_figure)
        }
    }

    static func lightSources(year: Int?, taskIDs: [UUID]?, sql: any SQLDatabase) async throws -> [LightSourceRow] {
        var query = sql.select().column("id").column("status").column("start_day").column("deadline").column("tier")
            .column("rhythm_override").column("rolled_progress").column("progress_changed_on").column("reported_through")
            .column("awaiting_closure").column("light").column("light_reason").column("light_figure").column("committed_day").from("tasks")
        if let year { query = query.where("year", .equal, SQLBind(year)) }
        if let taskIDs { query = query.where("id", .in, SQLBind.group(taskIDs)) }
        return try await query.all(decoding: LightSourceRow.self)
    }
}

extension Store {
    public func report(id: UUID) async throws -> ProgressReport? { try await SupervisionReads.report(id: id, sql: sql) }

    /// A task's reports, newest first.
    public func reports(taskID: UUID, limit: Int = 100) async throws -> [ProgressReport] {
        try await sql.select().column(SQLLiteral.all).from("progress_reports").where("task_id", .equal, SQLBind(taskID))
            .orderBy("reported_on", .descending).orderBy("created_at", .descending).limit(limit)
            .all(decoding: ReportRow.self, keyDecodingStrategy: .convertFromSnakeCase).map(\.value)
    }

    /// Reports in a state, of tasks whose responsible unit lies under `unitPath` (nil: all), with
    /// their tasks' codes and titles; newest first.
    public func reportListings(state: ReportState?, unitPath: String?, taskScope: WorkScope?, offset: Int = 0, limit: Int) async throws -> [ReportListing] {
        var query = taskFilterQuery(sql.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("r")))
            .column(SQLColumn("code", table: "t"), as: "task_code").column(SQLColumn("title", table: "t"), as: "task_title")
            .column(SQLColumn("responsible_unit_id", table: "t"), as: "unit_id"),
            TaskFilter(unitPath: unitPath, keyTasksOnly: false, scope: taskScope), unitIDs: nil)
            .join(SQLAlias(SQLIdentifier("progress_reports"), as: SQLIdentifier("r")), method: SQLJoinMethod.inner,
                  on: SQLColumn("task_id", table: "r"), .equal, SQLColumn("id", table: "t"))
        if let state { query = query.where(SQLColumn("state", table: "r"), .equal, SQLBind(state.rawValue)) }
        struct Extra: Decodable { var task_code: String; var task_title: String; var unit_id: UUID }
        let rows = try await query.orderBy(SQLColumn("reported_on", table: "r"), SQLDirection.descending).offset(offset).limit(limit).all()
        return try rows.map { row in
            let extra = try row.decode(model: Extra.self)
            let report = try row.decode(model: ReportRow.self, keyDecodingStrategy: .convertFromSnakeCase).value
            return ReportListing(report: report, taskCode: extra.task_code, taskTitle: extra.task_title, unitID: extra.unit_id)
        }
    }

    public func attachments(reportIDs: [UUID]) async throws -> [UUID: [AttachmentInfo]] {
        guard !reportIDs.isEmpty else { return [:] }
        struct Row: Decodable { var id: UUID; var report_id: UUID; var file_name: String; var media_type: String; var byte_count: Int }
        let rows = try await sql.select().column("id").column("report_id").column("file_name").column("media_type").column("byte_count")
            .from("report_attachments").where("report_id", .in, SQLBind.group(reportIDs)).orderBy("file_name").all(decoding: Row.self)
        return Dictionary(grouping: rows.map { AttachmentInfo(id: $0.id, reportID: $0.report_id, fileName: $0.file_name,
                                                               mediaType: $0.media_type, byteCount: $0.byte_count) }, by: \.reportID)
    }

    public func attachment(id: UUID) async throws -> AttachmentFile? {
        struct Row: Decodable { var id: UUID; var report_id: UUID; var file_name: String; var media_type: String; var byte_count: Int; var content: Data }
        return try await sql.select().column(SQLLiteral.all).from("report_attachments").where("id", .equal, SQLBind(id))
            .first(decoding: Row.self).map {
                AttachmentFile(info: AttachmentInfo(id: $0.id, reportID: $0.report_id, fileName: $0.file_name, mediaType: $0.media_type,
                                                    byteCount: $0.byte_count), content: $0.content)
            }
    }

    public func periodLocks() async throws -> [PeriodLock] {
        struct Row: Decodable { var period_key: String; var locked_by: String; var locked_on: String }
        return try await sql.select().column(SQLLiteral.all).from("period_locks").orderBy("period_key", .descending).limit(200)
            .all(decoding: Row.self)
            .map { PeriodLock(periodKey: $0.period_key, lockedBy: $0.locked_by, lockedOn: Day($0.locked_on) ?? LocalClock.china.today()) }
    }

    public func periodLock(key: String) async throws -> PeriodLock? { try await SupervisionReads.lock(periodKey: key, sql: sql) }

    public func followUp(taskID: UUID) async throws -> TaskFollowUp? { try await SupervisionReads.followUp(taskID: taskID, sql: sql) }

    /// A task's light by month, newest first.
    public func lightHistory(taskID: UUID) async throws -> [LightRecord] {
        struct Row: Decodable { var month: String; var light: String; var reason: String; var figure: Int; var computed_on: String }
        return try await sql.select().column(SQLLiteral.all).from("light_history").where("task_id", .equal, SQLBind(taskID))
            .orderBy("month", .descending).limit(60).all(decoding: Row.self).map {
                LightRecord(month: $0.month, verdict: LightVerdict(Light(rawValue: $0.light) ?? .green, LightReason(rawValue: $0.reason) ?? .onTrack,
                                                                   figure: $0.figure),
                            computedOn: Day($0.computed_on) ?? LocalClock.china.today())
            }
    }

    public func notice(id: UUID) async throws -> UrgeNotice? { try await SupervisionReads.notice(id: id, sql: sql) }

    /// Notices, newest first: of one task, or of tasks the scope reads / units under `unitPath`.
    public func noticeListings(taskID: UUID? = nil, unitID: UUID? = nil, state: NoticeState? = nil, unitPath: String? = nil, taskScope: WorkScope? = nil,
                               offset: Int = 0, limit: Int) async throws -> [NoticeListing] {
        var query = sql.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("n")))
            .column(SQLColumn("code", table: "t"), as: "task_code").column(SQLColumn("title", table: "t"), as: "task_title")
            .from(SQLAlias(SQLIdentifier("urge_notices"), as: SQLIdentifier("n")))
            .join(SQLAlias(SQLIdentifier("tasks"), as: SQLIdentifier("t")), method: SQLJoinMethod.inner,
                  on: SQLColumn("id", table: "t"), .equal, SQLColumn("task_id", table: "n"))
            .join(SQLAlias(SQLIdentifier("units"), as: SQLIdentifier("nu")), method: SQLJoinMethod.inner,
                  on: SQLColumn("id", table: "nu"), .equal, SQLColumn("unit_id", table: "n"))
        if let taskID { query = query.where(SQLColumn("task_id", table: "n"), .equal, SQLBind(taskID)) }
        if let unitID { query = query.where(SQLColumn("unit_id", table: "n"), .equal, SQLBind(unitID)) }
        if let state { query = query.where(SQLColumn("state", table: "n"), .equal, SQLBind(state.rawValue)) }
        if let unitPath { query = query.where(PathPrefix(SQLColumn("path", table: "nu"), unitPath)) }
        if case .limited(let unitPaths, _, _)? = taskScope {
            // Notices to a unit in scope (the scope's own units read what they are sent).
            query = query.where(unitPaths.isEmpty ? SQLQueryString("1 = 0") as any SQLExpression
                : SQLGroupExpression(SQLList(unitPaths.map { PathPrefix(SQLColumn("path", table: "nu"), $0) }, separator: SQLRaw(" OR "))))
        }
        struct Extra: Decodable { var task_code: String; var task_title: String }
        let rows = try await query.orderBy(SQLColumn("issued_on", table: "n"), SQLDirection.descending).orderBy(SQLColumn("code", table: "n"), SQLDirection.descending)
            .offset(offset).limit(limit).all()
        return try rows.map { row in
            let extra = try row.decode(model: Extra.self)
            return NoticeListing(notice: try row.decode(model: NoticeRow.self, keyDecodingStrategy: .convertFromSnakeCase).value,
                                 taskCode: extra.task_code, taskTitle: extra.task_title)
        }
    }

    public func accountabilityCase(id: UUID) async throws -> AccountabilityCase? {
        try await SupervisionReads.accountabilityCase(id: id, sql: sql)
    }

    /// Accountability cases, open first: of one task, of units under `unitPath`, and (with a
    /// `taskScope`) only those on tasks the scope reads.
    public func accountabilityCases(taskID: UUID? = nil, unitPath: String? = nil, taskScope: WorkScope? = nil, openOnly: Bool = false,
                                    limit: Int = 200) async throws -> [AccountabilityCase] {
        var query = sql.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("c")))
            .from(SQLAlias(SQLIdentifier("accountability_cases"), as: SQLIdentifier("c")))
            .join(SQLAlias(SQLIdentifier("units"), as: SQLIdentifier("cu")), method: SQLJoinMethod.inner,
                  on: SQLColumn("id", table: "cu"), .equal, SQLColumn("unit_id", table: "c"))
        if let taskScope {
            // The register's own scope rule, as a sub-query over the case's task.
            let readable = taskFilterQuery(sql.select().column(SQLColumn("id", table: "t")), TaskFilter(keyTasksOnly: false, scope: taskScope),
                                           unitIDs: nil)
            query = query.where(SQLColumn("task_id", table: "c"), .in, SQLGroupExpression(readable.select))
        }
        if let taskID { query = query.where(SQLColumn("task_id", table: "c"), .equal, SQLBind(taskID)) }
        if let unitPath { query = query.where(PathPrefix(SQLColumn("path", table: "cu"), unitPath)) }
        if openOnly { query = query.where(SQLColumn("concluded", table: "c"), .equal, SQLBind(false)) }
        return try await query.orderBy(SQLColumn("concluded", table: "c")).orderBy(SQLColumn("opened_on", table: "c"), SQLDirection.descending).limit(limit)
            .all(decoding: CaseRow.self, keyDecodingStrategy: .convertFromSnakeCase).map(\.value)
    }

    public func notifications(personID: UUID, limit: Int = 100) async throws -> [InboxEntry] {
        struct Row: Decodable { var id: UUID; var person_id: UUID; var kind: String; var text: String; var link: String; var created_on: String; var read: Bool }
        return try await sql.select().column("id").column("person_id").column("kind").column("text").column("link").column("created_on")
            .column("read").from("notifications").where("person_id", .equal, SQLBind(personID))
            .orderBy("created_on", .descending).orderBy("id").limit(limit).all(decoding: Row.self).map {
                InboxEntry(id: $0.id, personID: $0.person_id, kind: NotificationKind(rawValue: $0.kind) ?? .reportDue, text: $0.text,
                             link: $0.link, createdOn: Day($0.created_on) ?? LocalClock.china.today(), read: $0.read)
            }
    }

    public func unreadNotificationCount(personID: UUID) async throws -> Int {
        try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("notifications")
            .where("person_id", .equal, SQLBind(personID)).where("read", .equal, SQLBind(false))
            .first(decodingColumn: "n", as: Int.self) ?? 0
    }

    /// Counts of tasks by light, under the register's filter.
    public func lightCounts(_ filter: TaskFilter) async throws -> [Light: Int] {
        struct Row: Decodable { var light: String; var n: Int }
        let rows = try await taskFilterQuery(sql.select().column(SQLColumn("light", table: "t"))
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n"), filter, unitIDs: nil, joiningUnits: filter.unitPath != nil)
            .groupBy(SQLColumn("light", table: "t")).all(decoding: Row.self)
        var counts: [Light: Int] = [:]
        for row in rows { if let light = Light(rawValue: row.light) { counts[light, default: 0] += row.n } }
        return counts
    }

}

extension WriteTransaction {
    public func report(id: UUID) async throws -> ProgressReport? { try await SupervisionReads.report(id: id, sql: sql) }

    public func insert(_ report: ProgressReport, at now: Date) async throws {
        try await sql.insert(into: "progress_reports").model(ReportRow(report), keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil)
            .run()
        try await sql.update("progress_reports").set("created_at", to: SQLBind(now)).where("id", .equal, SQLBind(report.id)).run()
    }

    public func update(_ report: ProgressReport) async throws {
        try await sql.update("progress_reports").set(model: ReportRow(report), keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil)
            .where("id", .equal, SQLBind(report.id)).run()
    }

    public func insert(attachment: AttachmentFile, sha256: String) async throws {
        try await sql.insert(into: "report_attachments").columns("id", "report_id", "file_name", "media_type", "byte_count", "sha256", "content")
            .values(SQLBind(attachment.info.id), SQLBind(attachment.info.reportID), SQLBind(attachment.info.fileName),
                    SQLBind(attachment.info.mediaType), SQLBind(attachment.info.byteCount), SQLBind(sha256), SQLBind(attachment.content))
            .run()
    }

    public func periodLock(key: String) async throws -> PeriodLock? { try await SupervisionReads.lock(periodKey: key, sql: sql) }

    /// The locked period a report of `period` falls in, if any: the period itself, or a longer one
    /// holding its last day (a locked month holds the weeks that end in it).
    public func lock(covering period: ReportPeriod) async throws -> ReportPeriod? {
        let keys = try await sql.select().column("period_key").from("period_locks").all(decodingColumn: "period_key", as: String.self)
        return keys.compactMap(ReportPeriod.init(key:)).first { period.lies(within: $0) }
    }

    /// The periods of a task's reports that count (signed off).
    public func reportedPeriodKeys(taskID: UUID) async throws -> Set<String> {
        Set(try await sql.select().column("period_key").from("progress_reports").where("task_id", .equal, SQLBind(taskID))
            .where("state", .equal, SQLBind(ReportState.signedOff.rawValue)).all(decodingColumn: "period_key", as: String.self))
    }

    /// The periods of a task's reports written and not returned (signed off or awaiting sign-off).
    public func submittedPeriodKeys(taskID: UUID) async throws -> Set<String> {
        Set(try await sql.select().column("period_key").from("progress_reports").where("task_id", .equal, SQLBind(taskID))
            .where("state", .notEqual, SQLBind(ReportState.returned.rawValue)).all(decodingColumn: "period_key", as: String.self))
    }

    public func insert(_ lock: PeriodLock) async throws {
        try await sql.insert(into: "period_locks").columns("period_key", "locked_by", "locked_on")
            .values(SQLBind(lock.periodKey), SQLBind(lock.lockedBy), SQLBind(lock.lockedOn.description)).run()
    }

    public func deletePeriodLock(key: String) async throws {
        try await sql.delete(from: "period_locks").where("period_key", .equal, SQLBind(key)).run()
    }

    public func followUp(taskID: UUID) async throws -> TaskFollowUp? { try await SupervisionReads.followUp(taskID: taskID, sql: sql) }

    /// A task's reporting state (the day its progress last rose is kept by `setRolledProgress`).
    public func setFollowUp(taskID: UUID, reportedThrough: Day?, awaitingClosure: Bool, committedDay: Day?) async throws {
        try await sql.update("tasks")
            .set("committed_day", to: committedDay.map { SQLBind($0.description) as any SQLExpression } ?? SQLLiteral.null)
            .set("reported_through", to: reportedThrough.map { SQLBind($0.description) as any SQLExpression } ?? SQLLiteral.null)
            .set("awaiting_closure", to: SQLBind(awaitingClosure)).where("id", .equal, SQLBind(taskID)).run()
    }

    /// Recomputes the lights of the given tasks (nil: all, or all of `year`) on `today`; writes the
    /// ones that changed and keeps each month's light (the worst of the month; the latest of equals).
    /// Returns how many tasks were read and how many lights changed.
    @discardableResult
    public func recomputeLights(taskIDs: [UUID]? = nil, year: Int? = nil, today: Day, policy: LightPolicy) async throws -> (read: Int, changed: Int) {
        let rows = try await SupervisionReads.lightSources(year: year, taskIDs: taskIDs, sql: sql)
        let month = String(format: "%04d-%02d", today.year, today.month)
        struct Kept: Decodable { var task_id: UUID; var light: String; var reason: String; var figure: Int }
        var kept: [UUID: LightVerdict] = [:]
        var historyQuery = sql.select().column("task_id").column("light").column("reason").column("figure").from("light_history")
            .where("month", .equal, SQLBind(month))
        if let taskIDs { historyQuery = historyQuery.where("task_id", .in, SQLBind.group(taskIDs)) }
        for row in try await historyQuery.all(decoding: Kept.self) {
            kept[row.task_id] = LightVerdict(Light(rawValue: row.light) ?? .green, LightReason(rawValue: row.reason) ?? .onTrack, figure: row.figure)
        }
        var changed = 0
        var history: [(UUID, LightVerdict)] = []
        for row in rows {
            guard let input = row.input else { continue }
            let verdict = Lights.verdict(input, today: today, policy: policy)
            if verdict != row.current {
                changed += 1
                try await sql.update("tasks").set("light", to: SQLBind(verdict.light.rawValue))
                    .set("light_reason", to: SQLBind(verdict.reason.rawValue)).set("light_figure", to: SQLBind(verdict.figure))
                    .where("id", .equal, SQLBind(row.id)).run()
            }
            if let month = kept[row.id], month.light > verdict.light || month == verdict { continue }
            history.append((row.id, verdict))
        }
        for chunk in stride(from: 0, to: history.count, by: 500) {
            let slice = history[chunk..<min(chunk + 500, history.count)]
            var insert = sql.insert(into: "light_history").columns("task_id", "month", "light", "reason", "figure", "computed_on")
            for (id, verdict) in slice {
                insert = insert.values(SQLBind(id), SQLBind(month), SQLBind(verdict.light.rawValue), SQLBind(verdict.reason.rawValue),
                                       SQLBind(verdict.figure), SQLBind(today.description))
            }
            try await insert.onConflict(with: ["task_id", "month"]) { conflict in
                conflict.set(excludedValueOf: "light").set(excludedValueOf: "reason").set(excludedValueOf: "figure")
                    .set(excludedValueOf: "computed_on")
            }.run()
        }
        return (rows.count, changed)
    }

    public func notice(id: UUID) async throws -> UrgeNotice? { try await SupervisionReads.notice(id: id, sql: sql) }

    public func noticeCount(year: Int) async throws -> Int {
        try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("urge_notices")
            .where("code", .like, SQLBind("DB-\(year)-%")).first(decodingColumn: "n", as: Int.self) ?? 0
    }

    public func insert(_ notice: UrgeNotice) async throws {
        try await sql.insert(into: "urge_notices").model(NoticeRow(notice), keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil).run()
    }

    public func update(_ notice: UrgeNotice) async throws {
        try await sql.update("urge_notices").set(model: NoticeRow(notice), keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil)
            .where("id", .equal, SQLBind(notice.id)).run()
    }

    public func accountabilityCase(id: UUID) async throws -> AccountabilityCase? {
        try await SupervisionReads.accountabilityCase(id: id, sql: sql)
    }

    public func insert(_ item: AccountabilityCase) async throws {
        try await sql.insert(into: "accountability_cases").model(CaseRow(item), keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil).run()
    }

    public func update(_ item: AccountabilityCase) async throws {
        try await sql.update("accountability_cases").set(model: CaseRow(item), keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil)
            .where("id", .equal, SQLBind(item.id)).run()
    }

    /// Puts an entry in a person's inbox; one with a `dedupeKey` already sent is not sent again.
    public func insert(_ notification: InboxEntry, dedupeKey: String? = nil) async throws {
        try await sql.insert(into: "notifications").columns("id", "person_id", "kind", "text", "link", "created_on", "read", "dedupe_key")
            .values(SQLBind(notification.id), SQLBind(notification.personID), SQLBind(notification.kind.rawValue), SQLBind(notification.text),
                    SQLBind(notification.link), SQLBind(notification.createdOn.description), SQLBind(notification.read),
                    dedupeKey.map { SQLBind($0) as any SQLExpression } ?? SQLLiteral.null)
            .ignoringConflicts(with: ["dedupe_key"]).run()
    }

    /// The language a person reads in: their (enabled) account's setting, if they set one.
    public func language(ofPerson personID: UUID) async throws -> Language? {
        try await sql.select().column("language").from("accounts").where("person_id", .equal, SQLBind(personID))
            .where("is_disabled", .equal, SQLBind(false)).where("language", .isNot, SQLLiteral.null).limit(1)
            .first(decodingColumn: "language", as: String.self).flatMap(Language.init(rawValue:))
    }

    public func markNotificationsRead(personID: UUID, ids: [UUID]?) async throws {
        var query = sql.update("notifications").set("read", to: SQLBind(true)).where("person_id", .equal, SQLBind(personID))
        if let ids { query = query.where("id", .in, SQLBind.group(ids)) }
        try await query.run()
    }

    /// People to tell about a unit's work: the people behind its accounts of `roles`.
    public func unitPeople(unitID: UUID, roles: [Role]) async throws -> [UUID] {
        try await SupervisionReads.unitPeople(unitID: unitID, roles: roles, sql: sql)
    }

    /// People with an account of one of `roles`.
    public func peopleWithRole(_ roles: [Role]) async throws -> [UUID] {
        struct Row: Decodable { var person_id: UUID }
        return try await sql.select().distinct().column("person_id").from("accounts")
            .where("role", .in, SQLBind.group(roles.map(\.rawValue))).where("person_id", .isNot, SQLLiteral.null)
            .where("is_disabled", .equal, SQLBind(false)).all(decoding: Row.self).map(\.person_id)
    }

    /// Claims a daily job for `day`: true for the one process that inserts the claim first.
    public func claimJob(_ job: String, day: Day, runner: String, at now: Date) async throws -> Bool {
        // Claimed already (by anyone, this runner too: a claim is spent once a day).
        let existing = try await sql.select().column("job").from("job_runs").where("job", .equal, SQLBind(job))
            .where("day", .equal, SQLBind(day.description)).first()
        guard existing == nil else { return false }
        try await sql.insert(into: "job_runs").columns("job", "day", "ran_at", "runner")
            .values(SQLBind(job), SQLBind(day.description), SQLBind(AuditChain.timestamp(now)), SQLBind(runner))
            .ignoringConflicts(with: ["job", "day"]).run()
        let winner = try await sql.select().column("runner").from("job_runs").where("job", .equal, SQLBind(job))
            .where("day", .equal, SQLBind(day.description)).first(decodingColumn: "runner", as: String.self)
        return winner == runner
    }
}

/// An open task a reminder may concern.
public struct ReminderCandidate: Sendable {
    public var id: UUID
    public var title: String
    public var unitID: UUID
    public var assigneeID: UUID?
    public var start: Day
    public var deadline: Day
    public var rhythm: ReportingRhythm
    public var reportedThrough: Day?
}

extension Store {
    /// Open tasks begun by `today` and not yet past their deadline, not awaiting verification: those
    /// a deadline or a report may be near for.
    public func reminderCandidates(today: Day) async throws -> [ReminderCandidate] {
        struct Row: Decodable {
            var id: UUID; var title: String; var responsible_unit_id: UUID; var assignee_id: UUID?; var start_day: String
            var deadline: String; var tier: String; var rhythm_override: String?; var reported_through: String?
        }
        let rows = try await sql.select().column("id").column("title").column("responsible_unit_id").column("assignee_id")
            .column("start_day").column("deadline").column("tier").column("rhythm_override").column("reported_through").from("tasks")
            .where("status", .in, SQLBind.group([TaskStatus.notStarted, .inProgress].map(\.rawValue)))
            .where("awaiting_closure", .equal, SQLBind(false)).where("start_day", .lessThanOrEqual, SQLBind(today.description))
            .where("deadline", .greaterThanOrEqual, SQLBind(today.description))
            .all(decoding: Row.self)
        return rows.compactMap { row in
            guard let start = Day(row.start_day), let deadline = Day(row.deadline) else { return nil }
            return ReminderCandidate(id: row.id, title: row.title, unitID: row.responsible_unit_id, assigneeID: row.assignee_id,
                                     start: start, deadline: deadline,
                                     rhythm: row.rhythm_override.flatMap(ReportingRhythm.init) ?? (Tier(rawValue: row.tier) ?? .supported).defaultRhythm,
                                     reportedThrough: row.reported_through.flatMap(Day.init))
        }
    }

    /// The people behind a unit's head accounts.
    public func unitHeads(unitID: UUID) async throws -> [UUID] {
        try await SupervisionReads.unitPeople(unitID: unitID, roles: [.unitHead], sql: sql)
    }
}
