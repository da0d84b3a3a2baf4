// Dashboards (issue 10): the figures each role's home page shows. Every task figure is one
// statement over the register's own conditions (`taskFilterQuery`), so a figure and the register
// page it links to count the same tasks: lights by unit, what falls due, the red list, late
// reporters; then open notices, reports waiting for sign-off, what a person must report, the
// lights of a leader's key objects and indicators against the time elapsed.
import FluentKit
import Foundation
import LuoshiDomain
import SQLKit

/// A unit's tasks by light, its sub-units' tasks included.
public struct UnitLights: Equatable, Sendable {
    public var unitID: UUID
    public var counts: [Light: Int]
    public var lagging: Int { (counts[.red] ?? 0) + (counts[.yellow] ?? 0) }
}

/// The first tasks of a list, and how many the list holds.
public struct TaskSample: Sendable {
    public var items: [TaskListing]
    public var total: Int
    public init(items: [TaskListing], total: Int) { self.items = items; self.total = total }
}

/// Urge notices and orders awaiting a reply, and how many of them are past their reply date.
public struct NoticeTally: Equatable, Sendable {
    public var open: Int
    public var overdue: Int
}

/// An open task and the report it owes.
public struct ReportDutyListing: Equatable, Sendable {
    public var taskID: UUID
    public var code: String
    public var title: String
    public var deadline: Day
    public var light: LightVerdict
    public var duty: ReportDuty
}

/// An indicator with its current value, its completion (0–cap) and how far the time of its period
/// has run (0–1).
public struct IndicatorPace: Sendable {
    public var indicator: Indicator
    public var current: Double?
    public var completion: Double?
    public var elapsed: Double
    /// Completion less the time elapsed (no value counts as nothing done): below zero is behind.
    public var gap: Double { (completion ?? 0) - elapsed }
}

/// Tasks under a filter counted in one pass: by responsible unit and light, with how many report
/// late and how many fall due in a window.
public struct TaskTally: Sendable {
    public var byUnit: [UUID: [Light: Int]] = [:]
    public var lights: [Light: Int] = [:]
    /// Tasks whose light gives `reportLate`: the report of their last ended period is missing.
    public var reportingLate = 0
    /// Open tasks, not awaiting verification, whose deadline falls in the window.
    public var due = 0
}

extension Store {
    static let openStatuses = [TaskStatus.notStarted, .inProgress].map(\.rawValue)

    /// Tasks under `filter` by responsible unit and light, with those reporting late and those due
    /// between `dueFrom` and `dueThrough` (both included): one GROUP BY, one pass over the tasks.
    public func taskTally(_ filter: TaskFilter, dueFrom: Day, dueThrough: Day) async throws -> TaskTally {
        struct Row: Decodable { var responsible_unit_id: UUID; var light: String; var n: Int; var late: Int?; var due: Int? }
        let late = SQLQueryString("SUM(CASE WHEN t.light_reason = \(bind: LightReason.reportLate.rawValue) THEN 1 ELSE 0 END)")
        let due = SQLQueryString("""
            SUM(CASE WHEN t.deadline >= \(bind: dueFrom.description) AND t.deadline <= \(bind: dueThrough.description) \
            AND t.status IN (\(binds: Self.openStatuses)) AND t.awaiting_closure = \(bind: false) THEN 1 ELSE 0 END)
            """)
        let rows = try await taskFilterQuery(
            sql.select().column(SQLColumn("responsible_unit_id", table: "t")).column(SQLColumn("light", table: "t"))
                .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").column(late, as: "late").column(due, as: "due"),
            filter, unitIDs: try await subtree(filter), joiningUnits: false)
            .groupBy(SQLColumn("responsible_unit_id", table: "t")).groupBy(SQLColumn("light", table: "t"))
            .all(decoding: Row.self)
        var tally = TaskTally()
        for row in rows {
            guard let light = Light(rawValue: row.light) else { continue }
            tally.byUnit[row.responsible_unit_id, default: [:]][light, default: 0] += row.n
            tally.lights[light, default: 0] += row.n
            tally.reportingLate += row.late ?? 0
            tally.due += row.due ?? 0
        }
        return tally
    }

    /// A tally's counts for each unit at `level` of the tree (1: departments, towns and parks), each
    /// unit counting its sub-units' tasks as the register's unit filter does; the `limit` units with
    /// the most red and yellow.
    public func laggingUnits(_ tally: TaskTally, level: Int = 1, limit: Int = 8) async throws -> [UnitLights] {
        let units = try await directory().byID
        var byUnit: [UUID: [Light: Int]] = [:]
        for (unitID, counts) in tally.byUnit {
            guard let path = units[unitID]?.path, let ancestor = Self.ancestor(of: path, level: level) else { continue }
            for (light, n) in counts { byUnit[ancestor, default: [:]][light, default: 0] += n }
        }
        let ranked = byUnit.map { UnitLights(unitID: $0.key, counts: $0.value) }.filter { $0.lagging > 0 }.sorted { a, b in
            if a.lagging != b.lagging { return a.lagging > b.lagging }
            if a.counts[.red] != b.counts[.red] { return (a.counts[.red] ?? 0) > (b.counts[.red] ?? 0) }
            let (x, y) = (units[a.unitID], units[b.unitID])
            return (x?.sortOrder ?? 0, x?.name ?? "") < (y?.sortOrder ?? 0, y?.name ?? "")
        }
        return Array(ranked.prefix(limit))
    }

    /// The units of `filter.unitPath`'s subtree, from the directory: the tasks' unit index then finds
    /// the rows, where a path match on the joined units reads every task of the year (as `tasks(_:)`).
    func subtree(_ filter: TaskFilter) async throws -> [UUID]? {
        guard let path = filter.unitPath else { return nil }
        return try await directory().units.filter { $0.path.hasPrefix(path) }.map(\.id)
    }

    /// The id at `level` of a materialised path ("/a/b/c/": level 0 is a, 1 is b), if it is that deep.
    static func ancestor(of path: String, level: Int) -> UUID? {
        let ids = path.split(separator: "/")
        return ids.count > level ? UUID(uuidString: String(ids[level])) : nil
    }

    /// Open tasks under `filter` whose deadline falls between `from` and `through` (both included),
    /// not awaiting verification; the earliest first.
    public func tasksDue(_ filter: TaskFilter, from: Day, through: Day, limit: Int) async throws -> [TaskListing] {
        try await taskListingQuery(filter, sort: .deadline, unitIDs: try await subtree(filter))
            .where(SQLColumn("deadline", table: "t"), .greaterThanOrEqual, SQLBind(from.description))
            .where(SQLColumn("deadline", table: "t"), .lessThanOrEqual, SQLBind(through.description))
            .where(SQLColumn("status", table: "t"), .in, SQLBind.group(Self.openStatuses))
            .where(SQLColumn("awaiting_closure", table: "t"), .equal, SQLBind(false))
            .limit(limit).all(decoding: TaskListingRow.self).map(\.value)
    }

    /// Tasks under `filter` showing `light`, by code: the first rows of the register page the
    /// figure links to (ordered by deadline, the list cost a sort of every red task of the year).
    public func tasksLit(_ filter: TaskFilter, light: Light, limit: Int) async throws -> [TaskListing] {
        var lit = filter
        lit.light = light
        return try await taskListingQuery(lit, sort: .code, unitIDs: try await subtree(lit)).limit(limit)
            .all(decoding: TaskListingRow.self).map(\.value)
    }

    /// Tasks under `filter` whose report for the last ended period is missing (the light's
    /// `reportLate` reason): the late reporters, by code.
    public func tasksReportingLate(_ filter: TaskFilter, limit: Int) async throws -> [TaskListing] {
        try await taskListingQuery(filter, sort: .code, unitIDs: try await subtree(filter))
            .where(SQLColumn("light_reason", table: "t"), .equal, SQLBind(LightReason.reportLate.rawValue))
            .limit(limit).all(decoding: TaskListingRow.self).map(\.value)
    }

    /// Notices awaiting a reply, to units under `unitPath` (nil: all), and those past their reply date.
    public func noticeTally(today: Day, unitPath: String?) async throws -> NoticeTally {
        struct Row: Decodable { var open: Int; var overdue: Int? }
        var query = sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "open")
            .column(SQLQueryString("SUM(CASE WHEN n.reply_by < \(bind: today.description) THEN 1 ELSE 0 END)"), as: "overdue")
            .from(SQLAlias(SQLIdentifier("urge_notices"), as: SQLIdentifier("n")))
            .where(SQLColumn("state", table: "n"), .equal, SQLBind(NoticeState.awaitingReply.rawValue))
        if let unitPath {
            query = query.join(SQLAlias(SQLIdentifier("units"), as: SQLIdentifier("nu")), method: SQLJoinMethod.inner,
                               on: SQLColumn("id", table: "nu"), .equal, SQLColumn("unit_id", table: "n"))
                .where(PathPrefix(SQLColumn("path", table: "nu"), unitPath))
        }
        let row = try await query.first(decoding: Row.self)
        return NoticeTally(open: row?.open ?? 0, overdue: row?.overdue ?? 0)
    }

    /// How many reports are in `state`, of tasks whose responsible unit lies under `unitPath` and
    /// that `taskScope` reads (the count behind `reportListings`).
    public func reportCount(state: ReportState, unitPath: String?, taskScope: WorkScope?) async throws -> Int {
        try await taskFilterQuery(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n"),
                                  TaskFilter(unitPath: unitPath, keyTasksOnly: false, scope: taskScope), unitIDs: nil)
            .join(SQLAlias(SQLIdentifier("progress_reports"), as: SQLIdentifier("r")), method: SQLJoinMethod.inner,
                  on: SQLColumn("task_id", table: "r"), .equal, SQLColumn("id", table: "t"))
            .where(SQLColumn("state", table: "r"), .equal, SQLBind(state.rawValue))
            .first(decodingColumn: "n", as: Int.self) ?? 0
    }

    /// The reports a person owes on `today`: open tasks begun by then, not awaiting verification,
    /// assigned to `personID` or, unassigned, the responsibility of `unitID`; the earliest due first.
    /// (Three hundred tasks are read, by deadline, then one statement for their reports in waiting.)
    /// Reads at most `limit` tasks (by deadline).
    public func reportDuties(personID: UUID?, unitID: UUID?, today: Day, limit: Int = 300) async throws -> [ReportDutyListing] {
        var whose: [any SQLExpression] = []
        if let personID { whose.append(SQLBinaryExpression(SQLColumn("assignee_id"), .equal, SQLBind(personID))) }
        if let unitID {
            // The unassigned test is written so no index serves it: SQLite otherwise read every
            // unassigned task of the database (the city's key tasks) instead of the unit's own.
            whose.append(SQLGroupExpression(SQLList([SQLBinaryExpression(SQLColumn("responsible_unit_id"), .equal, SQLBind(unitID)),
                                                     SQLQueryString("CASE WHEN assignee_id IS NULL THEN 1 ELSE 0 END = 1")],
                                                    separator: SQLRaw(" AND "))))
        }
        guard !whose.isEmpty else { return [] }
        struct Row: Decodable {
            var id: UUID; var code: String; var title: String; var start_day: String; var deadline: String; var tier: String
            var rhythm_override: String?; var reported_through: String?; var light: String; var light_reason: String; var light_figure: Int
        }
        let rows = try await sql.select().columns("id", "code", "title", "start_day", "deadline", "tier", "rhythm_override",
                                                  "reported_through", "light", "light_reason", "light_figure").from("tasks")
            .where(SQLGroupExpression(SQLList(whose, separator: SQLRaw(" OR "))))
            .where("status", .in, SQLBind.group(Self.openStatuses)).where("awaiting_closure", .equal, SQLBind(false))
            .where("start_day", .lessThanOrEqual, SQLBind(today.description))
            .orderBy("deadline").orderBy("code").limit(limit).all(decoding: Row.self)
        // A report sent and waiting for sign-off is not owed again: its period counts as reported
        // here (it counts for the task once signed off; a returned one is owed again).
        struct Sent: Decodable { var task_id: UUID; var period_key: String }
        var sent: [UUID: Day] = [:]
        if !rows.isEmpty {
            for report in try await sql.select().column("task_id").column("period_key").from("progress_reports")
                .where("task_id", .in, SQLBind.group(rows.map(\.id)))
                .where("state", .equal, SQLBind(ReportState.awaitingSignOff.rawValue)).all(decoding: Sent.self) {
                guard let end = ReportPeriod(key: report.period_key)?.end else { continue }
                sent[report.task_id] = max(sent[report.task_id] ?? end, end)
            }
        }
        return rows.compactMap { row in
            guard let start = Day(row.start_day), let deadline = Day(row.deadline) else { return nil }
            let rhythm = row.rhythm_override.flatMap(ReportingRhythm.init) ?? (Tier(rawValue: row.tier) ?? .supported).defaultRhythm
            let through = [row.reported_through.flatMap(Day.init), sent[row.id]].compactMap { $0 }.max()
            guard let duty = ReportDuty.next(start: start, rhythm: rhythm, reportedThrough: through, today: today) else { return nil }
            return ReportDutyListing(taskID: row.id, code: row.code, title: row.title, deadline: deadline,
                                     light: LightVerdict(Light(rawValue: row.light) ?? .green, LightReason(rawValue: row.light_reason) ?? .onTrack,
                                                         figure: row.light_figure),
                                     duty: duty)
        }.sorted { ($0.duty.due, $0.deadline, $0.code) < ($1.duty.due, $1.deadline, $1.code) }
    }

    /// The tasks of each key object by light, in one statement.
    public func keyObjectLights(ids: [UUID]) async throws -> [UUID: [Light: Int]] {
        guard !ids.isEmpty else { return [:] }
        struct Row: Decodable { var key_object_id: UUID; var light: String; var n: Int }
        let rows = try await sql.select().column(SQLColumn("key_object_id", table: "l")).column(SQLColumn("light", table: "t"))
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(SQLAlias(SQLIdentifier("key_object_tasks"), as: SQLIdentifier("l")))
            .join(SQLAlias(SQLIdentifier("tasks"), as: SQLIdentifier("t")), method: SQLJoinMethod.inner,
                  on: SQLColumn("id", table: "t"), .equal, SQLColumn("task_id", table: "l"))
            .where(SQLColumn("key_object_id", table: "l"), .in, SQLBind.group(ids))
            .groupBy(SQLColumn("key_object_id", table: "l")).groupBy(SQLColumn("light", table: "t"))
            .all(decoding: Row.self)
        var lights: [UUID: [Light: Int]] = [:]
        for row in rows { if let light = Light(rawValue: row.light) { lights[row.key_object_id, default: [:]][light, default: 0] += row.n } }
        return lights
    }

    /// The indicators of `year` that `reads` admits (given an indicator's owning unit and person)
    /// and whose parent it does not (the district: the top ones), with their current value,
    /// completion and the share of their period elapsed on `today`; the `limit` furthest behind
    /// the time first. Reads the year's tree and the latest reading of each indicator (an index
    /// look-up each), not every reading: what `indicatorStatuses` computes, for the few shown.
    public func indicatorPace(year: Int, today: Day, limit: Int,
                              reads: (_ ownerUnitID: UUID?, _ ownerPersonID: UUID?) -> Bool) async throws -> [IndicatorPace] {
        struct Node: Decodable {
            var id: UUID; var parent_id: UUID?; var roll_up: String; var owner_unit_id: UUID?; var owner_person_id: UUID?
        }
        let nodes = try await sql.select().columns("id", "parent_id", "roll_up", "owner_unit_id", "owner_person_id").from("indicators")
            .where("year", .equal, SQLBind(year)).all(decoding: Node.self)
        let readable = Set(nodes.filter { reads($0.owner_unit_id, $0.owner_person_id) }.map(\.id))
        let tops = nodes.filter { readable.contains($0.id) && !($0.parent_id.map(readable.contains) ?? false) }.map(\.id)
        guard !tops.isEmpty else { return [] }
        // The latest reading of each indicator of the year; of two on one day, the later recorded.
        // (The latest day of each from the covering index, joined back: a correlated MAX per reading
        // cost three times as much on the city's 24,470 readings.)
        struct Latest: Decodable { var indicator_id: UUID; var value: Double }
        let lastDays = sql.select().column(SQLColumn("indicator_id", table: "r2"))
            .column(SQLFunction("MAX", args: SQLColumn("as_of", table: "r2")), as: "last_day")
            .from(SQLAlias(SQLIdentifier("readings"), as: SQLIdentifier("r2"))).groupBy(SQLColumn("indicator_id", table: "r2"))
        let latest = try await sql.select().column(SQLColumn("indicator_id", table: "r")).column(SQLColumn("value", table: "r"))
            .from(SQLAlias(SQLIdentifier("readings"), as: SQLIdentifier("r")))
            .join(SQLAlias(SQLGroupExpression(lastDays.select), as: SQLIdentifier("l")), method: SQLJoinMethod.inner,
                  on: SQLQueryString("l.indicator_id = r.indicator_id AND r.as_of = l.last_day"))
            .join(SQLAlias(SQLIdentifier("indicators"), as: SQLIdentifier("i")), method: SQLJoinMethod.inner,
                  on: SQLColumn("id", table: "i"), .equal, SQLColumn("indicator_id", table: "r"))
            .where(SQLColumn("year", table: "i"), .equal, SQLBind(year))
            .orderBy(SQLColumn("as_of", table: "r")).orderBy(SQLColumn("created_at", table: "r"))
            .all(decoding: Latest.self)
        var own: [UUID: Double] = [:]
        for reading in latest { own[reading.indicator_id] = reading.value }
        let children = Dictionary(grouping: nodes, by: \.parent_id)
        var currents: [UUID: Double?] = [:]
        func current(_ node: Node) -> Double? {
            if let known = currents[node.id] { return known }
            let value = IndicatorMath.current(ownLatest: own[node.id], childCurrents: (children[node.id] ?? []).map(current),
                                              rollUp: RollUp(rawValue: node.roll_up) ?? .sum)
            currents[node.id] = value
            return value
        }
        let byID = Dictionary(nodes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let shown = try await sql.select().column(SQLLiteral.all).from("indicators").where("id", .in, SQLBind.group(tops))
            .all(decoding: IndicatorRow.self, keyDecodingStrategy: .convertFromSnakeCase).map(\.value)
        let paces = shown.map { indicator in
            let value = byID[indicator.id].flatMap(current)
            return IndicatorPace(indicator: indicator, current: value,
                                 completion: IndicatorMath.completion(current: value, baseline: indicator.baseline, target: indicator.target,
                                                                      direction: indicator.direction, cap: indicator.completionCap),
                                 elapsed: IndicatorPeriod.elapsedShare(indicator.period, year: indicator.year, today: today))
        }
        return Array(paces.sorted { ($0.gap, $0.indicator.code) < ($1.gap, $1.indicator.code) }.prefix(limit))
    }
}
