// Reads and writes of units.
import FluentKit
import Foundation
import LuoshiDomain
import SQLKit

extension Store {
    public func unit(id: UUID) async throws -> Unit? {
        try await directory().byID[id]
    }

    public func unit(code: String) async throws -> Unit? {
        try await directory().byCode[code]
    }

    /// Every unit, in display order: for pickers and the tree (from the in-memory directory).
    public func allUnits() async throws -> [Unit] {
        try await directory().units
    }

    public func childUnits(of parentID: UUID) async throws -> [Unit] {
        try await directory().units.filter { $0.parentID == parentID }
    }

    public func unitCount(scopePath: String?) async throws -> Int {
        var query = UnitModel.query(on: database)
        if let scopePath { query = query.filter(\.$path, .custom("LIKE"), scopePath + "%") }
        return try await query.count()
    }

    /// Units whose name or code contains `search`, optionally of one kind.
    /// A page of units, from the in-memory directory (already in display order), with the total.
    /// The search is "contains", case-insensitive, on name and code, as SearchPredicate does in SQL.
    public func units(search: String?, kind: UnitKind?, offset: Int, limit: Int) async throws -> Page<Unit> {
        let needle = search?.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() ?? ""
        let matching = try await directory().units.filter { unit in
            (kind == nil || unit.kind == kind)
                && (needle.isEmpty || unit.name.lowercased().contains(needle) || unit.code.lowercased().contains(needle))
        }
        let start = min(offset, matching.count)
        let items = Array(matching[start..<min(start + limit, matching.count)])
        return Page(items: items, offset: offset, limit: limit, hasMore: start + limit < matching.count, total: matching.count)
    }
}

extension WriteTransaction {
    func unitModel(_ id: UUID) async throws -> UnitModel? { try await UnitModel.find(id, on: database) }

    public func insert(_ unit: Unit) async throws {
        try await UnitModel(unit).create(on: database)
        try await moveDirectoryVersion()
    }

    public func update(_ unit: Unit) async throws {
        guard let model = try await unitModel(unit.id) else { throw RuleViolation(.recordNotFound) }
        model.apply(unit)
        try await model.update(on: database)
        try await moveDirectoryVersion()
    }

    public func unitCodeTaken(_ code: String, excluding id: UUID?) async throws -> Bool {
        var query = UnitModel.query(on: database).filter(\.$code == code)
        if let id { query = query.filter(\.$id != id) }
        return try await query.count() > 0
    }

    /// After a move, every descendant's path follows its ancestor's.
    public func rebaseDescendants(from oldPath: String, to newPath: String) async throws {
        let descendants = try await UnitModel.query(on: database)
            .filter(\.$path, .custom("LIKE"), oldPath + "%").filter(\.$path != oldPath).all()
        for model in descendants {
            model.path = UnitTree.rebase(model.path, from: oldPath, to: newPath)
            try await model.update(on: database)
        }
        try await moveDirectoryVersion()
    }

    public func unit(id: UUID) async throws -> Unit? { try await unitModel(id)?.value }
}

struct UnitRow: Decodable {
    var id: UUID
    var code: String
    var name: String
    var kind: String
    var assessmentGroup: String
    var parentId: UUID?
    var path: String
    var sortOrder: Int

    // Column names spelled out: the snake-case key strategy converted every key of every row.
    enum CodingKeys: String, CodingKey {
        case id, code, name, kind, assessmentGroup = "assessment_group", parentId = "parent_id", path, sortOrder = "sort_order"
    }

    var value: Unit {
        Unit(id: id, code: code, name: name, kind: UnitKind(rawValue: kind) ?? .department,
             assessmentGroup: AssessmentGroup(rawValue: assessmentGroup) ?? .notAssessed, parentID: parentId, path: path,
             sortOrder: sortOrder)
    }
}

/// `(LOWER(a) LIKE LOWER(?) ESCAPE '\' OR …)`: "contains", case-insensitive on both databases,
/// with the user's own % and _ taken literally.
struct SearchPredicate: SQLExpression {
    let columns: [any SQLExpression]
    let pattern: String

    init?(_ search: String?, columns: [any SQLExpression]) {
        guard let trimmed = search?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        self.columns = columns
        self.pattern = "%" + trimmed.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
    }

    init?(_ search: String?, columns: [String]) {
        self.init(search, columns: columns.map { SQLIdentifier($0) as any SQLExpression })
    }

    func serialize(to serializer: inout SQLSerializer) {
        serializer.write("(")
        for (index, column) in columns.enumerated() {
            if index > 0 { serializer.write(" OR ") }
            serializer.write("LOWER(")
            column.serialize(to: &serializer)
            serializer.write(") LIKE LOWER(")
            SQLBind(pattern).serialize(to: &serializer)
            serializer.write(") ESCAPE '\\'")
        }
        serializer.write(")")
    }
}

/// "`column` starts with `prefix`", for the materialised paths of units, tasks and indicators
/// ("/id/id/…/", ASCII). SQLite does not use an index for LIKE (it is case-insensitive there), so
/// a task's tree scanned all 40,000 tasks (12.8 ms); as a range it is an index search (0.03 ms).
/// The LIKE stays as the exact test, and is all PostgreSQL gets (its collation may not order
/// paths bytewise, so a range there could be wrong).
struct PathPrefix: SQLExpression {
    let column: any SQLExpression
    let prefix: String

    init(_ column: any SQLExpression, _ prefix: String) {
        self.column = column; self.prefix = prefix
    }

    func serialize(to serializer: inout SQLSerializer) {
        let isSQLite = serializer.dialect.name == "sqlite"
        serializer.write("(")
        if isSQLite {
            column.serialize(to: &serializer)
            serializer.write(" >= ")
            SQLBind(prefix).serialize(to: &serializer)
            serializer.write(" AND ")
            column.serialize(to: &serializer)
            serializer.write(" < ")
            // "~" sorts after every character a path holds (hex digits, "-" and "/").
            SQLBind(prefix + "~").serialize(to: &serializer)
            serializer.write(" AND ")
        }
        column.serialize(to: &serializer)
        serializer.write(" LIKE ")
        SQLBind(prefix + "%").serialize(to: &serializer)
        serializer.write(")")
    }
}
