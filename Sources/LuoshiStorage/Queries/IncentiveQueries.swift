// Incentives and constraints in storage: observation events and scores, assessment schemes (every
// version kept), runs and their results (a league line per unit beside the whole breakdown, so that
// a league table does not decode breakdowns), bonus points, consequences, and the facts a run reads
// — gathered for a whole group in a fixed number of statements, whatever its size.
import FluentKit
import Foundation
import LuoshiDomain
import SQLKit

private func json<T: Encodable>(_ value: T) -> String { String(decoding: (try? JSONEncoder().encode(value)) ?? Data("null".utf8), as: UTF8.self) }
private func decoded<T: Decodable>(_ type: T.Type, _ text: String) -> T? { try? JSONDecoder().decode(type, from: Data(text.utf8)) }

struct ObservationEventRow: Codable {
    var id: UUID; var year: Int; var title: String; var day: String; var criteria: String; var unitIds: String; var raterIds: String
    var dropsExtremes: Bool; var state: String

    init(_ e: ObservationEvent) {
        id = e.id; year = e.year; title = e.title; day = e.day.description; criteria = json(e.criteria); unitIds = json(e.unitIDs)
        raterIds = json(e.raterIDs); dropsExtremes = e.dropsExtremes; state = e.state.rawValue
    }

    var value: ObservationEvent {
        ObservationEvent(id: id, year: year, title: title, day: Day(day) ?? Day(year: year, month: 1, day: 1)!,
                         criteria: decoded([ObservationCriterion].self, criteria) ?? [], unitIDs: decoded([UUID].self, unitIds) ?? [],
                         raterIDs: decoded([UUID].self, raterIds) ?? [], dropsExtremes: dropsExtremes,
                         state: ObservationState(rawValue: state) ?? .scoring)
    }
}

struct SchemeRow: Codable {
    var id: UUID; var year: Int; var groupKey: String; var version: Int; var title: String; var items: String; var grading: String
    var createdOn: String; var createdBy: String

    init(_ s: AssessmentScheme) {
        id = s.id; year = s.year; groupKey = s.group.rawValue; version = s.version; title = s.title; items = json(s.items)
        grading = json(s.grading); createdOn = s.createdOn.description; createdBy = s.createdBy
    }

    var value: AssessmentScheme {
        AssessmentScheme(id: id, year: year, group: AssessmentGroup(rawValue: groupKey) ?? .departments, version: version, title: title,
                         items: decoded([AssessmentItem].self, items) ?? [], grading: decoded(GradeRule.self, grading) ?? GradeRule(),
                         createdOn: Day(createdOn) ?? Day(year: year, month: 1, day: 1)!, createdBy: createdBy)
    }
}

struct RunRow: Codable {
    var id: UUID; var year: Int; var groupKey: String; var schemeId: UUID; var schemeVersion: Int; var state: String
    var computedOn: String; var publishedOn: String?; var unitCount: Int

    init(_ r: AssessmentRun) {
        id = r.id; year = r.year; groupKey = r.group.rawValue; schemeId = r.schemeID; schemeVersion = r.schemeVersion
        state = r.state.rawValue; computedOn = r.computedOn.description; publishedOn = r.publishedOn?.description; unitCount = r.unitCount
    }

    var value: AssessmentRun {
        AssessmentRun(id: id, year: year, group: AssessmentGroup(rawValue: groupKey) ?? .departments, schemeID: schemeId,
                      schemeVersion: schemeVersion, state: RunState(rawValue: state) ?? .preview,
                      computedOn: Day(computedOn) ?? Day(year: year, month: 1, day: 1)!, publishedOn: publishedOn.flatMap(Day.init),
                      unitCount: unitCount)
    }
}

struct ConsequenceRow: Codable {
    var id: UUID; var kind: String; var year: Int; var unitId: UUID; var personId: UUID?; var runId: UUID?; var reason: String
    var subject: String; var figure: Double?; var note: String; var recordedOn: String; var inForceUntil: String?; var decisionId: UUID?

    init(_ c: Consequence) {
        id = c.id; kind = c.kind.rawValue; year = c.year; unitId = c.unitID; personId = c.personID; runId = c.runID
        reason = c.reason.rawValue; subject = c.subject; figure = c.figure; note = c.note; recordedOn = c.recordedOn.description
        inForceUntil = c.inForceUntil?.description; decisionId = c.decisionID
    }

    var value: Consequence {
        Consequence(id: id, kind: ConsequenceKind(rawValue: kind) ?? .commendation, year: year, unitID: unitId, personID: personId,
                    runID: runId, reason: ConsequenceReason(rawValue: reason) ?? .recorded, subject: subject, figure: figure, note: note,
                    recordedOn: Day(recordedOn) ?? Day(year: year, month: 1, day: 1)!, inForceUntil: inForceUntil.flatMap(Day.init),
                    decisionID: decisionId)
    }
}

struct BonusRow: Codable {
    var id: UUID; var year: Int; var unitId: UUID; var points: Double; var reason: String; var evidence: String; var day: String
    var recordedBy: String

    init(_ b: AssessmentBonus) {
        id = b.id; year = b.year; unitId = b.unitID; points = b.points; reason = b.reason; evidence = b.evidence
        day = b.day.description; recordedBy = b.recordedBy
    }

    var value: AssessmentBonus {
        AssessmentBonus(id: id, year: year, unitID: unitId, points: points, reason: reason, evidence: evidence,
                        day: Day(day) ?? Day(year: year, month: 1, day: 1)!, recordedBy: recordedBy)
    }
}

struct LeagueRow: Decodable {
    var unit_id: UUID; var rank: Int; var score: Double; var grade: String; var vetoes: String; var gap: Double?; var earned: String
}

enum IncentiveReads {
    static func event(id: UUID, sql: any SQLDatabase) async throws -> ObservationEvent? {
        try await sql.select().column(SQLLiteral.all).from("observation_events").where("id", .equal, SQLBind(id))
            .first(decoding: ObservationEventRow.self, keyDecodingStrategy: .convertFromSnakeCase)?.value
    }

    static func scores(eventIDs: [UUID], raterID: UUID? = nil, sql: any SQLDatabase) async throws -> [UUID: [ObservationScore]] {
        guard !eventIDs.isEmpty else { return [:] }
        struct Row: Decodable { var event_id: UUID; var rater_id: UUID; var unit_id: UUID; var criterion: Int; var score: Double }
        var query = sql.select().column(SQLLiteral.all).from("observation_scores").where("event_id", .in, SQLBind.group(eventIDs))
        if let raterID { query = query.where("rater_id", .equal, SQLBind(raterID)) }
        let rows = try await query.all(decoding: Row.self)
        return Dictionary(grouping: rows, by: \.event_id).mapValues {
            $0.map { ObservationScore(raterID: $0.rater_id, unitID: $0.unit_id, criterion: $0.criterion, score: $0.score) }
        }
    }

    static func scheme(id: UUID, sql: any SQLDatabase) async throws -> AssessmentScheme? {
        try await sql.select().column(SQLLiteral.all).from("assessment_schemes").where("id", .equal, SQLBind(id))
            .first(decoding: SchemeRow.self, keyDecodingStrategy: .convertFromSnakeCase)?.value
    }

    static func currentScheme(year: Int, group: AssessmentGroup, sql: any SQLDatabase) async throws -> AssessmentScheme? {
        try await sql.select().column(SQLLiteral.all).from("assessment_schemes").where("year", .equal, SQLBind(year))
            .where("group_key", .equal, SQLBind(group.rawValue)).orderBy("version", .descending).limit(1)
            .first(decoding: SchemeRow.self, keyDecodingStrategy: .convertFromSnakeCase)?.value
    }

    static func run(id: UUID, sql: any SQLDatabase) async throws -> AssessmentRun? {
        try await sql.select().column(SQLLiteral.all).from("assessment_runs").where("id", .equal, SQLBind(id))
            .first(decoding: RunRow.self, keyDecodingStrategy: .convertFromSnakeCase)?.value
    }

    static func publishedRun(year: Int, group: AssessmentGroup, sql: any SQLDatabase) async throws -> AssessmentRun? {
        try await sql.select().column(SQLLiteral.all).from("assessment_runs").where("year", .equal, SQLBind(year))
            .where("group_key", .equal, SQLBind(group.rawValue)).where("state", .equal, SQLBind(RunState.published.rawValue)).limit(1)
            .first(decoding: RunRow.self, keyDecodingStrategy: .convertFromSnakeCase)?.value
    }

    static func results(runID: UUID, unitIDs: [UUID]? = nil, sql: any SQLDatabase) async throws -> [AssessmentResult] {
        var query = sql.select().column("result").from("assessment_results").where("run_id", .equal, SQLBind(runID))
        if let unitIDs { query = query.where("unit_id", .in, SQLBind.group(unitIDs)) }
        return try await query.orderBy("rank").all(decodingColumn: "result", as: String.self).compactMap { decoded(AssessmentResult.self, $0) }
    }

    /// Every fact a run reads for the units of `group`, as of `asOf` (within the year): indicator
    /// completion (the same computation as the indicator pages), tasks due and how they ended,
    /// report periods owed and met (the bulletin's rule), criticisms, notices, bonuses, and the
    /// standings of the year's closed observation events.
    static func facts(year: Int, group: AssessmentGroup, asOf: Day, units directory: [Unit], sql: any SQLDatabase) async throws -> [UnitFacts] {
        let units = directory.filter { $0.assessmentGroup == group }
        let inGroup = Set(units.map(\.id))
        guard !units.isEmpty else { return [] }
        let firstDay = Day(year: year, month: 1, day: 1)!
        let groupUnits = SQLQueryString("(SELECT id FROM units WHERE assessment_group = \(bind: group.rawValue))")

        // Indicators: each owned share, with the code of its tree's root.
        let statuses = try await IndicatorReads.statuses(year: year, units: Dictionary(uniqueKeysWithValues: directory.map { ($0.id, $0) }), sql: sql)
        let byID = Dictionary(uniqueKeysWithValues: statuses.map { ($0.indicator.id, $0.indicator) })
        func rootCode(_ indicator: Indicator) -> String {
            var node = indicator
            for _ in 0..<64 { guard let parent = node.parentID.flatMap({ byID[$0] }) else { break }; node = parent }
            return node.code
        }
        var indicatorFacts: [UUID: [IndicatorFact]] = [:]
        for status in statuses {
            guard let owner = status.indicator.ownerUnitID, inGroup.contains(owner) else { continue }
            indicatorFacts[owner, default: []].append(IndicatorFact(id: status.indicator.id, code: status.indicator.code, name: status.indicator.name,
                                                                    rootCode: rootCode(status.indicator), completion: status.completion))
        }

        // Tasks of the year, their result dates and their reports. Counts are whole; the tasks and
        // report periods named in a breakdown are kept up to the line's evidence (lapses first).
        let keep = AssessmentRules.evidencePerLine
        struct TaskRow {
            var id: UUID; var responsible_unit_id: UUID; var status: String; var tier: String
            var rhythm_override: String?; var start_day: String; var deadline: String
        }
        // Read column by column (a city's group is some 190,000 rows; Codable decoding was a fifth of
        // the run), without codes or titles, which are read for the tasks a breakdown names.
        let tasks = try await sql.select().columns("id", "responsible_unit_id", "status", "tier", "rhythm_override", "start_day", "deadline")
            .from("tasks").where("year", .equal, SQLBind(year)).where("status", .notEqual, SQLBind(TaskStatus.cancelled.rawValue))
            .where(SQLQueryString("responsible_unit_id IN \(groupUnits)")).all().map { row in
                TaskRow(id: try row.decode(column: "id", as: UUID.self), responsible_unit_id: try row.decode(column: "responsible_unit_id", as: UUID.self),
                        status: try row.decode(column: "status", as: String.self), tier: try row.decode(column: "tier", as: String.self),
                        rhythm_override: try row.decode(column: "rhythm_override", as: String?.self),
                        start_day: try row.decode(column: "start_day", as: String.self), deadline: try row.decode(column: "deadline", as: String.self))
            }
        let yearTasks = SQLQueryString("(SELECT id FROM tasks WHERE year = \(bind: year) AND responsible_unit_id IN \(groupUnits))")
        struct ResultRow: Decodable { var task_id: UUID; var reported: String }
        let resultDays = try await sql.select().column("task_id").column(SQLFunction("MIN", args: SQLIdentifier("reported_on")), as: "reported")
            .from("progress_reports").where("kind", .equal, SQLBind(ReportKind.result.rawValue))
            .where("state", .equal, SQLBind(ReportState.signedOff.rawValue)).where(SQLQueryString("task_id IN \(yearTasks)"))
            .groupBy("task_id").all(decoding: ResultRow.self)
        let resultOn = Dictionary(resultDays.map { ($0.task_id, Day($0.reported)) }, uniquingKeysWith: { a, _ in a })
        struct ReportRow: Decodable { var task_id: UUID; var period_key: String; var late: Bool }
        let reports = try await sql.select().columns("task_id", "period_key", "late").from("progress_reports")
            .where("state", .notEqual, SQLBind(ReportState.returned.rawValue)).where(SQLQueryString("task_id IN \(yearTasks)"))
            .all(decoding: ReportRow.self)
        var reported: [UUID: [String: Bool]] = [:]
        for report in reports {
            // On time if any counted report of the period was on time.
            let late = reported[report.task_id]?[report.period_key].map { $0 && report.late } ?? report.late
            reported[report.task_id, default: [:]][report.period_key] = late
        }
        // Each rhythm's periods ending in the year up to the run's day, with their keys worked out once.
        let owedByRhythm = Dictionary(uniqueKeysWithValues: ReportingRhythm.allCases.map { rhythm in
            (rhythm, ReportsOwed.periods(endingFrom: firstDay, through: asOf, rhythm: rhythm).map { ($0, $0.key) })
        })
        let index = Dictionary(uniqueKeysWithValues: units.enumerated().map { ($1.id, $0) })
        var facts = units.map { UnitFacts(unitID: $0.id, unitName: $0.name) }
        var onTimeTasks: [[TaskFact]] = Array(repeating: [], count: units.count)
        var lateKept = Array(repeating: 0, count: units.count), missingKept = Array(repeating: 0, count: units.count)
        var named: [UUID] = []
        for task in tasks {
            guard let at = index[task.responsible_unit_id], let start = Day(task.start_day), let deadline = Day(task.deadline) else { continue }
            let completed = task.status == TaskStatus.completed.rawValue
            if deadline <= asOf {
                let outcome: TaskOutcome = !completed ? .missed : (resultOn[task.id].flatMap { $0 }.map { $0 <= deadline } ?? true) ? .onTime : .late
                facts[at].tasksDue += 1
                let fact = TaskFact(id: task.id, code: "", title: "", deadline: deadline, outcome: outcome)
                if outcome == .onTime {
                    facts[at].tasksOnTime += 1
                    if onTimeTasks[at].count < keep { onTimeTasks[at].append(fact) }
                } else if facts[at].tasks.count < keep {
                    facts[at].tasks.append(fact)
                }
            }
            let rhythm = task.rhythm_override.flatMap(ReportingRhythm.init) ?? (Tier(rawValue: task.tier) ?? .supported).defaultRhythm
            let own = reported[task.id]
            for (period, key) in owedByRhythm[rhythm] ?? [] where ReportsOwed.owes(period, start: start, deadline: deadline, completed: completed, today: asOf) {
                facts[at].reportsDue += 1
                let late = own?[key]
                if late == false { facts[at].reportsOnTime += 1; continue }
                // Up to a line's evidence of each: periods reported late, and periods not reported.
                if late == true ? lateKept[at] < keep : missingKept[at] < keep {
                    if late == true { lateKept[at] += 1 } else { missingKept[at] += 1 }
                    facts[at].reportLapses.append(ReportFact(taskID: task.id, taskCode: "", periodKey: key, late: late))
                }
            }
        }
        // Late reports: every counted report that came in late, whatever period it was for.
        let unitOfTask = Dictionary(tasks.map { ($0.id, $0.responsible_unit_id) }, uniquingKeysWith: { a, _ in a })
        for report in reports where report.late {
            guard let unit = unitOfTask[report.task_id], let at = index[unit] else { continue }
            facts[at].lateReports += 1
        }
        for at in facts.indices {
            facts[at].tasks += onTimeTasks[at].prefix(max(0, keep - facts[at].tasks.count))
            named += facts[at].tasks.map(\.id) + facts[at].reportLapses.map(\.taskID)
        }
        // The codes and titles of the tasks a breakdown names, read for those alone.
        var titles: [UUID: (code: String, title: String)] = [:]
        struct TitleRow: Decodable { var id: UUID; var code: String; var title: String }
        let unique = Array(Set(named))
        for start in stride(from: 0, to: unique.count, by: 500) {
            for row in try await sql.select().columns("id", "code", "title").from("tasks")
                .where("id", .in, SQLBind.group(Array(unique[start..<min(start + 500, unique.count)]))).all(decoding: TitleRow.self) {
                titles[row.id] = (row.code, row.title)
            }
        }
        for at in facts.indices {
            for task in facts[at].tasks.indices {
                let named = titles[facts[at].tasks[task].id]
                facts[at].tasks[task].code = named?.code ?? ""; facts[at].tasks[task].title = named?.title ?? ""
            }
            for lapse in facts[at].reportLapses.indices { facts[at].reportLapses[lapse].taskCode = titles[facts[at].reportLapses[lapse].taskID]?.code ?? "" }
            // Read in the table's order (sorting a city's 190,000 rows by code cost more than it told); named by code here.
            facts[at].tasks.sort { ($0.outcome == .onTime ? 1 : 0, $0.code) < ($1.outcome == .onTime ? 1 : 0, $1.code) }
            facts[at].reportLapses.sort { ($0.taskCode, $0.periodKey) < ($1.taskCode, $1.periodKey) }
        }
        for at in facts.indices { facts[at].indicators = indicatorFacts[facts[at].unitID] ?? [] }
        var byUnit = Dictionary(uniqueKeysWithValues: facts.map { ($0.unitID, $0) })
        // Criticisms, notices and bonuses of the year.
        let lastDay = Day(year: year, month: 12, day: 31)!
        struct CriticismRow: Decodable { var id: UUID; var unit_id: UUID; var reason: String; var day: String }
        for row in try await sql.select().columns("id", "unit_id", "reason", "day").from("criticisms")
            .where(SQLQueryString("unit_id IN \(groupUnits)")).where("day", .greaterThanOrEqual, SQLBind(firstDay.description))
            .where("day", .lessThanOrEqual, SQLBind(lastDay.description)).orderBy("day").all(decoding: CriticismRow.self) {
            byUnit[row.unit_id]?.criticisms.append(CountedFact(id: row.id, label: row.reason, day: Day(row.day) ?? firstDay))
        }
        struct NoticeRow: Decodable { var id: UUID; var code: String; var unit_id: UUID; var issued_on: String; var deduction: Double }
        for row in try await sql.select().columns("id", "code", "unit_id", "issued_on", "deduction").from("urge_notices")
            .where(SQLQueryString("unit_id IN \(groupUnits)")).where("issued_on", .greaterThanOrEqual, SQLBind(firstDay.description))
            .where("issued_on", .lessThanOrEqual, SQLBind(lastDay.description)).orderBy("issued_on").all(decoding: NoticeRow.self) {
            byUnit[row.unit_id]?.notices.append(CountedFact(id: row.id, label: row.code, day: Day(row.issued_on) ?? firstDay, points: row.deduction))
        }
        for bonus in try await sql.select().column(SQLLiteral.all).from("assessment_bonuses").where("year", .equal, SQLBind(year))
            .orderBy("day").all(decoding: BonusRow.self, keyDecodingStrategy: .convertFromSnakeCase).map(\.value) {
            byUnit[bonus.unitID]?.bonuses.append(CountedFact(id: bonus.id, label: bonus.reason, day: bonus.day, points: bonus.points))
        }

        // The year's closed observation events: each unit's standing.
        let events = try await sql.select().column(SQLLiteral.all).from("observation_events").where("year", .equal, SQLBind(year))
            .where("state", .equal, SQLBind(ObservationState.closed.rawValue)).orderBy("day")
            .all(decoding: ObservationEventRow.self, keyDecodingStrategy: .convertFromSnakeCase).map(\.value)
        let scores = try await scores(eventIDs: events.map(\.id), sql: sql)
        for event in events {
            let standings = ObservationRules.standings(of: event, scores: scores[event.id] ?? [])
            let ranked = standings.filter { $0.rank != nil }.count
            for standing in standings {
                guard let score = standing.score, let rank = standing.rank else { continue }
                byUnit[standing.unitID]?.observations.append(ObservationFact(eventID: event.id, title: event.title, score: score, rank: rank, of: ranked))
            }
        }
        return units.compactMap { byUnit[$0.id] }
    }
}

extension Store {
    public func observationEvents(year: Int?, limit: Int = 200) async throws -> [ObservationEvent] {
        var query = sql.select().column(SQLLiteral.all).from("observation_events")
        if let year { query = query.where("year", .equal, SQLBind(year)) }
        return try await query.orderBy("day", .descending).limit(limit)
            .all(decoding: ObservationEventRow.self, keyDecodingStrategy: .convertFromSnakeCase).map(\.value)
    }

    public func observationEvent(id: UUID) async throws -> ObservationEvent? { try await IncentiveReads.event(id: id, sql: sql) }

    /// An event's scores: all of them, or one rater's sheet.
    public func observationScores(eventID: UUID, raterID: UUID? = nil) async throws -> [ObservationScore] {
        try await IncentiveReads.scores(eventIDs: [eventID], raterID: raterID, sql: sql)[eventID] ?? []
    }

    /// The latest version of each group's scheme for `year` (nil: every year), newest year first.
    public func assessmentSchemes(year: Int?) async throws -> [AssessmentScheme] {
        var query = sql.select().column(SQLLiteral.all).from("assessment_schemes")
        if let year { query = query.where("year", .equal, SQLBind(year)) }
        let all = try await query.orderBy("year", .descending).orderBy("group_key").orderBy("version", .descending)
            .all(decoding: SchemeRow.self, keyDecodingStrategy: .convertFromSnakeCase).map(\.value)
        var seen = Set<String>()
        return all.filter { seen.insert("\($0.year)-\($0.group.rawValue)").inserted }
    }

    public func assessmentScheme(id: UUID) async throws -> AssessmentScheme? { try await IncentiveReads.scheme(id: id, sql: sql) }

    public func currentScheme(year: Int, group: AssessmentGroup) async throws -> AssessmentScheme? {
        try await IncentiveReads.currentScheme(year: year, group: group, sql: sql)
    }

    /// Every version of a year's scheme for a group, newest first.
    public func schemeVersions(year: Int, group: AssessmentGroup) async throws -> [AssessmentScheme] {
        try await sql.select().column(SQLLiteral.all).from("assessment_schemes").where("year", .equal, SQLBind(year))
            .where("group_key", .equal, SQLBind(group.rawValue)).orderBy("version", .descending)
            .all(decoding: SchemeRow.self, keyDecodingStrategy: .convertFromSnakeCase).map(\.value)
    }

    public func assessmentRuns(year: Int?, state: RunState? = nil, limit: Int = 100) async throws -> [AssessmentRun] {
        var query = sql.select().column(SQLLiteral.all).from("assessment_runs")
        if let year { query = query.where("year", .equal, SQLBind(year)) }
        if let state { query = query.where("state", .equal, SQLBind(state.rawValue)) }
        return try await query.orderBy("year", .descending).orderBy("group_key").orderBy("computed_on", .descending).limit(limit)
            .all(decoding: RunRow.self, keyDecodingStrategy: .convertFromSnakeCase).map(\.value)
    }

    public func assessmentRun(id: UUID) async throws -> AssessmentRun? { try await IncentiveReads.run(id: id, sql: sql) }

    public func publishedRun(year: Int, group: AssessmentGroup) async throws -> AssessmentRun? {
        try await IncentiveReads.publishedRun(year: year, group: group, sql: sql)
    }

    /// A run's league table, best first: `unitIDs` keeps to those units (a unit head's own).
    public func leagueTable(runID: UUID, unitIDs: [UUID]? = nil) async throws -> [LeagueLine] {
        var query = sql.select().columns("unit_id", "rank", "score", "grade", "vetoes", "gap", "earned").from("assessment_results")
            .where("run_id", .equal, SQLBind(runID))
        if let unitIDs { query = query.where("unit_id", .in, SQLBind.group(unitIDs)) }
        let names = try await directory().byID
        return try await query.orderBy("rank").orderBy("unit_id").all(decoding: LeagueRow.self).map {
            LeagueLine(unitID: $0.unit_id, unitName: names[$0.unit_id]?.name ?? "", rank: $0.rank, score: $0.score,
                       grade: Grade(rawValue: $0.grade) ?? .poor, vetoes: decoded([String].self, $0.vetoes) ?? [], gapToAhead: $0.gap,
                       earned: decoded([Double].self, $0.earned) ?? [])
        }
    }

    /// One unit's whole result in a run (its breakdown).
    public func assessmentResult(runID: UUID, unitID: UUID) async throws -> AssessmentResult? {
        try await IncentiveReads.results(runID: runID, unitIDs: [unitID], sql: sql).first
    }

    public func assessmentFacts(year: Int, group: AssessmentGroup, asOf: Day) async throws -> [UnitFacts] {
        try await IncentiveReads.facts(year: year, group: group, asOf: asOf, units: try await directory().units, sql: sql)
    }

    public func bonuses(year: Int, unitID: UUID? = nil) async throws -> [AssessmentBonus] {
        var query = sql.select().column(SQLLiteral.all).from("assessment_bonuses").where("year", .equal, SQLBind(year))
        if let unitID { query = query.where("unit_id", .equal, SQLBind(unitID)) }
        return try await query.orderBy("day").all(decoding: BonusRow.self, keyDecodingStrategy: .convertFromSnakeCase).map(\.value)
    }

    /// Consequences by what they concern: a run's, a unit's, a person's (with their unit's own, those
    /// recorded against the unit as a whole), or every one of a kind; newest first.
    public func consequences(runID: UUID? = nil, unitID: UUID? = nil, personID: UUID? = nil, personUnitID: UUID? = nil,
                             kind: ConsequenceKind? = nil, year: Int? = nil, offset: Int = 0, limit: Int = 500) async throws -> [Consequence] {
        var query = sql.select().column(SQLLiteral.all).from("consequences")
        if let year { query = query.where("year", .equal, SQLBind(year)) }
        if let runID { query = query.where("run_id", .equal, SQLBind(runID)) }
        if let unitID { query = query.where("unit_id", .equal, SQLBind(unitID)) }
        if let personID {
            let unitWide = personUnitID.map { SQLQueryString(" OR (person_id IS NULL AND unit_id = \(bind: $0))") } ?? SQLQueryString("")
            query = query.where(SQLQueryString("(person_id = \(bind: personID)\(unitWide))"))
        }
        if let kind { query = query.where("kind", .equal, SQLBind(kind.rawValue)) }
        return try await query.orderBy("recorded_on", .descending).orderBy("kind").orderBy("id").offset(offset).limit(limit)
            .all(decoding: ConsequenceRow.self, keyDecodingStrategy: .convertFromSnakeCase).map(\.value)
    }

    public func consequence(id: UUID) async throws -> Consequence? {
        try await sql.select().column(SQLLiteral.all).from("consequences").where("id", .equal, SQLBind(id))
            .first(decoding: ConsequenceRow.self, keyDecodingStrategy: .convertFromSnakeCase)?.value
    }
}

extension WriteTransaction {
    public func observationEvent(id: UUID) async throws -> ObservationEvent? { try await IncentiveReads.event(id: id, sql: sql) }

    public func insert(_ event: ObservationEvent) async throws {
        try await sql.insert(into: "observation_events").model(ObservationEventRow(event), keyEncodingStrategy: .convertToSnakeCase).run()
    }

    public func update(_ event: ObservationEvent) async throws {
        try await sql.update("observation_events").set(model: ObservationEventRow(event), keyEncodingStrategy: .convertToSnakeCase)
            .where("id", .equal, SQLBind(event.id)).run()
    }

    public func observationScores(eventID: UUID, raterID: UUID) async throws -> [ObservationScore] {
        try await IncentiveReads.scores(eventIDs: [eventID], raterID: raterID, sql: sql)[eventID] ?? []
    }

    /// Replaces one rater's sheet of an event.
    public func replaceSheet(eventID: UUID, raterID: UUID, with scores: [ObservationScore]) async throws {
        try await sql.delete(from: "observation_scores").where("event_id", .equal, SQLBind(eventID)).where("rater_id", .equal, SQLBind(raterID)).run()
        for score in scores {
            try await sql.insert(into: "observation_scores").columns("event_id", "rater_id", "unit_id", "criterion", "score")
                .values(SQLBind(eventID), SQLBind(raterID), SQLBind(score.unitID), SQLBind(score.criterion), SQLBind(score.score)).run()
        }
    }

    public func currentScheme(year: Int, group: AssessmentGroup) async throws -> AssessmentScheme? {
        try await IncentiveReads.currentScheme(year: year, group: group, sql: sql)
    }

    public func assessmentScheme(id: UUID) async throws -> AssessmentScheme? { try await IncentiveReads.scheme(id: id, sql: sql) }

    public func insert(_ scheme: AssessmentScheme) async throws {
        try await sql.insert(into: "assessment_schemes").model(SchemeRow(scheme), keyEncodingStrategy: .convertToSnakeCase).run()
    }

    public func assessmentRun(id: UUID) async throws -> AssessmentRun? { try await IncentiveReads.run(id: id, sql: sql) }

    public func publishedRun(year: Int, group: AssessmentGroup) async throws -> AssessmentRun? {
        try await IncentiveReads.publishedRun(year: year, group: group, sql: sql)
    }

    /// Previews of a year's group not yet published: a new preview replaces them.
    public func deletePreviews(year: Int, group: AssessmentGroup) async throws {
        let ids = try await sql.select().column("id").from("assessment_runs").where("year", .equal, SQLBind(year))
            .where("group_key", .equal, SQLBind(group.rawValue)).where("state", .equal, SQLBind(RunState.preview.rawValue))
            .all(decodingColumn: "id", as: UUID.self)
        guard !ids.isEmpty else { return }
        try await sql.delete(from: "assessment_results").where("run_id", .in, SQLBind.group(ids)).run()
        try await sql.delete(from: "assessment_runs").where("id", .in, SQLBind.group(ids)).run()
    }

    public func insert(_ run: AssessmentRun, results: [AssessmentResult]) async throws {
        try await sql.insert(into: "assessment_runs").model(RunRow(run), keyEncodingStrategy: .convertToSnakeCase).run()
        for start in stride(from: 0, to: results.count, by: 200) {
            var insert = sql.insert(into: "assessment_results").columns("run_id", "unit_id", "rank", "score", "grade", "vetoes", "gap", "earned", "result")
            for result in results[start..<min(start + 200, results.count)] {
                insert = insert.values(SQLBind(run.id), SQLBind(result.unitID), SQLBind(result.rank), SQLBind(result.score), SQLBind(result.grade.rawValue),
                                       SQLBind(json(result.vetoes)), result.gapToAhead.map { SQLBind($0) as any SQLExpression } ?? SQLLiteral.null,
                                       SQLBind(json(result.lines.map(\.earned))), SQLBind(json(result)))
            }
            try await insert.run()
        }
    }

    public func update(_ run: AssessmentRun) async throws {
        try await sql.update("assessment_runs").set(model: RunRow(run), keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil)
            .where("id", .equal, SQLBind(run.id)).run()
    }

    public func assessmentResults(runID: UUID) async throws -> [AssessmentResult] { try await IncentiveReads.results(runID: runID, sql: sql) }

    public func insert(_ bonus: AssessmentBonus) async throws {
        try await sql.insert(into: "assessment_bonuses").model(BonusRow(bonus), keyEncodingStrategy: .convertToSnakeCase).run()
    }

    public func insert(_ consequence: Consequence) async throws {
        try await sql.insert(into: "consequences").model(ConsequenceRow(consequence), keyEncodingStrategy: .convertToSnakeCase).run()
    }

    public func consequence(id: UUID) async throws -> Consequence? {
        try await sql.select().column(SQLLiteral.all).from("consequences").where("id", .equal, SQLBind(id))
            .first(decoding: ConsequenceRow.self, keyDecodingStrategy: .convertFromSnakeCase)?.value
    }

    public func update(_ consequence: Consequence) async throws {
        try await sql.update("consequences").set(model: ConsequenceRow(consequence), keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil)
            .where("id", .equal, SQLBind(consequence.id)).run()
    }

    /// Units given a 225 yellow card in `year`, with the indicator codes.
    public func yellowCards(year: Int) async throws -> [UUID: Set<String>] {
        struct Row: Decodable { var unit_id: UUID; var subject: String }
        let rows = try await sql.select().columns("unit_id", "subject").from("consequences").where("year", .equal, SQLBind(year))
            .where("kind", .equal, SQLBind(ConsequenceKind.yellowCard.rawValue)).all(decoding: Row.self)
        return rows.reduce(into: [:]) { $0[$1.unit_id, default: []].insert($1.subject) }
    }

    /// Each unit's people, its principal heads (section-level, first recorded first) before the rest.
    public func unitPeople(unitIDs: [UUID]) async throws -> [UUID: (heads: [UUID], people: [UUID])] {
        guard !unitIDs.isEmpty else { return [:] }
        struct Row: Decodable { var id: UUID; var unit_id: UUID; var rank: String }
        var out: [UUID: (heads: [UUID], people: [UUID])] = [:]
        for start in stride(from: 0, to: unitIDs.count, by: 500) {
            let rows = try await sql.select().columns("id", "unit_id", "rank").from("people")
                .where("unit_id", .in, SQLBind.group(Array(unitIDs[start..<min(start + 500, unitIDs.count)])))
                .orderBy("created_at").orderBy("name").orderBy("id").all(decoding: Row.self)
            for row in rows {
                var entry = out[row.unit_id] ?? ([], [])
                if row.rank == PersonRank.sectionLevel.rawValue && entry.heads.count < 2 { entry.heads.append(row.id) }
                entry.people.append(row.id)
                out[row.unit_id] = entry
            }
        }
        return out
    }

    /// Criticisms of each unit in a year.
    public func criticismCounts(year: Int) async throws -> [UUID: Int] {
        struct Row: Decodable { var unit_id: UUID; var n: Int }
        return try await sql.select().column("unit_id").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("criticisms")
            .where("unit_id", .isNot, SQLLiteral.null).where("day", .greaterThanOrEqual, SQLBind("\(year)-01-01"))
            .where("day", .lessThanOrEqual, SQLBind("\(year)-12-31")).groupBy("unit_id").all(decoding: Row.self)
            .reduce(into: [:]) { $0[$1.unit_id] = $1.n }
    }
}

// MARK: Cadre files

public enum CadreEntryKind: String, CaseIterable, Codable, Sendable {
    case position, task, report, criticism, consequence, grade
}

/// One dated line of a person's file, as data; the page words it.
public struct CadreEntry: Sendable {
    public var day: Day
    public var kind: CadreEntryKind
    /// The record it points to (a task, a report's task, a run, a consequence).
    public var recordID: UUID?
    public var title: String
    /// Raw states and figures the page words: a task's status and light, a report's state, a grade.
    public var state: String
    public var figure: Double?
    public var consequence: Consequence?
    public var unitName: String
}

extension Store {
    /// A person's file (干部档案): positions held (from the trail of their record), tasks they lead or
    /// are assigned, reports they wrote, criticisms, consequences (theirs and their unit's own), and
    /// their unit's grades in published runs; newest first. Each part is capped at `limit`.
    public func cadreFile(personID: UUID, unitID: UUID, limit: Int = 300) async throws -> [CadreEntry] {
        let units = try await directory().byID
        var entries: [CadreEntry] = []
        struct Trail: Decodable { var occurred_at: String; var after: String? }
        struct Held: Decodable { var position: String?; var unitID: UUID? }
        var lastHeld: String?
        for row in try await sql.select().columns("occurred_at", "after").from("audit_events").where("record_kind", .equal, SQLBind("person"))
            .where("record_id", .equal, SQLBind(personID.uuidString.lowercased())).orderBy("sequence").limit(limit).all(decoding: Trail.self) {
            guard let after = row.after, let held = try? JSONDecoder().decode(Held.self, from: Data(after.utf8)), let position = held.position else { continue }
            let unitName = held.unitID.flatMap { units[$0]?.name } ?? ""
            let key = unitName + position
            guard key != lastHeld, let day = Day(String(row.occurred_at.prefix(10))) else { continue }
            lastHeld = key
            entries.append(CadreEntry(day: day, kind: .position, recordID: nil, title: position, state: "", figure: nil, consequence: nil, unitName: unitName))
        }
        struct TaskRow: Decodable { var id: UUID; var code: String; var title: String; var status: String; var light: String; var deadline: String; var responsible_unit_id: UUID }
        for row in try await sql.select().columns("id", "code", "title", "status", "light", "deadline", "responsible_unit_id").from("tasks")
            .where(SQLQueryString("(lead_leader_id = \(bind: personID) OR assignee_id = \(bind: personID))"))
            .orderBy("deadline", .descending).limit(limit).all(decoding: TaskRow.self) {
            guard let day = Day(row.deadline) else { continue }
            entries.append(CadreEntry(day: day, kind: .task, recordID: row.id, title: "\(row.code) \(row.title)", state: row.status + "|" + row.light,
                                      figure: nil, consequence: nil, unitName: units[row.responsible_unit_id]?.name ?? ""))
        }
        struct ReportRow: Decodable { var task_id: UUID; var period_key: String; var state: String; var late: Bool; var reported_on: String; var title: String; var code: String }
        for row in try await sql.select().column(SQLColumn("task_id", table: "r")).column(SQLColumn("period_key", table: "r"))
            .column(SQLColumn("state", table: "r")).column(SQLColumn("late", table: "r")).column(SQLColumn("reported_on", table: "r"))
            .column(SQLColumn("title", table: "t")).column(SQLColumn("code", table: "t"))
            .from(SQLAlias(SQLIdentifier("progress_reports"), as: SQLIdentifier("r")))
            .join(SQLAlias(SQLIdentifier("tasks"), as: SQLIdentifier("t")), method: SQLJoinMethod.inner, on: SQLColumn("id", table: "t"), .equal, SQLColumn("task_id", table: "r"))
            .where(SQLColumn("author_person_id", table: "r"), .equal, SQLBind(personID))
            .orderBy(SQLColumn("reported_on", table: "r"), SQLDirection.descending).limit(limit).all(decoding: ReportRow.self) {
            guard let day = Day(row.reported_on) else { continue }
            entries.append(CadreEntry(day: day, kind: .report, recordID: row.task_id, title: "\(row.code) \(row.title)（\(row.period_key)）",
                                      state: row.state + (row.late ? "|late" : ""), figure: nil, consequence: nil, unitName: ""))
        }
        for criticism in try await criticisms(personID: personID, limit: limit) {
            entries.append(CadreEntry(day: criticism.day, kind: .criticism, recordID: criticism.inspectionID, title: criticism.reason, state: "",
                                      figure: nil, consequence: nil, unitName: criticism.unitID.flatMap { units[$0]?.name } ?? ""))
        }
        for consequence in try await consequences(personID: personID, personUnitID: unitID, limit: limit) {
            entries.append(CadreEntry(day: consequence.recordedOn, kind: .consequence, recordID: consequence.id, title: consequence.subject,
                                      state: consequence.kind.rawValue, figure: consequence.figure, consequence: consequence,
                                      unitName: units[consequence.unitID]?.name ?? ""))
        }
        struct GradeRow: Decodable { var run_id: UUID; var year: Int; var grade: String; var rank: Int; var score: Double; var published_on: String? }
        for row in try await sql.select().column(SQLColumn("run_id", table: "x")).column(SQLColumn("year", table: "r"))
            .column(SQLColumn("grade", table: "x")).column(SQLColumn("rank", table: "x")).column(SQLColumn("score", table: "x"))
            .column(SQLColumn("published_on", table: "r"))
            .from(SQLAlias(SQLIdentifier("assessment_results"), as: SQLIdentifier("x")))
            .join(SQLAlias(SQLIdentifier("assessment_runs"), as: SQLIdentifier("r")), method: SQLJoinMethod.inner, on: SQLColumn("id", table: "r"), .equal, SQLColumn("run_id", table: "x"))
            .where(SQLColumn("unit_id", table: "x"), .equal, SQLBind(unitID))
            .where(SQLColumn("state", table: "r"), .equal, SQLBind(RunState.published.rawValue))
            .orderBy(SQLColumn("year", table: "r"), SQLDirection.descending).limit(20).all(decoding: GradeRow.self) {
            let day = row.published_on.flatMap(Day.init) ?? Day(year: row.year, month: 12, day: 31)!
            entries.append(CadreEntry(day: day, kind: .grade, recordID: row.run_id, title: String(row.year), state: row.grade,
                                      figure: row.score, consequence: nil, unitName: units[unitID]?.name ?? ""))
        }
        return entries.sorted { $0.day > $1.day }
    }
}

/// An account as a rater picker and an event page name it.
public struct RaterChoice: Sendable {
    public var id: UUID
    public var displayName: String
    public var role: Role
}

extension Store {
    /// Accounts that can sit on an observation panel (leaders and the office), or those with `ids`.
    public func raterChoices(ids: [UUID]? = nil) async throws -> [RaterChoice] {
        struct Row: Decodable { var id: UUID; var display_name: String; var role: String }
        var query = sql.select().columns("id", "display_name", "role").from("accounts")
        if let ids {
            guard !ids.isEmpty else { return [] }
            query = query.where("id", .in, SQLBind.group(ids))
        } else {
            query = query.where("role", .in, SQLBind.group([Role.leader.rawValue, Role.supervisor.rawValue])).where("is_disabled", .equal, SQLBind(false))
        }
        return try await query.orderBy("role").orderBy("display_name").limit(500).all(decoding: Row.self)
            .map { RaterChoice(id: $0.id, displayName: $0.display_name, role: Role(rawValue: $0.role) ?? .leader) }
    }
}
