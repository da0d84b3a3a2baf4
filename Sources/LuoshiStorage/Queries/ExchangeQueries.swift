// Look-ups by natural key (codes, names) that imports match spreadsheet rows with.
import FluentKit
import Foundation
import LuoshiDomain
import SQLKit

extension WriteTransaction {
    public func unit(code: String) async throws -> Unit? {
        try await UnitModel.query(on: database).filter(\.$code == code).first()?.value
    }

    /// Units with exactly this name: a spreadsheet may name a unit instead of giving its code.
    public func units(named name: String) async throws -> [Unit] {
        try await UnitModel.query(on: database).filter(\.$name == name).all().map(\.value)
    }

    /// Every unit (for suggesting the closest when a cell names none).
    public func allUnits() async throws -> [Unit] {
        try await UnitModel.query(on: database).all().map(\.value)
    }

    /// People with this name (in this unit, when given), for matching rows that name a person.
    public func people(named name: String, unitID: UUID? = nil) async throws -> [Person] {
        var query = PersonModel.query(on: database).filter(\.$name == name)
        if let unitID { query = query.filter(\.$unitID == unitID) }
        return try await query.all().map(\.value)
    }

    public func task(year: Int, code: String) async throws -> KeyTask? {
        guard let id = try await sql.select().column("id").from("tasks").where("year", .equal, SQLBind(year))
            .where("code", .equal, SQLBind(code)).first(decodingColumn: "id", as: UUID.self) else { return nil }
        return try await task(id: id)
    }

    public func indicator(year: Int, code: String) async throws -> Indicator? {
        try await sql.select().column(SQLLiteral.all).from("indicators").where("year", .equal, SQLBind(year))
            .where("code", .equal, SQLBind(code))
            .first(decoding: IndicatorRow.self, keyDecodingStrategy: .convertFromSnakeCase)?.value
    }

    public func workArea(year: Int, code: String) async throws -> WorkArea? {
        try await WorkAreaReads.all(year: year, sql: sql).first { $0.code == code }
    }
}

extension Store {
    /// Every task of a year (or all), parents before children, for export.
    /// Every task with its figure (`rolled_progress`), parents before their sub-tasks.
    public func allTasks(year: Int?) async throws -> [(task: KeyTask, progress: Double)] {
        var query = sql.select().column(SQLLiteral.all).from("tasks")
        if let year { query = query.where("year", .equal, SQLBind(year)) }
        let rows = try await query.orderBy("year").orderBy("path").all(decoding: TaskRow.self, keyDecodingStrategy: .convertFromSnakeCase)
        struct Link: Decodable { var taskId: UUID; var unitId: UUID }
        let links = try await sql.select().column("task_id").column("unit_id").from("task_cooperating_units")
            .all(decoding: Link.self, keyDecodingStrategy: .convertFromSnakeCase)
        let cooperating = Dictionary(grouping: links, by: \.taskId)
        return rows.map { ($0.value(cooperating: cooperating[$0.id]?.map(\.unitId) ?? []), $0.rolledProgress) }
            .sorted { ($0.task.year, $0.task.path.count, $0.task.code) < ($1.task.year, $1.task.path.count, $1.task.code) }
    }

    public func allPeople() async throws -> [Person] {
        try await PersonModel.query(on: database).sort(\.$name).all().map(\.value)
    }
}

extension WriteTransaction {
    public func keyObject(year: Int, code: String) async throws -> KeyObject? {
        guard let id = try await sql.select().column("id").from("key_objects").where("year", .equal, SQLBind(year))
            .where("code", .equal, SQLBind(code)).first(decodingColumn: "id", as: UUID.self) else { return nil }
        return try await IndicatorReads.keyObject(id: id, sql: sql)
    }

    /// The dates and values an indicator already has readings for, so that importing the same
    /// readings twice records nothing new.
    public func readingDays(indicatorID: UUID) async throws -> [(asOf: Day, value: Double)] {
        struct Row: Decodable { var asOf: String; var value: Double }
        return try await sql.select().column("as_of").column("value").from("readings")
            .where("indicator_id", .equal, SQLBind(indicatorID))
            .all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
            .compactMap { row in Day(row.asOf).map { ($0, row.value) } }
    }
}

extension Store {
    /// Every reading of a year's indicators (or all), with its indicator's year and code, oldest
    /// first, for export.
    public func allReadings(year: Int?) async throws -> [(year: Int, code: String, reading: Reading)] {
        struct Row: Decodable {
            var year: Int; var code: String; var id: UUID; var indicatorId: UUID; var value: Double; var asOf: String
            var recordedBy: String; var comment: String; var evidence: String
        }
        var query = sql.select()
            .column(SQLColumn("year", table: "i")).column(SQLColumn("code", table: "i"))
            .column(SQLColumn("id", table: "r")).column(SQLColumn("indicator_id", table: "r")).column(SQLColumn("value", table: "r"))
            .column(SQLColumn("as_of", table: "r")).column(SQLColumn("recorded_by", table: "r"))
            .column(SQLColumn("comment", table: "r")).column(SQLColumn("evidence", table: "r"))
            .from(SQLAlias(SQLIdentifier("readings"), as: SQLIdentifier("r")))
            .join(SQLAlias(SQLIdentifier("indicators"), as: SQLIdentifier("i")), method: SQLJoinMethod.inner,
                  on: SQLColumn("indicator_id", table: "r"), .equal, SQLColumn("id", table: "i"))
        if let year { query = query.where(SQLColumn("year", table: "i"), .equal, SQLBind(year)) }
        return try await query.orderBy(SQLColumn("code", table: "i")).orderBy(SQLColumn("as_of", table: "r"))
            .orderBy(SQLColumn("created_at", table: "r"))
            .all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
            .map { row in
                (row.year, row.code, Reading(id: row.id, indicatorID: row.indicatorId, value: row.value,
                                             asOf: Day(row.asOf) ?? Day(year: row.year, month: 1, day: 1)!, recordedBy: row.recordedBy,
                                             comment: row.comment, evidence: row.evidence))
            }
    }
}
