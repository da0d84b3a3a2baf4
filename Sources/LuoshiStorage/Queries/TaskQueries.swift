// Tasks: rows, the register (filtered, scoped, sorted, paged in one SQLKit query), trees, roll-up.
import FluentKit
import Foundation
import LuoshiDomain
import SQLKit

/// A task as lists show it, with the names its ids stand for.
public struct TaskListing: Equatable, Sendable {
    public var id: UUID
    public var code: String
    public var title: String
    public var tier: Tier
    public var status: TaskStatus
    public var start: Day
    public var deadline: Day
    /// The task's figure: its own report without sub-tasks, their weighted roll-up with them.
    public var progress: Double
    public var parentID: UUID?
    public var depth: Int
    public var responsibleUnitID: UUID
    public var responsibleUnitName: String
    public var leaderName: String?
    public var assigneeName: String?
    public var areaName: String?
    public var leadLeaderID: UUID?
    public var assigneeID: UUID?
    /// Filled for the register's pages (one statement for the page's rows); empty in trees.
    public var cooperatingUnitIDs: [UUID] = []
    /// The task's light and why (`Lights.verdict`, as last computed).
    public var light: LightVerdict = LightVerdict(.green, .onTrack)
}

struct TaskRow: Codable {
    var id: UUID
    var year: Int
    var code: String
    var title: String
    var areaId: UUID?
    var tier: String
    var target: String
    var requirements: String
    var startDay: String
    var deadline: String
    var milestones: String
    var leadLeaderId: UUID?
    var responsibleUnitId: UUID
    var assigneeId: UUID?
    var parentId: UUID?
    var path: String
    var weight: Double
    var progress: Int
    var rolledProgress: Double
    var status: String
    var cancelReason: String?
    var rhythmOverride: String?
    var decisionId: UUID?

    init(_ task: KeyTask, rolledProgress: Double) {
        id = task.id; year = task.year; code = task.code; title = task.title; areaId = task.areaID; tier = task.tier.rawValue
        target = task.target; requirements = task.requirements; startDay = task.start.description; deadline = task.deadline.description
        milestones = AuditChain.snapshot(task.milestones); leadLeaderId = task.leadLeaderID; responsibleUnitId = task.responsibleUnitID
        assigneeId = task.assigneeID; parentId = task.parentID; path = task.path; weight = task.weight; progress = task.progress
        self.rolledProgress = rolledProgress; status = task.status.rawValue; cancelReason = task.cancelReason
        rhythmOverride = task.rhythmOverride?.rawValue; decisionId = task.decisionID
    }

    func value(cooperating: [UUID]) -> KeyTask {
        let milestones = (try? JSONDecoder().decode([Milestone].self, from: Data(self.milestones.utf8))) ?? []
        return KeyTask(id: id, year: year, code: code, title: title, areaID: areaId, tier: Tier(rawValue: tier) ?? .supported,
                       target: target, requirements: requirements, start: Day(startDay) ?? LocalClock.china.today(),
                       deadline: Day(deadline) ?? LocalClock.china.today(), milestones: milestones, leadLeaderID: leadLeaderId,
                       responsibleUnitID: responsibleUnitId, cooperatingUnitIDs: cooperating, assigneeID: assigneeId,
                       parentID: parentId, path: path, weight: weight, progress: progress,
                       status: TaskStatus(rawValue: status) ?? .notStarted, cancelReason: cancelReason,
                       rhythmOverride: rhythmOverride.flatMap(ReportingRhythm.init(rawValue:)), decisionID: decisionId)
    }
}

struct TaskListingRow: Decodable {
    var id: UUID
    var code: String
    var title: String
    var tier: String
    var status: String
    var startDay: String
    var deadline: String
    var rolledProgress: Double
    var parentId: UUID?
    var path: String
    var responsibleUnitId: UUID
    var unitName: String
    var leaderName: String?
    var assigneeName: String?
    var areaName: String?
    var leadLeaderId: UUID?
    var assigneeId: UUID?
    var light: String
    var lightReason: String
    var lightFigure: Int
    /// COUNT(*) OVER (): the list's total, in the same statement as its rows.
    var total: Int?

    // Spelled out: the snake-case key strategy converted every column name of every row.
    enum CodingKeys: String, CodingKey {
        case id, code, title, tier, status, startDay = "start_day", deadline, rolledProgress = "rolled_progress", parentId = "parent_id", path
        case responsibleUnitId = "responsible_unit_id", unitName = "unit_name", leaderName = "leader_name"
        case assigneeName = "assignee_name", areaName = "area_name", total
        case leadLeaderId = "lead_leader_id", assigneeId = "assignee_id"
        case light, lightReason = "light_reason", lightFigure = "light_figure"
    }

    var value: TaskListing {
        TaskListing(id: id, code: code, title: title, tier: Tier(rawValue: tier) ?? .supported,
                    status: TaskStatus(rawValue: status) ?? .notStarted, start: Day(startDay) ?? LocalClock.china.today(),
                    deadline: Day(deadline) ?? LocalClock.china.today(), progress: rolledProgress, parentID: parentId, depth: max(0, path.split(separator: "/").count - 1),
                    responsibleUnitID: responsibleUnitId, responsibleUnitName: unitName, leaderName: leaderName,
                    assigneeName: assigneeName, areaName: areaName, leadLeaderID: leadLeaderId, assigneeID: assigneeId,
                    light: LightVerdict(Light(rawValue: light) ?? .green, LightReason(rawValue: lightReason) ?? .onTrack, figure: lightFigure))
    }
}

public enum TaskSort: String, CaseIterable, Sendable {
    case code, deadline, progress
}

public struct TaskFilter: Sendable, Equatable {
    public var year: Int?
    public var areaID: UUID?
    public var tier: Tier?
    /// Tasks whose responsible unit is this unit or below it.
    public var unitPath: String?
    public var leaderID: UUID?
    public var assigneeID: UUID?
    public var status: TaskStatus?
    public var overdueOn: Day?
    /// Tasks showing this light.
    public var light: Light?
    public var keyTasksOnly: Bool
    public var search: String?
    /// The caller's scope, for callers who do not read everything.
    public var scope: WorkScope?

    public init(year: Int? = nil, areaID: UUID? = nil, tier: Tier? = nil, unitPath: String? = nil, leaderID: UUID? = nil,
                assigneeID: UUID? = nil, status: TaskStatus? = nil, overdueOn: Day? = nil, keyTasksOnly: Bool = true,
                search: String? = nil, scope: WorkScope? = nil, light: Light? = nil) {
        self.year = year; self.areaID = areaID; self.tier = tier; self.unitPath = unitPath; self.leaderID = leaderID
        self.assigneeID = assigneeID; self.status = status; self.overdueOn = overdueOn; self.keyTasksOnly = keyTasksOnly
        self.search = search; self.scope = scope; self.light = light
    }

    public static func == (lhs: TaskFilter, rhs: TaskFilter) -> Bool {
        lhs.year == rhs.year && lhs.areaID == rhs.areaID && lhs.tier == rhs.tier && lhs.unitPath == rhs.unitPath
            && lhs.leaderID == rhs.leaderID && lhs.assigneeID == rhs.assigneeID && lhs.status == rhs.status
            && lhs.overdueOn == rhs.overdueOn && lhs.keyTasksOnly == rhs.keyTasksOnly && lhs.search == rhs.search
            && lhs.scope == rhs.scope && lhs.light == rhs.light
    }
}

extension Store {
    /// The register's one query: tasks with their unit, leader, assignee and area names.
    /// `unitIDs`, when given, stands for `filter.unitPath` (the units of that subtree, from the
    /// directory): the tasks' unit index then finds the rows, where a path match on the joined
    /// units had to read every task.
    public func taskListingQuery(_ filter: TaskFilter, sort: TaskSort, unitIDs: [UUID]? = nil) -> SQLSelectBuilder {
        let query = taskFilterQuery(sql.select()
            .column(SQLColumn("id", table: "t")).column(SQLColumn("code", table: "t")).column(SQLColumn("title", table: "t"))
            .column(SQLColumn("tier", table: "t")).column(SQLColumn("status", table: "t"))
            .column(SQLColumn("start_day", table: "t")).column(SQLColumn("deadline", table: "t"))
            .column(SQLColumn("rolled_progress", table: "t")).column(SQLColumn("parent_id", table: "t"))
            .column(SQLColumn("path", table: "t")).column(SQLColumn("responsible_unit_id", table: "t"))
            .column(SQLColumn("lead_leader_id", table: "t")).column(SQLColumn("assignee_id", table: "t"))
            .column(SQLColumn("light", table: "t")).column(SQLColumn("light_reason", table: "t")).column(SQLColumn("light_figure", table: "t"))
            .column(SQLColumn("name", table: "u"), as: "unit_name").column(SQLColumn("name", table: "l"), as: "leader_name")
            .column(SQLColumn("name", table: "p"), as: "assignee_name").column(SQLColumn("name", table: "a"), as: "area_name"),
            filter, unitIDs: unitIDs)
            .join(SQLAlias(SQLIdentifier("people"), as: SQLIdentifier("l")), method: SQLJoinMethod.left,
                  on: SQLColumn("id", table: "l"), .equal, SQLColumn("lead_leader_id", table: "t"))
            .join(SQLAlias(SQLIdentifier("people"), as: SQLIdentifier("p")), method: SQLJoinMethod.left,
                  on: SQLColumn("id", table: "p"), .equal, SQLColumn("assignee_id", table: "t"))
            .join(SQLAlias(SQLIdentifier("work_areas"), as: SQLIdentifier("a")), method: SQLJoinMethod.left,
                  on: SQLColumn("id", table: "a"), .equal, SQLColumn("area_id", table: "t"))
        switch sort {
        case .code: query.orderBy(SQLColumn("code", table: "t"))
        case .deadline: query.orderBy(SQLColumn("deadline", table: "t")).orderBy(SQLColumn("code", table: "t"))
        case .progress: query.orderBy(SQLColumn("rolled_progress", table: "t")).orderBy(SQLColumn("code", table: "t"))
        }
        return query
    }

    /// `FROM tasks t JOIN units u` and the filter's conditions: what the list and its count share.
    /// A count whose conditions never name the unit leaves the units out (every task has one).
    func taskFilterQuery(_ select: SQLSelectBuilder, _ filter: TaskFilter, unitIDs: [UUID]?, joiningUnits: Bool = true) -> SQLSelectBuilder {
        var query = select.from(SQLAlias(SQLIdentifier("tasks"), as: SQLIdentifier("t")))
        var scopeNamesUnits = false
        if case .limited(let unitPaths, _, _)? = filter.scope { scopeNamesUnits = !unitPaths.isEmpty }
        if joiningUnits || scopeNamesUnits || (unitIDs == nil && filter.unitPath != nil) {
            query = query.join(SQLAlias(SQLIdentifier("units"), as: SQLIdentifier("u")), method: SQLJoinMethod.inner,
                               on: SQLColumn("id", table: "u"), .equal, SQLColumn("responsible_unit_id", table: "t"))
        }
        if let year = filter.year { query = query.where(SQLColumn("year", table: "t"), .equal, SQLBind(year)) }
        if filter.keyTasksOnly { query = query.where(SQLColumn("parent_id", table: "t"), .is, SQLLiteral.null) }
        if let area = filter.areaID { query = query.where(SQLColumn("area_id", table: "t"), .equal, SQLBind(area)) }
        if let tier = filter.tier { query = query.where(SQLColumn("tier", table: "t"), .equal, SQLBind(tier.rawValue)) }
        if let unitIDs {
            query = query.where(SQLColumn("responsible_unit_id", table: "t"), .in, SQLBind.group(unitIDs))
        } else if let path = filter.unitPath {
            query = query.where(PathPrefix(SQLColumn("path", table: "u"), path))
        }
        if let leader = filter.leaderID { query = query.where(SQLColumn("lead_leader_id", table: "t"), .equal, SQLBind(leader)) }
        if let assignee = filter.assigneeID { query = query.where(SQLColumn("assignee_id", table: "t"), .equal, SQLBind(assignee)) }
        if let status = filter.status { query = query.where(SQLColumn("status", table: "t"), .equal, SQLBind(status.rawValue)) }
        if let light = filter.light { query = query.where(SQLColumn("light", table: "t"), .equal, SQLBind(light.rawValue)) }
        if let today = filter.overdueOn {
            query = query.where(SQLColumn("deadline", table: "t"), .lessThan, SQLBind(today.description))
                .where(SQLColumn("status", table: "t"), .in, SQLBind.group([TaskStatus.notStarted.rawValue, TaskStatus.inProgress.rawValue]))
        }
        if let matches = SearchPredicate(filter.search, columns: [SQLColumn("title", table: "t"), SQLColumn("code", table: "t")]) {
            query = query.where(matches)
        }
        if case .limited(let unitPaths, let personID, let taskPaths)? = filter.scope {
            // The same rule as WorkScope.includes, as SQL: any one of these admits a task.
            var admits: [any SQLExpression] = []
            for path in unitPaths {
                admits.append(PathPrefix(SQLColumn("path", table: "u"), path))
                admits.append(SQLQueryString("""
                    EXISTS (SELECT 1 FROM task_cooperating_units c JOIN units cu ON cu.id = c.unit_id \
                    WHERE c.task_id = t.id AND \(PathPrefix(SQLColumn("path", table: "cu"), path)))
                    """))
            }
            if let personID {
                admits.append(SQLBinaryExpression(SQLColumn("assignee_id", table: "t"), .equal, SQLBind(personID)))
                admits.append(SQLBinaryExpression(SQLColumn("lead_leader_id", table: "t"), .equal, SQLBind(personID)))
            }
            for path in taskPaths { admits.append(PathPrefix(SQLColumn("path", table: "t"), path)) }
            query = query.where(admits.isEmpty ? SQLQueryString("1 = 0") as any SQLExpression
                                               : SQLGroupExpression(SQLList(admits, separator: SQLRaw(" OR "))))
        }
        return query
    }

    public func tasks(_ filter: TaskFilter, sort: TaskSort = .code, offset: Int, limit: Int) async throws -> Page<TaskListing> {
        var unitIDs: [UUID]?
        if let path = filter.unitPath { unitIDs = try await directory().units.filter { $0.path.hasPrefix(path) }.map(\.id) }
        // The total as an uncorrelated sub-query of the same statement, evaluated once: counting the
        // filter's index entries is cheap, where COUNT(*) OVER () made SQLite build and sort every
        // matching row (a city's 12,534 key tasks: 40 ms a page).
        let count = taskFilterQuery(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all)), filter, unitIDs: unitIDs,
                                    joiningUnits: false)
        let rows = try await taskListingQuery(filter, sort: sort, unitIDs: unitIDs)
            .column(SQLGroupExpression(count.select), as: "total")
            .limit(limit + 1).offset(offset).all(decoding: TaskListingRow.self)
        var items = rows.prefix(limit).map(\.value)
        // Co-operating units of the page's rows, in one statement.
        if !items.isEmpty {
            struct Link: Decodable { var task_id: UUID; var unit_id: UUID }
            let links = try await sql.select().column("task_id").column("unit_id").from("task_cooperating_units")
                .where("task_id", .in, SQLBind.group(items.map(\.id))).all(decoding: Link.self)
            let byTask = Dictionary(grouping: links, by: \.task_id)
            for index in items.indices { items[index].cooperatingUnitIDs = byTask[items[index].id]?.map(\.unit_id) ?? [] }
        }
        return Page(items: items, offset: offset, limit: limit, hasMore: rows.count > limit, total: rows.first?.total)
    }

    /// A task and everything below it, parents first.
    /// A task and everything below it that `scope` may read (nil: everything), each task directly
    /// followed by its own sub-tasks, siblings by code.
    public func taskTree(path: String, scope: WorkScope?) async throws -> [TaskListing] {
        let rows = try await taskListingQuery(TaskFilter(keyTasksOnly: false, scope: scope), sort: .code)
            .where(PathPrefix(SQLColumn("path", table: "t"), path))
            .all(decoding: TaskListingRow.self).map(\.value)
        return TreeOrder.depthFirst(rows, id: \.id, parent: \.parentID,
                                    before: { $0.code.localizedStandardCompare($1.code) == .orderedAscending })
    }

    public func task(id: UUID) async throws -> KeyTask? {
        try await TaskReads.task(id: id, sql: sql)
    }

    public func tasks(ids: [UUID]) async throws -> [UUID: KeyTask] { try await TaskReads.tasks(ids: ids, sql: sql) }

    public func task(year: Int, code: String) async throws -> KeyTask? {
        guard let id = try await sql.select().column("id").from("tasks").where("year", .equal, SQLBind(year))
            .where("code", .equal, SQLBind(code)).first(decodingColumn: "id", as: UUID.self) else { return nil }
        return try await task(id: id)
    }

    public func rolledProgress(taskID: UUID) async throws -> Double {
        try await sql.select().column("rolled_progress").from("tasks").where("id", .equal, SQLBind(taskID))
            .first(decodingColumn: "rolled_progress", as: Double.self) ?? 0
    }

    public func workAreas(year: Int) async throws -> [WorkArea] {
        try await WorkAreaReads.all(year: year, sql: sql)
    }

    /// The years that have a plan (work areas are few; tasks are many).
    public func taskYears() async throws -> [Int] {
        try await sql.select().distinct().column("year").from("work_areas").orderBy("year", .descending)
            .all(decodingColumn: "year", as: Int.self)
    }
}

enum TaskReads {
    /// Tasks by id, in two statements (the rows, their co-operating units).
    static func tasks(ids: [UUID], sql: any SQLDatabase) async throws -> [UUID: KeyTask] {
        let unique = Array(Set(ids))
        guard !unique.isEmpty else { return [:] }
        let rows = try await sql.select().column(SQLLiteral.all).from("tasks").where("id", .in, SQLBind.group(unique))
            .all(decoding: TaskRow.self, keyDecodingStrategy: .convertFromSnakeCase)
        struct Link: Decodable { var task_id: UUID; var unit_id: UUID }
        let links = Dictionary(grouping: try await sql.select().column("task_id").column("unit_id").from("task_cooperating_units")
            .where("task_id", .in, SQLBind.group(unique)).all(decoding: Link.self), by: \.task_id)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0.value(cooperating: links[$0.id]?.map(\.unit_id) ?? [])) })
    }

    static func task(id: UUID, sql: any SQLDatabase) async throws -> KeyTask? {
        guard let row = try await sql.select().column(SQLLiteral.all).from("tasks").where("id", .equal, SQLBind(id))
            .first(decoding: TaskRow.self, keyDecodingStrategy: .convertFromSnakeCase) else { return nil }
        let cooperating = try await sql.select().column("unit_id").from("task_cooperating_units")
            .where("task_id", .equal, SQLBind(id)).all(decodingColumn: "unit_id", as: UUID.self)
        return row.value(cooperating: cooperating)
    }
}

enum WorkAreaReads {
    struct Row: Codable { var id: UUID; var year: Int; var code: String; var name: String; var sortOrder: Int }

    static func all(year: Int, sql: any SQLDatabase) async throws -> [WorkArea] {
        try await sql.select().column(SQLLiteral.all).from("work_areas").where("year", .equal, SQLBind(year))
            .orderBy("sort_order").orderBy("code")
            .all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
            .map { WorkArea(id: $0.id, year: $0.year, code: $0.code, name: $0.name, sortOrder: $0.sortOrder) }
    }
}

extension WriteTransaction {
    public func task(id: UUID) async throws -> KeyTask? { try await TaskReads.task(id: id, sql: sql) }

    public func taskCodeTaken(year: Int, code: String, excluding id: UUID?) async throws -> Bool {
        var query = sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("tasks")
            .where("year", .equal, SQLBind(year)).where("code", .equal, SQLBind(code))
        if let id { query = query.where("id", .notEqual, SQLBind(id)) }
        return (try await query.first(decodingColumn: "n", as: Int.self) ?? 0) > 0
    }

    public func childCount(taskID: UUID) async throws -> Int {
        try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("tasks")
            .where("parent_id", .equal, SQLBind(taskID)).first(decodingColumn: "n", as: Int.self) ?? 0
    }

    public func insert(_ task: KeyTask, rolledProgress: Double) async throws {
        try await sql.insert(into: "tasks").model(TaskRow(task, rolledProgress: rolledProgress), keyEncodingStrategy: .convertToSnakeCase)
            .run()
        try await setCooperatingUnits(task.cooperatingUnitIDs, taskID: task.id)
    }

    public func update(_ task: KeyTask, rolledProgress: Double) async throws {
        try await sql.update("tasks")
            .set(model: TaskRow(task, rolledProgress: rolledProgress), keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil)
            .where("id", .equal, SQLBind(task.id)).run()
        try await setCooperatingUnits(task.cooperatingUnitIDs, taskID: task.id)
    }

    private func setCooperatingUnits(_ unitIDs: [UUID], taskID: UUID) async throws {
        try await sql.delete(from: "task_cooperating_units").where("task_id", .equal, SQLBind(taskID)).run()
        for unitID in unitIDs {
            try await sql.insert(into: "task_cooperating_units").columns("task_id", "unit_id")
                .values(SQLBind(taskID), SQLBind(unitID)).run()
        }
    }

    /// The roll-up inputs of a task's children.
    public func childNodes(of taskID: UUID) async throws -> [Decomposition.Node] {
        struct Row: Decodable { var weight: Double; var rolledProgress: Double; var status: String }
        return try await sql.select().column("weight").column("rolled_progress").column("status").from("tasks")
            .where("parent_id", .equal, SQLBind(taskID))
            .all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
            .map { Decomposition.Node(weight: $0.weight, progress: $0.rolledProgress,
                                      status: TaskStatus(rawValue: $0.status) ?? .notStarted) }
    }

    /// Stores a task's rolled-up progress; when it rises, `day` becomes the day its progress last
    /// rose (the stall clock of the lights), however the rise came (a report, the form, an import,
    /// a sub-task). SET reads the row as it was, so the comparison is with the old figure.
    public func setRolledProgress(_ value: Double, taskID: UUID, risingOn day: Day) async throws {
        try await sql.update("tasks")
            .set("progress_changed_on", to: SQLQueryString("CASE WHEN rolled_progress < \(bind: value) THEN \(bind: day.description) ELSE progress_changed_on END"))
            .set("rolled_progress", to: SQLBind(value)).where("id", .equal, SQLBind(taskID)).run()
    }

    public func insert(_ area: WorkArea) async throws {
        try await sql.insert(into: "work_areas")
            .model(WorkAreaReads.Row(id: area.id, year: area.year, code: area.code, name: area.name, sortOrder: area.sortOrder),
                   keyEncodingStrategy: .convertToSnakeCase).run()
    }

    public func workAreaCodeTaken(year: Int, code: String) async throws -> Bool {
        try await !WorkAreaReads.all(year: year, sql: sql).filter { $0.code == code }.isEmpty
    }

    public func workArea(id: UUID) async throws -> WorkArea? {
        try await sql.select().column(SQLLiteral.all).from("work_areas").where("id", .equal, SQLBind(id))
            .first(decoding: WorkAreaReads.Row.self, keyDecodingStrategy: .convertFromSnakeCase)
            .map { WorkArea(id: $0.id, year: $0.year, code: $0.code, name: $0.name, sortOrder: $0.sortOrder) }
    }

    public func update(_ area: WorkArea) async throws {
        try await sql.update("work_areas").set("name", to: SQLBind(area.name)).set("sort_order", to: SQLBind(area.sortOrder))
            .where("id", .equal, SQLBind(area.id)).run()
    }

    /// How many tasks are filed under a work area (one that has any cannot be removed).
    public func taskCount(areaID: UUID) async throws -> Int {
        try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("tasks")
            .where("area_id", .equal, SQLBind(areaID)).first(decodingColumn: "n", as: Int.self) ?? 0
    }

    public func deleteWorkArea(id: UUID) async throws {
        try await sql.delete(from: "work_areas").where("id", .equal, SQLBind(id)).run()
    }
}

extension WriteTransaction {
    public func keyTaskCount(year: Int) async throws -> Int {
        try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("tasks")
            .where("year", .equal, SQLBind(year)).where("parent_id", .is, SQLLiteral.null)
            .first(decodingColumn: "n", as: Int.self) ?? 0
    }

    public func workAreas(year: Int) async throws -> [WorkArea] { try await WorkAreaReads.all(year: year, sql: sql) }

    /// Deadlines of a task's direct sub-tasks, to keep a parent from ending before them.
    public func childDeadlines(of taskID: UUID) async throws -> [Day] {
        try await sql.select().column("deadline").from("tasks").where("parent_id", .equal, SQLBind(taskID))
            .all(decodingColumn: "deadline", as: String.self).compactMap(Day.init)
    }
}

extension WriteTransaction {
    public func rolledProgress(taskID: UUID) async throws -> Double {
        try await sql.select().column("rolled_progress").from("tasks").where("id", .equal, SQLBind(taskID))
            .first(decodingColumn: "rolled_progress", as: Double.self) ?? 0
    }
}

enum UnitPathReads {
    /// The paths of a task's responsible and co-operating units, in one query.
    static func scope(of task: KeyTask, sql: any SQLDatabase) async throws -> TaskScope {
        struct Row: Decodable { var id: UUID; var path: String }
        let ids = [task.responsibleUnitID] + task.cooperatingUnitIDs
        let rows = try await sql.select().column("id").column("path").from("units").where("id", .in, SQLBind.group(ids))
            .all(decoding: Row.self)
        return TaskScope(task, unitPaths: Dictionary(rows.map { ($0.id, $0.path) }, uniquingKeysWith: { first, _ in first }))
    }
}

extension Store {
    public func scope(of task: KeyTask) async throws -> TaskScope { try await UnitPathReads.scope(of: task, sql: sql) }
}

extension WriteTransaction {
    public func scope(of task: KeyTask) async throws -> TaskScope { try await UnitPathReads.scope(of: task, sql: sql) }
}

// The bulk path (generated data sets, long imports): what a batch needs, read in one statement
// each, and its rows written 200 to a statement.
extension WriteTransaction {
    public func insert(tasks: [(task: KeyTask, rolledProgress: Double)]) async throws {
        for start in stride(from: 0, to: tasks.count, by: 200) {
            let rows = tasks[start..<min(start + 200, tasks.count)].map { TaskRow($0.task, rolledProgress: $0.rolledProgress) }
            try await sql.insert(into: "tasks").models(rows, keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil).run()
        }
        let links = tasks.flatMap { entry in entry.task.cooperatingUnitIDs.map { (entry.task.id, $0) } }
        for start in stride(from: 0, to: links.count, by: 400) {
            let insert = sql.insert(into: "task_cooperating_units").columns("task_id", "unit_id")
            for (taskID, unitID) in links[start..<min(start + 400, links.count)] { insert.values(SQLBind(taskID), SQLBind(unitID)) }
            try await insert.run()
        }
    }

    /// Which of `codes` are already used in `year`.
    public func takenTaskCodes(year: Int, among codes: [String]) async throws -> Set<String> {
        var taken: Set<String> = []
        for start in stride(from: 0, to: codes.count, by: 500) {
            let chunk = Array(codes[start..<min(start + 500, codes.count)])
            let found = try await sql.select().column("code").from("tasks").where("year", .equal, SQLBind(year))
                .where("code", .in, SQLBind.group(chunk)).all(decodingColumn: "code", as: String.self)
            taken.formUnion(found)
        }
        return taken
    }

    public func units(ids: Set<UUID>) async throws -> [UUID: Unit] {
        var units: [UUID: Unit] = [:]
        let all = Array(ids)
        for start in stride(from: 0, to: all.count, by: 500) {
            let rows = try await sql.select().columns("id", "code", "name", "kind", "assessment_group", "parent_id", "path", "sort_order")
                .from("units").where("id", .in, SQLBind.group(Array(all[start..<min(start + 500, all.count)])))
                .all(decoding: UnitRow.self)
            for row in rows { units[row.id] = row.value }
        }
        return units
    }

    public func people(ids: Set<UUID>) async throws -> [UUID: Person] {
        var people: [UUID: Person] = [:]
        let all = Array(ids)
        for start in stride(from: 0, to: all.count, by: 500) {
            let found = try await PersonModel.query(on: database).filter(\.$id ~~ Array(all[start..<min(start + 500, all.count)])).all()
            for model in found { people[model.id!] = model.value }
        }
        return people
    }

    public func insert(people: [Person]) async throws {
        for start in stride(from: 0, to: people.count, by: 200) {
            try await people[start..<min(start + 200, people.count)].map(PersonModel.init).create(on: database)
        }
    }
}
