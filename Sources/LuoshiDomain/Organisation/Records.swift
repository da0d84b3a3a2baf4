// The value types that the rest of Luoshi passes around; storage maps its rows to these.
import Foundation

public struct Unit: Equatable, Codable, Sendable {
    public var id: UUID
    public var code: String
    public var name: String
    public var kind: UnitKind
    public var assessmentGroup: AssessmentGroup
    public var parentID: UUID?
    /// Materialised path of ancestor ids, "/root/…/self/", so that a scope is one prefix.
    public var path: String
    public var sortOrder: Int

    public init(id: UUID, code: String, name: String, kind: UnitKind, assessmentGroup: AssessmentGroup,
                parentID: UUID?, path: String, sortOrder: Int) {
        self.id = id; self.code = code; self.name = name; self.kind = kind
        self.assessmentGroup = assessmentGroup; self.parentID = parentID; self.path = path; self.sortOrder = sortOrder
    }
}

public struct Person: Equatable, Codable, Sendable {
    public var id: UUID
    public var name: String
    public var position: String
    public var rank: PersonRank
    public var unitID: UUID
    public var phone: String?

    public init(id: UUID, name: String, position: String, rank: PersonRank, unitID: UUID, phone: String?) {
        self.id = id; self.name = name; self.position = position; self.rank = rank; self.unitID = unitID; self.phone = phone
    }
}

public struct Account: Equatable, Codable, Sendable {
    public var id: UUID
    public var username: String
    public var displayName: String
    public var role: Role
    public var scopeUnitID: UUID
    public var personID: UUID?
    public var language: Language?
    public var isDisabled: Bool
    /// A principal leader's account (书记, 区长) reads all work whatever its role's usual scope.
    public var readsEverything: Bool

    public init(id: UUID, username: String, displayName: String, role: Role, scopeUnitID: UUID,
                personID: UUID?, language: Language?, isDisabled: Bool, readsEverything: Bool = false) {
        self.id = id; self.username = username; self.displayName = displayName; self.role = role
        self.scopeUnitID = scopeUnitID; self.personID = personID; self.language = language; self.isDisabled = isDisabled
        self.readsEverything = readsEverything
    }
}

/// A person with the unit they sit in, as lists show them.
public struct PersonListing: Equatable, Codable, Sendable {
    public var person: Person
    public var unitName: String
    public init(person: Person, unitName: String) { self.person = person; self.unitName = unitName }
}

/// One page of a list, with whether there is a next one (no COUNT(*) on the hot path).
public struct Page<Element: Sendable>: Sendable {
    public var items: [Element]
    public var offset: Int
    public var limit: Int
    public var hasMore: Bool
    /// How many there are in all, where the list counts them (in the same statement as its rows).
    public var total: Int?
    public init(items: [Element], offset: Int, limit: Int, hasMore: Bool, total: Int? = nil) {
        self.items = items; self.offset = offset; self.limit = limit; self.hasMore = hasMore
        // A list whose total rides on its rows has none when it has no rows: from the start, that is 0.
        self.total = total ?? (items.isEmpty && offset == 0 ? 0 : nil)
    }
}
