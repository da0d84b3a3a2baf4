// Reads and writes of people. The list is a hot path (every unit head opens it): one SQLKit join,
// limited to the caller's scope by the unit path prefix, no COUNT(*).
import FluentKit
import Foundation
import LuoshiDomain
import SQLKit

struct PersonListingRow: Decodable {
    var id: UUID
    var name: String
    var position: String
    var rank: String
    var unitId: UUID
    var phone: String?
    var unitName: String
    var total: Int?

    var value: PersonListing {
        PersonListing(person: Person(id: id, name: name, position: position, rank: PersonRank(rawValue: rank) ?? .staff,
                                     unitID: unitId, phone: phone), unitName: unitName)
    }
}

public struct PeopleFilter: Sendable, Equatable {
    public var search: String?
    public var unitID: UUID?
    /// Limit to units under this path (the caller's scope); nil for everyone.
    public var scopePath: String?

    public init(search: String? = nil, unitID: UUID? = nil, scopePath: String? = nil) {
        self.search = search; self.unitID = unitID; self.scopePath = scopePath
    }
}

extension Store {
    public func peopleQuery(_ filter: PeopleFilter, offset: Int, limit: Int) -> SQLSelectBuilder {
        peopleFilterQuery(sql.select()
            .column(SQLColumn("id", table: "p")).column(SQLColumn("name", table: "p"))
            .column(SQLColumn("position", table: "p")).column(SQLColumn("rank", table: "p"))
            .column(SQLColumn("unit_id", table: "p")).column(SQLColumn("phone", table: "p"))
            .column(SQLColumn("name", table: "u"), as: "unit_name"), filter)
            .orderBy(SQLColumn("sort_order", table: "u")).orderBy(SQLColumn("name", table: "u"))
            .orderBy(SQLColumn("name", table: "p")).orderBy(SQLColumn("id", table: "p"))
            .limit(limit + 1).offset(offset)
    }

    /// `FROM people p JOIN units u` and the filter's conditions: what the list and its count share.
    /// A count without scope or search leaves the units out (every person has a unit).
    func peopleFilterQuery(_ select: SQLSelectBuilder, _ filter: PeopleFilter, joiningUnits: Bool = true) -> SQLSelectBuilder {
        var query = select.from(SQLAlias(SQLIdentifier("people"), as: SQLIdentifier("p")))
        if joiningUnits || filter.scopePath != nil || filter.search != nil {
            query = query.join(SQLAlias(SQLIdentifier("units"), as: SQLIdentifier("u")), method: SQLJoinMethod.inner,
                               on: SQLColumn("id", table: "u"), .equal, SQLColumn("unit_id", table: "p"))
        }
        if let scopePath = filter.scopePath {
            query = query.where(PathPrefix(SQLColumn("path", table: "u"), scopePath))
        }
        if let unitID = filter.unitID {
            query = query.where(SQLColumn("unit_id", table: "p"), .equal, SQLBind(unitID))
        }
        if let matches = SearchPredicate(filter.search, columns: [
            SQLColumn("name", table: "p"), SQLColumn("position", table: "p"), SQLColumn("name", table: "u"),
        ]) {
            query = query.where(matches)
        }
        return query
    }

    public func people(_ filter: PeopleFilter, offset: Int, limit: Int) async throws -> Page<PersonListing> {
        let count = peopleFilterQuery(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all)), filter, joiningUnits: false)
        let rows = try await peopleQuery(filter, offset: offset, limit: limit).column(SQLGroupExpression(count.select), as: "total")
            .all(decoding: PersonListingRow.self, keyDecodingStrategy: .convertFromSnakeCase)
        return Page(items: rows.prefix(limit).map(\.value), offset: offset, limit: limit, hasMore: rows.count > limit,
                    total: rows.first?.total)
    }

    public func person(id: UUID) async throws -> (person: Person, unit: Unit)? {
        guard let person = try await PersonModel.find(id, on: database)?.value,
              let unit = try await unit(id: person.unitID) else { return nil }
        return (person, unit)
    }

    public func peopleCount(scopePath: String?) async throws -> Int {
        var query = sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(SQLAlias(SQLIdentifier("people"), as: SQLIdentifier("p")))
            .join(SQLAlias(SQLIdentifier("units"), as: SQLIdentifier("u")), method: SQLJoinMethod.inner,
                  on: SQLColumn("id", table: "u"), .equal, SQLColumn("unit_id", table: "p"))
        if let scopePath { query = query.where(PathPrefix(SQLColumn("path", table: "u"), scopePath)) }
        return try await query.first(decodingColumn: "n", as: Int.self) ?? 0
    }
}

extension WriteTransaction {
    public func insert(_ person: Person) async throws {
        try await PersonModel(person).create(on: database)
    }

    public func update(_ person: Person) async throws {
        guard let model = try await PersonModel.find(person.id, on: database) else { throw RuleViolation(.recordNotFound) }
        model.apply(person)
        try await model.update(on: database)
    }

    public func person(id: UUID) async throws -> Person? {
        try await PersonModel.find(id, on: database)?.value
    }
}
