// Field inspections (with their hearings, resolutions, criticisms, photos), criticisms on a
// unit's or a person's record, bulletins and the figures they are generated from.
import FluentKit
import Foundation
import LuoshiDomain
import SQLKit

/// An inspection with all it recorded.
public struct InspectionRecord: Equatable, Sendable {
    public var inspection: Inspection
    public var hearings: [InspectionHearing]
    public var resolutions: [OnSiteResolution]
    public var criticisms: [Criticism]
    public var photos: [AttachmentInfo]

    public init(inspection: Inspection, hearings: [InspectionHearing], resolutions: [OnSiteResolution], criticisms: [Criticism],
                photos: [AttachmentInfo]) {
        self.inspection = inspection; self.hearings = hearings; self.resolutions = resolutions; self.criticisms = criticisms
        self.photos = photos
    }
}

struct InspectionRow: Codable {
    var id: UUID
    var day: String
    var leaderId: UUID
    var keyObjectId: UUID?
    var place: String
    var inspectors: String
    var summary: String
    var recordedBy: String

    init(_ i: Inspection) {
        id = i.id; day = i.day.description; leaderId = i.leaderID; keyObjectId = i.keyObjectID; place = i.place
        inspectors = i.inspectors; summary = i.summary; recordedBy = i.recordedBy
    }

    var value: Inspection {
        Inspection(id: id, day: Day(day) ?? LocalClock.china.today(), leaderID: leaderId, keyObjectID: keyObjectId, place: place,
                   inspectors: inspectors, summary: summary, recordedBy: recordedBy)
    }
}

struct CriticismRow: Codable {
    var id: UUID
    var unitId: UUID?
    var personId: UUID?
    var reason: String
    var day: String
    var inspectionId: UUID?
    var bulletinId: UUID?

    init(_ c: Criticism) {
        id = c.id; unitId = c.unitID; personId = c.personID; reason = c.reason; day = c.day.description
        inspectionId = c.inspectionID; bulletinId = c.bulletinID
    }

    var value: Criticism {
        Criticism(id: id, unitID: unitId, personID: personId, reason: reason, day: Day(day) ?? LocalClock.china.today(),
                  inspectionID: inspectionId, bulletinID: bulletinId)
    }
}

struct BulletinRow: Codable {
    var id: UUID
    var code: String
    var periodKey: String
    var title: String
    var intro: String
    var praise: String
    var criticism: String
    var state: String
    var publishedOn: String?
    var figures: String?

    init(_ b: Bulletin) {
        id = b.id; code = b.code; periodKey = b.periodKey; title = b.title; intro = b.intro; praise = b.praise; criticism = b.criticism
        state = b.state.rawValue; publishedOn = b.publishedOn?.description
        figures = b.figures.flatMap { try? JSONEncoder().encode($0) }.flatMap { String(data: $0, encoding: .utf8) }
    }

    var value: Bulletin {
        Bulletin(id: id, code: code, periodKey: periodKey, title: title, intro: intro, praise: praise, criticism: criticism,
                 state: BulletinState(rawValue: state) ?? .draft, publishedOn: publishedOn.flatMap(Day.init),
                 figures: figures.flatMap { try? JSONDecoder().decode(BulletinFigures.self, from: Data($0.utf8)) })
    }
}

enum InspectionReads {
    static func record(id: UUID, sql: any SQLDatabase) async throws -> InspectionRecord? {
        guard let inspection = try await sql.select().column(SQLLiteral.all).from("inspections").where("id", .equal, SQLBind(id))
            .first(decoding: InspectionRow.self, keyDecodingStrategy: .convertFromSnakeCase)?.value else { return nil }
        return try await records([inspection], sql: sql).first
    }

    /// Inspections with all they recorded: each part in one statement for the whole list.
    static func records(_ page: [Inspection], sql: any SQLDatabase) async throws -> [InspectionRecord] {
        guard !page.isEmpty else { return [] }
        let ids = page.map(\.id)
        struct Hearing: Decodable { var inspection_id: UUID; var unit_id: UUID; var progress: String; var problems: String; var next_steps: String }
        struct Resolution: Decodable { var inspection_id: UUID; var text: String; var unit_id: UUID; var deadline: String; var task_id: UUID? }
        struct Photo: Decodable { var id: UUID; var inspection_id: UUID; var file_name: String; var media_type: String; var byte_count: Int }
        let hearings = Dictionary(grouping: try await sql.select().column("inspection_id").column("unit_id").column("progress").column("problems")
            .column("next_steps").from("inspection_hearings").where("inspection_id", .in, SQLBind.group(ids)).orderBy("hearing_order")
            .all(decoding: Hearing.self), by: \.inspection_id)
        let resolutions = Dictionary(grouping: try await sql.select().column("inspection_id").column("text").column("unit_id").column("deadline")
            .column("task_id").from("inspection_resolutions").where("inspection_id", .in, SQLBind.group(ids)).orderBy("resolution_order")
            .all(decoding: Resolution.self), by: \.inspection_id)
        let criticisms = Dictionary(grouping: try await sql.select().column(SQLLiteral.all).from("criticisms")
            .where("inspection_id", .in, SQLBind.group(ids)).all(decoding: CriticismRow.self, keyDecodingStrategy: .convertFromSnakeCase)
            .map(\.value), by: { $0.inspectionID })
        let photos = Dictionary(grouping: try await sql.select().column("id").column("inspection_id").column("file_name").column("media_type")
            .column("byte_count").from("inspection_photos").where("inspection_id", .in, SQLBind.group(ids)).orderBy("file_name")
            .all(decoding: Photo.self), by: \.inspection_id)
        return page.map { inspection in
            InspectionRecord(
                inspection: inspection,
                hearings: (hearings[inspection.id] ?? []).map { InspectionHearing(unitID: $0.unit_id, progress: $0.progress, problems: $0.problems,
                                                                                 nextSteps: $0.next_steps) },
                resolutions: (resolutions[inspection.id] ?? []).map { OnSiteResolution(text: $0.text, unitID: $0.unit_id,
                                                                                      deadline: Day($0.deadline) ?? inspection.day, taskID: $0.task_id) },
                criticisms: criticisms[inspection.id] ?? [],
                photos: (photos[inspection.id] ?? []).map { AttachmentInfo(id: $0.id, reportID: inspection.id, fileName: $0.file_name,
                                                                         mediaType: $0.media_type, byteCount: $0.byte_count) })
        }
    }

    static func bulletin(id: UUID, sql: any SQLDatabase) async throws -> Bulletin? {
        try await sql.select().column(SQLLiteral.all).from("bulletins").where("id", .equal, SQLBind(id))
            .first(decoding: BulletinRow.self, keyDecodingStrategy: .convertFromSnakeCase)?.value
    }

    /// A bulletin's figures for `period`, from the data as it is now: each responsible unit's tasks
    /// of the period's year (completed, red, yellow), the reports due in the period and those on
    /// time, the red list and the late reporters.
    static func figures(period: ReportPeriod, today: Day, sql: any SQLDatabase) async throws -> BulletinFigures {
        struct TaskRow: Decodable {
            var id: UUID; var code: String; var title: String; var responsible_unit_id: UUID; var status: String; var tier: String
            var rhythm_override: String?; var start_day: String; var deadline: String; var light: String; var light_reason: String
            var light_figure: Int; var parent_id: UUID?; var unit_name: String
        }
        let tasks = try await sql.select().column(SQLColumn("id", table: "t")).column(SQLColumn("code", table: "t"))
            .column(SQLColumn("title", table: "t")).column(SQLColumn("responsible_unit_id", table: "t")).column(SQLColumn("status", table: "t"))
            .column(SQLColumn("tier", table: "t")).column(SQLColumn("rhythm_override", table: "t")).column(SQLColumn("start_day", table: "t"))
            .column(SQLColumn("deadline", table: "t")).column(SQLColumn("light", table: "t")).column(SQLColumn("light_reason", table: "t"))
            .column(SQLColumn("light_figure", table: "t")).column(SQLColumn("parent_id", table: "t")).column(SQLColumn("name", table: "u"), as: "unit_name")
            .from(SQLAlias(SQLIdentifier("tasks"), as: SQLIdentifier("t")))
            .join(SQLAlias(SQLIdentifier("units"), as: SQLIdentifier("u")), method: SQLJoinMethod.inner,
                  on: SQLColumn("id", table: "u"), .equal, SQLColumn("responsible_unit_id", table: "t"))
            .where(SQLColumn("year", table: "t"), .equal, SQLBind(period.start.year))
            .where(SQLColumn("status", table: "t"), .notEqual, SQLBind(TaskStatus.cancelled.rawValue))
            .orderBy(SQLColumn("code", table: "t")).all(decoding: TaskRow.self)
        // The periods of every rhythm that end inside the bulletin's period: the reports due in it.
        let dueByRhythm = Dictionary(uniqueKeysWithValues: ReportingRhythm.allCases.map {
            ($0, ReportsOwed.periods(endingFrom: period.start, through: period.end, rhythm: $0))
        })
        struct ReportRow: Decodable { var task_id: UUID; var period_key: String; var late: Bool }
        // Typed, so that the bind is a list of keys (untyped, `flatMap` could bind each rhythm's list as one array).
        let dueKeys: [String] = dueByRhythm.values.flatMap { periods in periods.map(\.key) }
        let reports = try await sql.select().column("task_id").column("period_key").column("late").from("progress_reports")
            .where("state", .notEqual, SQLBind(ReportState.returned.rawValue))
            .where("period_key", .in, SQLBind.group(dueKeys))
            .all(decoding: ReportRow.self)
        // A task's periods that end inside the bulletin's period (and not before the task began).
        var onTime: [UUID: Set<String>] = [:]
        for report in reports where !report.late { onTime[report.task_id, default: []].insert(report.period_key) }
        var lines: [UUID: BulletinUnitLine] = [:]
        var redList: [BulletinTaskLine] = []
        var lateReporters: [BulletinTaskLine] = []
        let catalogue = Catalogue.for(.zhHans)
        for task in tasks {
            guard let start = Day(task.start_day), let deadline = Day(task.deadline) else { continue }
            var line = lines[task.responsible_unit_id] ?? BulletinUnitLine(unitID: task.responsible_unit_id, unitName: task.unit_name, tasks: 0,
                                                                        completed: 0, red: 0, yellow: 0, reportsDue: 0, reportsOnTime: 0)
            line.tasks += 1
            if task.status == TaskStatus.completed.rawValue { line.completed += 1 }
            if task.light == Light.red.rawValue { line.red += 1 }
            if task.light == Light.yellow.rawValue { line.yellow += 1 }
            let rhythm = task.rhythm_override.flatMap(ReportingRhythm.init) ?? (Tier(rawValue: task.tier) ?? .supported).defaultRhythm
            for due in dueByRhythm[rhythm] ?? [] where ReportsOwed.owes(due, start: start, deadline: deadline,
                                                                          completed: task.status == TaskStatus.completed.rawValue, today: today) {
                line.reportsDue += 1
                if onTime[task.id]?.contains(due.key) == true { line.reportsOnTime += 1 }
            }
            lines[task.responsible_unit_id] = line
            let verdict = LightVerdict(Light(rawValue: task.light) ?? .green, LightReason(rawValue: task.light_reason) ?? .onTrack, figure: task.light_figure)
            if task.parent_id == nil && verdict.light == .red && redList.count < 50 {
                redList.append(BulletinTaskLine(taskID: task.id, code: task.code, title: task.title, unitName: task.unit_name,
                                                reason: verdict.explanation(catalogue)))
            }
            if verdict.reason == .reportLate && lateReporters.count < 100 {
                lateReporters.append(BulletinTaskLine(taskID: task.id, code: task.code, title: task.title, unitName: task.unit_name,
                                                      reason: verdict.explanation(catalogue)))
            }
        }
        let units = lines.values.sorted {
            ($0.completionRate ?? 0, $0.onTimeRate ?? 100, $1.unitName) > ($1.completionRate ?? 0, $1.onTimeRate ?? 100, $0.unitName)
        }
        return BulletinFigures(units: units, redList: redList, lateReporters: lateReporters, generatedOn: today)
    }
}

extension Store {
    public func inspection(id: UUID) async throws -> InspectionRecord? { try await InspectionReads.record(id: id, sql: sql) }

    /// A page of inspections, newest first, with all they recorded, in five statements: those that
    /// heard, charged or criticised a unit under `unitPath` (nil: all). `hasMore` tells whether
    /// another page follows.
    public func inspectionRecords(unitPath: String?, offset: Int, limit: Int) async throws -> (records: [InspectionRecord], hasMore: Bool) {
        var query = sql.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("i")))
            .from(SQLAlias(SQLIdentifier("inspections"), as: SQLIdentifier("i")))
        if let unitPath {
            let involved = ["inspection_hearings", "inspection_resolutions", "criticisms"].map { table in
                SQLQueryString("EXISTS (SELECT 1 FROM \(ident: table) x JOIN units xu ON xu.id = x.unit_id WHERE x.inspection_id = i.id AND \(PathPrefix(SQLColumn("path", table: "xu"), unitPath)))") as any SQLExpression
            }
            query = query.where(SQLGroupExpression(SQLList(involved, separator: SQLRaw(" OR "))))
        }
        let rows = try await query.orderBy(SQLColumn("day", table: "i"), SQLDirection.descending).orderBy(SQLColumn("id", table: "i"))
            .offset(offset).limit(limit + 1).all(decoding: InspectionRow.self, keyDecodingStrategy: .convertFromSnakeCase).map(\.value)
        let page = Array(rows.prefix(limit))
        guard !page.isEmpty else { return ([], false) }
        return (try await InspectionReads.records(page, sql: sql), rows.count > limit)
    }

    public func inspections(limit: Int = 100, offset: Int = 0) async throws -> [Inspection] {
        try await sql.select().column(SQLLiteral.all).from("inspections").orderBy("day", .descending).offset(offset).limit(limit)
            .all(decoding: InspectionRow.self, keyDecodingStrategy: .convertFromSnakeCase).map(\.value)
    }

    public func inspectionPhoto(id: UUID) async throws -> (inspectionID: UUID, file: AttachmentFile)? {
        struct Row: Decodable { var id: UUID; var inspection_id: UUID; var file_name: String; var media_type: String; var byte_count: Int; var content: Data }
        return try await sql.select().column(SQLLiteral.all).from("inspection_photos").where("id", .equal, SQLBind(id))
            .first(decoding: Row.self).map {
                ($0.inspection_id, AttachmentFile(info: AttachmentInfo(id: $0.id, reportID: $0.inspection_id, fileName: $0.file_name,
                                                                       mediaType: $0.media_type, byteCount: $0.byte_count), content: $0.content))
            }
    }

    /// Criticisms of a unit (and the units below it) or of a person, newest first.
    public func criticisms(unitPath: String? = nil, unitID: UUID? = nil, personID: UUID? = nil, limit: Int = 100) async throws -> [Criticism] {
        var query = sql.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("c")))
            .from(SQLAlias(SQLIdentifier("criticisms"), as: SQLIdentifier("c")))
        if let unitPath {
            query = query.join(SQLAlias(SQLIdentifier("units"), as: SQLIdentifier("cu")), method: SQLJoinMethod.inner,
                               on: SQLColumn("id", table: "cu"), .equal, SQLColumn("unit_id", table: "c"))
                .where(PathPrefix(SQLColumn("path", table: "cu"), unitPath))
        }
        if let personID { query = query.where(SQLColumn("person_id", table: "c"), .equal, SQLBind(personID)) }
        if let unitID { query = query.where(SQLColumn("unit_id", table: "c"), .equal, SQLBind(unitID)) }
        return try await query.orderBy(SQLColumn("day", table: "c"), SQLDirection.descending).limit(limit)
            .all(decoding: CriticismRow.self, keyDecodingStrategy: .convertFromSnakeCase).map(\.value)
    }

    public func bulletin(id: UUID) async throws -> Bulletin? { try await InspectionReads.bulletin(id: id, sql: sql) }

    public func bulletins(limit: Int = 100) async throws -> [Bulletin] {
        try await sql.select().column("id").column("code").column("period_key").column("title").column("intro").column("praise")
            .column("criticism").column("state").column("published_on").column(SQLLiteral.null, as: "figures").from("bulletins")
            .orderBy("code", .descending).limit(limit)
            .all(decoding: BulletinRow.self, keyDecodingStrategy: .convertFromSnakeCase).map(\.value)
    }

    /// A bulletin's figures as they stand now (a draft's), or as published.
    public func bulletinFigures(_ bulletin: Bulletin, today: Day) async throws -> BulletinFigures {
        if let figures = bulletin.figures { return figures }
        guard let period = ReportPeriod(key: bulletin.periodKey) else {
            return BulletinFigures(units: [], redList: [], lateReporters: [], generatedOn: today)
        }
        return try await InspectionReads.figures(period: period, today: today, sql: sql)
    }
}

extension WriteTransaction {
    public func insert(_ record: InspectionRecord) async throws {
        try await sql.insert(into: "inspections").model(InspectionRow(record.inspection), keyEncodingStrategy: .convertToSnakeCase).run()
        let id = record.inspection.id
        for (order, hearing) in record.hearings.enumerated() {
            try await sql.insert(into: "inspection_hearings").columns("inspection_id", "unit_id", "hearing_order", "progress", "problems", "next_steps")
                .values(SQLBind(id), SQLBind(hearing.unitID), SQLBind(order), SQLBind(hearing.progress), SQLBind(hearing.problems),
                        SQLBind(hearing.nextSteps)).run()
        }
        for (order, resolution) in record.resolutions.enumerated() {
            try await sql.insert(into: "inspection_resolutions").columns("inspection_id", "resolution_order", "text", "unit_id", "deadline", "task_id")
                .values(SQLBind(id), SQLBind(order), SQLBind(resolution.text), SQLBind(resolution.unitID), SQLBind(resolution.deadline.description),
                        resolution.taskID.map { SQLBind($0) as any SQLExpression } ?? SQLLiteral.null).run()
        }
        for criticism in record.criticisms { try await insert(criticism) }
    }

    public func insert(_ criticism: Criticism) async throws {
        try await sql.insert(into: "criticisms").model(CriticismRow(criticism), keyEncodingStrategy: .convertToSnakeCase).run()
    }

    public func insert(photo: AttachmentFile, inspectionID: UUID) async throws {
        try await sql.insert(into: "inspection_photos").columns("id", "inspection_id", "file_name", "media_type", "byte_count", "content")
            .values(SQLBind(photo.info.id), SQLBind(inspectionID), SQLBind(photo.info.fileName), SQLBind(photo.info.mediaType),
                    SQLBind(photo.info.byteCount), SQLBind(photo.content)).run()
    }

    public func bulletin(id: UUID) async throws -> Bulletin? { try await InspectionReads.bulletin(id: id, sql: sql) }

    public func bulletinCount(year: Int) async throws -> Int {
        try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("bulletins")
            .where("code", .like, SQLBind("TB-\(year)-%")).first(decodingColumn: "n", as: Int.self) ?? 0
    }

    public func insert(_ bulletin: Bulletin) async throws {
        try await sql.insert(into: "bulletins").model(BulletinRow(bulletin), keyEncodingStrategy: .convertToSnakeCase).run()
    }

    public func update(_ bulletin: Bulletin) async throws {
        try await sql.update("bulletins").set(model: BulletinRow(bulletin), keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil)
            .where("id", .equal, SQLBind(bulletin.id)).run()
    }

    public func bulletinFigures(period: ReportPeriod, today: Day) async throws -> BulletinFigures {
        try await InspectionReads.figures(period: period, today: today, sql: sql)
    }
}

/// A key task a dispatch meeting should hear, and why.
public struct DispatchCandidate: Sendable {
    public var id: UUID
    public var code: String
    public var title: String
    public var cause: DispatchCause
    public var verdict: LightVerdict
}

extension WriteTransaction {
    public func meetingSeries(id: UUID) async throws -> MeetingSeries? { try await DecisionReads.series(id: id, sql: sql) }

    /// Red key tasks first, then key tasks with a notice unanswered past its date, then the open key
    /// tasks of `tier`; each once, by code within each group.
    public func dispatchCandidates(year: Int, tier: Tier, today: Day, limit: Int) async throws -> [DispatchCandidate] {
        struct Row: Decodable { var id: UUID; var code: String; var title: String; var tier: String; var light: String; var light_reason: String; var light_figure: Int }
        let open = [TaskStatus.notStarted, .inProgress].map(\.rawValue)
        func select() -> SQLSelectBuilder {
            sql.select().column(SQLColumn("id", table: "t")).column(SQLColumn("code", table: "t")).column(SQLColumn("title", table: "t"))
                .column(SQLColumn("tier", table: "t")).column(SQLColumn("light", table: "t")).column(SQLColumn("light_reason", table: "t"))
                .column(SQLColumn("light_figure", table: "t")).from(SQLAlias(SQLIdentifier("tasks"), as: SQLIdentifier("t")))
                .where(SQLColumn("year", table: "t"), .equal, SQLBind(year)).where(SQLColumn("parent_id", table: "t"), .is, SQLLiteral.null)
                .where(SQLColumn("status", table: "t"), .in, SQLBind.group(open))
        }
        let red = try await select().where(SQLColumn("light", table: "t"), .equal, SQLBind(Light.red.rawValue))
            .orderBy(SQLColumn("code", table: "t")).limit(limit).all(decoding: Row.self)
        let noticed = try await select()
            .where(SQLQueryString("EXISTS (SELECT 1 FROM urge_notices n WHERE n.task_id = t.id AND n.state = \(bind: NoticeState.awaitingReply.rawValue) AND n.reply_by < \(bind: today.description))"))
            .orderBy(SQLColumn("code", table: "t")).limit(limit).all(decoding: Row.self)
        let due = try await select().where(SQLColumn("tier", table: "t"), .equal, SQLBind(tier.rawValue))
            .orderBy(SQLColumn("code", table: "t")).limit(limit).all(decoding: Row.self)
        var seen = Set<UUID>()
        var result: [DispatchCandidate] = []
        for (rows, cause) in [(red, DispatchCause.red), (noticed, .notice), (due, .due)] {
            for row in rows where seen.insert(row.id).inserted {
                result.append(DispatchCandidate(id: row.id, code: row.code, title: row.title, cause: cause,
                                                verdict: LightVerdict(Light(rawValue: row.light) ?? .green,
                                                                      LightReason(rawValue: row.light_reason) ?? .onTrack, figure: row.light_figure)))
            }
        }
        return Array(result.prefix(limit))
    }
}
