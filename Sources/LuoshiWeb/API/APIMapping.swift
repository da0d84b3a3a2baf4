// Between the domain's values and the API's generated types.
import Foundation
import LuoshiAPI
import LuoshiDomain

enum APIMapping {
    static func id(_ uuid: UUID) -> String { uuid.uuidString.lowercased() }

    /// A malformed id in a path names nothing: not found.
    static func pathID(_ text: String) throws(RuleViolation) -> UUID {
        guard let id = UUID(uuidString: text) else { throw RuleViolation(.recordNotFound) }
        return id
    }

    static func unit(_ unit: Unit) -> Components.Schemas.Unit {
        .init(id: id(unit.id), code: unit.code, name: unit.name,
              kind: Components.Schemas.UnitKind(rawValue: unit.kind.rawValue) ?? .department,
              assessmentGroup: Components.Schemas.AssessmentGroup(rawValue: unit.assessmentGroup.rawValue) ?? .notAssessed,
              parentId: unit.parentID.map(id), sortOrder: unit.sortOrder)
    }

    static func person(_ listing: PersonListing) -> Components.Schemas.Person {
        let person = listing.person
        return .init(id: id(person.id), name: person.name, position: person.position,
                     rank: Components.Schemas.PersonRank(rawValue: person.rank.rawValue) ?? .staff,
                     unitId: id(person.unitID), unitName: listing.unitName, phone: person.phone)
    }

    static func account(_ account: Account) -> Components.Schemas.Account {
        .init(id: id(account.id), username: account.username, displayName: account.displayName,
              role: Components.Schemas.Role(rawValue: account.role.rawValue) ?? .staff,
              scopeUnitId: id(account.scopeUnitID), personId: account.personID.map(id),
              language: account.language.flatMap { Components.Schemas.Language(rawValue: $0.rawValue) },
              disabled: account.isDisabled, readsEverything: account.readsEverything)
    }

    static func unitDraft(_ body: Components.Schemas.UnitInput) throws(RuleViolation) -> UnitDraft {
        UnitDraft(code: body.code, name: body.name,
                  kind: try Parse.requiredChoice(body.kind.rawValue, as: UnitKind.self, field: .fieldKind),
                  assessmentGroup: try Parse.choice(body.assessmentGroup?.rawValue, as: AssessmentGroup.self, field: .fieldAssessmentGroup),
                  parentID: try strictID(body.parentId, field: .fieldParent), sortOrder: try wholeNumber(body.sortOrder))
    }

    /// The document allows 3.0 for 3 (JSON has one number type) but not 3.5.
    static func wholeNumber(_ value: Double?) throws(RuleViolation) -> Int {
        guard let value else { return 0 }
        guard value.rounded() == value, abs(value) <= 100_000 else { throw RuleViolation(.fieldOutOfRange, field: .fieldSortOrder) }
        return Int(value)
    }

    /// An id given in a query or a body must be one; an empty one is not "none".
    /// A change (PATCH) names at least one property (minProperties: 1 in the document, which the
    /// generated code does not check): an empty one is malformed, not a silent no-op.
    static func requireSomeProperty<Body: Encodable>(_ body: Body) throws(RuleViolation) {
        guard let data = try? JSONEncoder().encode(body), data != Data("{}".utf8) else { throw RuleViolation(.malformedRequest) }
    }

    /// Ids in a body's list; one that is not an id refuses the field.
    static func ids(_ texts: [String]?, field: L10nKey) throws(RuleViolation) -> [UUID] {
        var result: [UUID] = []
        for text in texts ?? [] {
            guard let id = UUID(uuidString: text) else { throw RuleViolation(.fieldInvalidChoice, field: field) }
            result.append(id)
        }
        return result
    }

    static func day(_ text: String?, field: L10nKey) throws(RuleViolation) -> Day? {
        guard let text else { return nil }
        guard let day = Day(text) else { throw RuleViolation(.fieldInvalidDay, field: field) }
        return day
    }

    static func strictID(_ text: String?, field: L10nKey) throws(RuleViolation) -> UUID? {
        guard let text else { return nil }
        guard let id = UUID(uuidString: text) else { throw RuleViolation(.fieldInvalidChoice, field: field) }
        return id
    }

    static func personDraft(_ body: Components.Schemas.PersonInput) throws(RuleViolation) -> PersonDraft {
        PersonDraft(name: body.name, position: body.position,
                    rank: try Parse.requiredChoice(body.rank.rawValue, as: PersonRank.self, field: .fieldRank),
                    unitID: try Parse.requiredUUID(body.unitId, field: .fieldUnit), phone: body.phone)
    }
}
