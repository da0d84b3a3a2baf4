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
