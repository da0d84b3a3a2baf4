// The daily digest's figures (red tasks, open notices, reports waiting sign-off, unread inboxes,
// what the reporting rule needs of open tasks), and the lock that lets one process of several
// run the daily jobs.
import FluentKit
import Foundation
import LuoshiDomain
import SQLKit

/// A red task as the digest names it.
public struct RedTaskLine: Equatable, Sendable {
    public var code: String
    public var title: String
    public var unitName: String
    public var verdict: LightVerdict
    public init(code: String, title: String, unitName: String, verdict: LightVerdict) {
        self.code = code; self.title = title; self.unitName = unitName; self.verdict = verdict
    }
}

/// The counts the digest opens with.
public struct DigestCounts: Equatable, Sendable {
    public var redTasks: Int
    public var openNotices: Int
    public var reportsAwaitingSignOff: Int
    /// People with unread inbox entries, and how many entries those are.
    public var unreadPeople: Int
    public var unreadEntries: Int
    public init(redTasks: Int, openNotices: Int, reportsAwaitingSignOff: Int, unreadPeople: Int, unreadEntries: Int) {
        self.redTasks = redTasks; self.openNotices = openNotices; self.reportsAwaitingSignOff = reportsAwaitingSignOff
        self.unreadPeople = unreadPeople; self.unreadEntries = unreadEntries
    }
}

/// What the reporting rule needs of an open task: its unit, span, rhythm and last reported period.
public struct ReportingSource: Equatable, Sendable {
    public var taskID: UUID
    public var unitID: UUID
    public var start: Day
    public var rhythm: ReportingRhythm
    public var reportedThrough: Day?
}

/// The open task states (a light of any other is green: finished or cancelled).
private let openStates = [TaskStatus.notStarted, .inProgress].map(\.rawValue)

extension Store {
    public func digestCounts() async throws -> DigestCounts {
        func count(_ query: SQLSelectBuilder) async throws -> Int {
            try await query.column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").first(decodingColumn: "n", as: Int.self) ?? 0
        }
        let red = try await count(sql.select().from("tasks").where("light", .equal, SQLBind(Light.red.rawValue))
            .where("status", .in, SQLBind.group(openStates)))
        let notices = try await count(sql.select().from("urge_notices").where("state", .equal, SQLBind(NoticeState.awaitingReply.rawValue)))
        let reports = try await count(sql.select().from("progress_reports")
            .where("state", .equal, SQLBind(ReportState.awaitingSignOff.rawValue)))
        struct Unread: Decodable { var people: Int; var entries: Int }
        let unread = try await sql.select()
            .column(SQLFunction("COUNT", args: SQLDistinct(SQLIdentifier("person_id"))), as: "people")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "entries")
            .from("notifications").where("read", .equal, SQLBind(false))
            .where("kind", .notEqual, SQLBind(NotificationKind.digest.rawValue)).first(decoding: Unread.self)
        return DigestCounts(redTasks: red, openNotices: notices, reportsAwaitingSignOff: reports,
                            unreadPeople: unread?.people ?? 0, unreadEntries: unread?.entries ?? 0)
    }

    /// Everyone's unread inbox entries made on or after `since`, other than the digests themselves
    /// (what each person's digest summarises), by person, oldest first.
    public func unreadEntriesForDigest(since: Day) async throws -> [InboxEntry] {
        struct Row: Decodable { var id: UUID; var person_id: UUID; var kind: String; var text: String; var link: String; var created_on: String }
        return try await sql.select().column("id").column("person_id").column("kind").column("text").column("link").column("created_on")
            .from("notifications").where("read", .equal, SQLBind(false))
            .where("kind", .notEqual, SQLBind(NotificationKind.digest.rawValue))
            .where("created_on", .greaterThanOrEqual, SQLBind(since.description))
            .orderBy("person_id").orderBy("created_on").orderBy("id").all(decoding: Row.self).compactMap { row in
                guard let kind = NotificationKind(rawValue: row.kind), let day = Day(row.created_on) else { return nil }
                return InboxEntry(id: row.id, personID: row.person_id, kind: kind, text: row.text, link: row.link, createdOn: day)
            }
    }

    /// The open red tasks, longest overdue or stalled first, with their responsible units' names.
    public func redTasks(limit: Int) async throws -> [RedTaskLine] {
        struct Row: Decodable { var code: String; var title: String; var unit_name: String; var light_reason: String; var light_figure: Int }
        return try await sql.select().column(SQLColumn("code", table: "t")).column(SQLColumn("title", table: "t"))
            .column(SQLColumn("name", table: "u"), as: "unit_name").column(SQLColumn("light_reason", table: "t"))
            .column(SQLColumn("light_figure", table: "t"))
            .from(SQLAlias(SQLIdentifier("tasks"), as: SQLIdentifier("t")))
            .join(SQLAlias(SQLIdentifier("units"), as: SQLIdentifier("u")), method: SQLJoinMethod.inner,
                  on: SQLColumn("id", table: "u"), .equal, SQLColumn("responsible_unit_id", table: "t"))
            .where(SQLColumn("light", table: "t"), .equal, SQLBind(Light.red.rawValue))
            .where(SQLColumn("status", table: "t"), .in, SQLBind.group(openStates))
            .orderBy(SQLColumn("light_figure", table: "t"), SQLDirection.descending).orderBy(SQLColumn("code", table: "t"))
            .limit(limit).all(decoding: Row.self).map {
                RedTaskLine(code: $0.code, title: $0.title, unitName: $0.unit_name,
                            verdict: LightVerdict(.red, LightReason(rawValue: $0.light_reason) ?? .overdue, figure: $0.light_figure))
            }
    }

    /// Open tasks begun by `today` and not awaiting verification: the ones that owe reports.
    public func reportingSources(today: Day) async throws -> [ReportingSource] {
        struct Row: Decodable {
            var id: UUID; var responsible_unit_id: UUID; var start_day: String; var tier: String; var rhythm_override: String?
            var reported_through: String?
        }
        return try await sql.select().column("id").column("responsible_unit_id").column("start_day").column("tier")
            .column("rhythm_override").column("reported_through").from("tasks")
            .where("status", .in, SQLBind.group(openStates)).where("awaiting_closure", .equal, SQLBind(false))
            .where("start_day", .lessThanOrEqual, SQLBind(today.description))
            .all(decoding: Row.self).compactMap { row in
                guard let start = Day(row.start_day) else { return nil }
                return ReportingSource(taskID: row.id, unitID: row.responsible_unit_id, start: start,
                                       rhythm: row.rhythm_override.flatMap(ReportingRhythm.init) ?? (Tier(rawValue: row.tier) ?? .supported).defaultRhythm,
                                       reportedThrough: row.reported_through.flatMap(Day.init))
            }
    }

    /// Runs `body` unless another process holds `key`; nil when one does. On PostgreSQL a session
    /// advisory lock (`pg_try_advisory_lock`) is held on one connection for the whole of `body`
    /// and released after it (or when the connection drops). An SQLite file belongs to one
    /// process, so there `body` simply runs.
    public func withExclusiveLock<T: Sendable>(_ key: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T? {
        guard sql.dialect.name == "postgresql" else { return try await body() }
        return try await database.withConnection { connection in
            let sql = connection as! any SQLDatabase
            let locked = try await sql.raw("SELECT pg_try_advisory_lock(hashtext(\(bind: key))) AS locked")
                .first(decodingColumn: "locked", as: Bool.self) ?? false
            guard locked else { return nil }
            do {
                let result = try await body()
                _ = try await sql.raw("SELECT pg_advisory_unlock(hashtext(\(bind: key))) AS unlocked").first()
                return result
            } catch {
                _ = try? await sql.raw("SELECT pg_advisory_unlock(hashtext(\(bind: key))) AS unlocked").first()
                throw error
            }
        }
    }
}
