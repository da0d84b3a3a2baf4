// Indicators and their readings; key objects and their links.
import FluentKit
import Foundation
import LuoshiDomain
import SQLKit

struct IndicatorRow: Codable {
    var id: UUID
    var year: Int
    var code: String
    var name: String
    var measure: String
    var direction: String
    var period: String
    var baseline: Double
    var target: Double
    var ownerUnitId: UUID?
    var ownerPersonId: UUID?
    var parentId: UUID?
    var path: String
    var rollUp: String
    var completionCap: Double

    init(_ value: Indicator) {
        id = value.id; year = value.year; code = value.code; name = value.name; measure = value.measure.rawValue
        direction = value.direction.rawValue; period = value.period; baseline = value.baseline; target = value.target
        ownerUnitId = value.ownerUnitID; ownerPersonId = value.ownerPersonID; parentId = value.parentID; path = value.path
        rollUp = value.rollUp.rawValue; completionCap = value.completionCap
    }

    var value: Indicator {
        Indicator(id: id, year: year, code: code, name: name, measure: MeasureUnit(rawValue: measure) ?? .count,
                  direction: Direction(rawValue: direction) ?? .higherIsBetter, period: period, baseline: baseline, target: target,
                  ownerUnitID: ownerUnitId, ownerPersonID: ownerPersonId, parentID: parentId, path: path,
                  rollUp: RollUp(rawValue: rollUp) ?? .sum, completionCap: completionCap)
    }
}

struct ReadingRow: Codable {
    var id: UUID
    var indicatorId: UUID
    var value: Double
    var asOf: String
    var recordedBy: String
    var comment: String
    var evidence: String

    var reading: Reading {
        Reading(id: id, indicatorID: indicatorId, value: value, asOf: Day(asOf) ?? LocalClock.china.today(), recordedBy: recordedBy,
                comment: comment, evidence: evidence)
    }
}

struct KeyObjectRow: Codable {
    var id: UUID
    var year: Int
    var kind: String
    var code: String
    var name: String
    var contractedLeaderId: UUID?
    var delegatedPowers: String
    var responsibleUnitId: UUID
    var investmentTotal: Double?
    var plannedInvestment: Double?
    var startDay: String?
    var completionDay: String?
    var location: String

    init(_ object: KeyObject) {
        id = object.id; year = object.year; kind = object.kind.rawValue; code = object.code; name = object.name
        contractedLeaderId = object.contractedLeaderID; delegatedPowers = object.delegatedPowers
        responsibleUnitId = object.responsibleUnitID; investmentTotal = object.investmentTotal
        plannedInvestment = object.plannedInvestment; startDay = object.start?.description
        completionDay = object.completion?.description; location = object.location
    }

    func value(taskIDs: [UUID], indicatorIDs: [UUID]) -> KeyObject {
        KeyObject(id: id, year: year, kind: KeyObjectKind(rawValue: kind) ?? .keyProject, code: code, name: name,
                  contractedLeaderID: contractedLeaderId, delegatedPowers: delegatedPowers, responsibleUnitID: responsibleUnitId,
                  investmentTotal: investmentTotal, plannedInvestment: plannedInvestment, start: startDay.flatMap(Day.init),
                  completion: completionDay.flatMap(Day.init), location: location, taskIDs: taskIDs, indicatorIDs: indicatorIDs)
    }
}

/// An indicator with what its page and lists show: current value, completion, under-allocation.
public struct IndicatorStatus: Sendable {
    public var indicator: Indicator
    public var current: Double?
    public var completion: Double?
    public var underAllocated: Bool
    public var ownerName: String?
}

enum IndicatorReads {
    static func all(year: Int?, under path: String? = nil, sql: any SQLDatabase) async throws -> [Indicator] {
        var query = sql.select().column(SQLLiteral.all).from("indicators")
        if let year { query = query.where("year", .equal, SQLBind(year)) }
        if let path { query = query.where(PathPrefix(SQLIdentifier("path"), path)) }
        return try await query.orderBy("code").all(decoding: IndicatorRow.self, keyDecodingStrategy: .convertFromSnakeCase).map(\.value)
    }

    static func one(id: UUID, sql: any SQLDatabase) async throws -> Indicator? {
        try await sql.select().column(SQLLiteral.all).from("indicators").where("id", .equal, SQLBind(id))
            .first(decoding: IndicatorRow.self, keyDecodingStrategy: .convertFromSnakeCase)?.value
    }

    static func keyObject(id: UUID, sql: any SQLDatabase) async throws -> KeyObject? {
        guard let row = try await sql.select().column(SQLLiteral.all).from("key_objects").where("id", .equal, SQLBind(id))
            .first(decoding: KeyObjectRow.self, keyDecodingStrategy: .convertFromSnakeCase) else { return nil }
        let tasks = try await sql.select().column("task_id").from("key_object_tasks").where("key_object_id", .equal, SQLBind(id))
            .all(decodingColumn: "task_id", as: UUID.self)
        let indicators = try await sql.select().column("indicator_id").from("key_object_indicators")
            .where("key_object_id", .equal, SQLBind(id)).all(decodingColumn: "indicator_id", as: UUID.self)
        return row.value(taskIDs: tasks, indicatorIDs: indicators)
    }
}

extension Store {
    public func indicators(year: Int?) async throws -> [Indicator] { try await IndicatorReads.all(year: year, sql: sql) }

    public func indicator(id: UUID) async throws -> Indicator? { try await IndicatorReads.one(id: id, sql: sql) }

    public func readings(indicatorID: UUID) async throws -> [Reading] {
        try await sql.select().column(SQLLiteral.all).from("readings").where("indicator_id", .equal, SQLBind(indicatorID))
            .orderBy("as_of", .descending).orderBy("created_at", .descending)
            .all(decoding: ReadingRow.self, keyDecodingStrategy: .convertFromSnakeCase).map(\.reading)
    }

    /// Every indicator of a year with its current value, completion and under-allocation flag,
    /// computed bottom-up from the latest reading of each (two queries, whatever the tree's size).
    /// The year's indicators with their current values and completion; `under` (an indicator's path)
    /// keeps to that indicator and its parts, so one indicator's page does not compute them all.
    public func indicatorStatuses(year: Int, under path: String? = nil) async throws -> [IndicatorStatus] {
        try await IndicatorReads.statuses(year: year, under: path, units: try await directory().byID, sql: sql)
    }
}

extension IndicatorReads {
    /// The one computation of current values and completion (pages, lists, the assessment).
    static func statuses(year: Int, under path: String? = nil, units: [UUID: Unit], sql: any SQLDatabase) async throws -> [IndicatorStatus] {
        let all = try await IndicatorReads.all(year: year, under: path, sql: sql)
        struct Latest: Decodable {
            var indicatorId: UUID; var value: Double
            enum CodingKeys: String, CodingKey { case indicatorId = "indicator_id", value }
        }
        var query = sql.select().column("indicator_id").column("value").from("readings")
            .join("indicators", on: "indicators.id = readings.indicator_id").where(SQLColumn("year", table: "indicators"), .equal, SQLBind(year))
        if let path { query = query.where(PathPrefix(SQLColumn("path", table: "indicators"), path)) }
        let readings = try await query.orderBy("as_of").all(decoding: Latest.self)
        var latest: [UUID: Double] = [:]
        for reading in readings { latest[reading.indicatorId] = reading.value }
        let children = Dictionary(grouping: all, by: \.parentID)
        var currents: [UUID: Double?] = [:]
        func current(_ indicator: Indicator) -> Double? {
            if let known = currents[indicator.id] { return known }
            let value = IndicatorMath.current(ownLatest: latest[indicator.id],
                                              childCurrents: (children[indicator.id] ?? []).map(current), rollUp: indicator.rollUp)
            currents[indicator.id] = value
            return value
        }
        return all.map { indicator in
            let value = current(indicator)
            return IndicatorStatus(
                indicator: indicator, current: value,
                completion: IndicatorMath.completion(current: value, baseline: indicator.baseline, target: indicator.target,
                                                     direction: indicator.direction, cap: indicator.completionCap),
                underAllocated: IndicatorMath.isUnderAllocated(parentTarget: indicator.target,
                                                               childTargets: (children[indicator.id] ?? []).map(\.target),
                                                               rollUp: indicator.rollUp, direction: indicator.direction),
                ownerName: indicator.ownerUnitID.flatMap { units[$0]?.name })
        }
    }
}

extension Store {
    public func keyObjects(year: Int?, kind: KeyObjectKind?, leaderID: UUID? = nil) async throws -> [KeyObject] {
        var query = sql.select().column(SQLLiteral.all).from("key_objects")
        if let year { query = query.where("year", .equal, SQLBind(year)) }
        if let kind { query = query.where("kind", .equal, SQLBind(kind.rawValue)) }
        if let leaderID { query = query.where("contracted_leader_id", .equal, SQLBind(leaderID)) }
        let rows = try await query.orderBy("kind").orderBy("code")
            .all(decoding: KeyObjectRow.self, keyDecodingStrategy: .convertFromSnakeCase)
        // The links of every listed object, two queries whatever the list's length.
        struct Link: Decodable { var keyObjectId: UUID; var targetId: UUID }
        let ids = rows.map(\.id)
        func links(_ table: String, _ column: String) async throws -> [UUID: [UUID]] {
            guard !ids.isEmpty else { return [:] }
            let found = try await sql.select().column("key_object_id").column(SQLColumn(column), as: "target_id").from(table)
                .where("key_object_id", .in, SQLBind.group(ids))
                .all(decoding: Link.self, keyDecodingStrategy: .convertFromSnakeCase)
            return Dictionary(grouping: found, by: \.keyObjectId).mapValues { $0.map(\.targetId) }
        }
        let tasks = try await links("key_object_tasks", "task_id")
        let indicators = try await links("key_object_indicators", "indicator_id")
        return rows.map { $0.value(taskIDs: tasks[$0.id] ?? [], indicatorIDs: indicators[$0.id] ?? []) }
    }

    public func keyObject(id: UUID) async throws -> KeyObject? { try await IndicatorReads.keyObject(id: id, sql: sql) }
}

extension WriteTransaction {
    public func indicator(id: UUID) async throws -> Indicator? { try await IndicatorReads.one(id: id, sql: sql) }

    public func indicatorCodeTaken(year: Int, code: String) async throws -> Bool {
        try await sql.select().column("id").from("indicators").where("year", .equal, SQLBind(year))
            .where("code", .equal, SQLBind(code)).first() != nil
    }

    public func insert(_ indicator: Indicator) async throws {
        try await sql.insert(into: "indicators").model(IndicatorRow(indicator), keyEncodingStrategy: .convertToSnakeCase).run()
    }

    public func update(_ indicator: Indicator) async throws {
        try await sql.update("indicators")
            .set(model: IndicatorRow(indicator), keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil)
            .where("id", .equal, SQLBind(indicator.id)).run()
    }

    public func insert(_ reading: Reading, at now: Date) async throws {
        try await sql.insert(into: "readings")
            .columns("id", "indicator_id", "value", "as_of", "recorded_by", "comment", "evidence", "created_at")
            .values(SQLBind(reading.id), SQLBind(reading.indicatorID), SQLBind(reading.value), SQLBind(reading.asOf.description),
                    SQLBind(reading.recordedBy), SQLBind(reading.comment), SQLBind(reading.evidence), SQLBind(now)).run()
    }

    public func keyObjectCodeTaken(year: Int, code: String) async throws -> Bool {
        try await sql.select().column("id").from("key_objects").where("year", .equal, SQLBind(year))
            .where("code", .equal, SQLBind(code)).first() != nil
    }

    public func keyObject(id: UUID) async throws -> KeyObject? { try await IndicatorReads.keyObject(id: id, sql: sql) }

    public func insert(_ object: KeyObject) async throws {
        try await sql.insert(into: "key_objects").model(KeyObjectRow(object), keyEncodingStrategy: .convertToSnakeCase).run()
        try await insertLinks(of: object)
    }

    /// Changes a key object and replaces its links to tasks and indicators.
    public func update(_ object: KeyObject) async throws {
        try await sql.update("key_objects")
            .set(model: KeyObjectRow(object), keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil)
            .where("id", .equal, SQLBind(object.id)).run()
        try await sql.delete(from: "key_object_tasks").where("key_object_id", .equal, SQLBind(object.id)).run()
        try await sql.delete(from: "key_object_indicators").where("key_object_id", .equal, SQLBind(object.id)).run()
        try await insertLinks(of: object)
    }

    private func insertLinks(of object: KeyObject) async throws {
        for taskID in object.taskIDs {
            try await sql.insert(into: "key_object_tasks").columns("key_object_id", "task_id")
                .values(SQLBind(object.id), SQLBind(taskID)).run()
        }
        for indicatorID in object.indicatorIDs {
            try await sql.insert(into: "key_object_indicators").columns("key_object_id", "indicator_id")
                .values(SQLBind(object.id), SQLBind(indicatorID)).run()
        }
    }
}

extension Store {
    /// Key objects a task is linked to.
    public func keyObjects(taskID: UUID) async throws -> [KeyObject] {
        try await sql.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("k"))).from(SQLAlias(SQLIdentifier("key_objects"), as: SQLIdentifier("k")))
            .join(SQLAlias(SQLIdentifier("key_object_tasks"), as: SQLIdentifier("l")), method: SQLJoinMethod.inner,
                  on: SQLColumn("key_object_id", table: "l"), .equal, SQLColumn("id", table: "k"))
            .where(SQLColumn("task_id", table: "l"), .equal, SQLBind(taskID))
            .all(decoding: KeyObjectRow.self, keyDecodingStrategy: .convertFromSnakeCase)
            .map { $0.value(taskIDs: [], indicatorIDs: []) }
    }

    /// District leaders, for pickers of lead and contracted leaders.
    public func leaders() async throws -> [Person] {
        try await PersonModel.query(on: database).filter(\.$rank == PersonRank.districtLeader.rawValue).sort(\.$name).all().map(\.value)
    }
}
