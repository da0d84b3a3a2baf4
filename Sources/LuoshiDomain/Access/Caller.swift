// Who is acting, and the access policy: what each role may read and change, within which units.
// Scope is a unit subtree, expressed as the materialised path prefix of the account's scope unit.
import Foundation

public struct Caller: Equatable, Sendable {
    public var accountID: UUID
    public var displayName: String
    public var role: Role
    public var scopeUnitID: UUID
    public var scopePath: String
    public var language: Language?

    public init(accountID: UUID, displayName: String, role: Role, scopeUnitID: UUID, scopePath: String, language: Language?) {
        self.accountID = accountID; self.displayName = displayName; self.role = role
        self.scopeUnitID = scopeUnitID; self.scopePath = scopePath; self.language = language
    }

    /// Roles that read across the whole organisation (DESIGN.md: supervisors and auditors see all;
    /// district leaders need the directory of every unit they lead or contract).
    public var readsAllUnits: Bool {
        switch role {
        case .admin, .supervisor, .leader, .auditor: true
        case .unitHead, .staff: false
        }
    }

    /// The path prefix the caller's people queries are limited to, or nil for everyone.
    public var peopleScopePath: String? { readsAllUnits ? nil : scopePath }

    public func covers(unitPath: String) -> Bool { unitPath.hasPrefix(scopePath) }

    public func requireReadPeople(inUnitPath unitPath: String) throws(RuleViolation) {
        guard readsAllUnits || covers(unitPath: unitPath) else { throw RuleViolation(.outsideScope) }
    }

    /// Admins keep the whole directory; a unit head keeps their own unit's (and its sub-units') people.
    public func requireWritePeople(inUnitPath unitPath: String) throws(RuleViolation) {
        switch role {
        case .admin: return
        case .unitHead:
            guard covers(unitPath: unitPath) else { throw RuleViolation(.outsideScope) }
        case .supervisor, .leader, .staff, .auditor:
            throw RuleViolation(.roleNotAllowed)
        }
    }

    public var mayWritePeople: Bool { role == .admin || role == .unitHead }

    public func requireManageUnits() throws(RuleViolation) {
        guard role == .admin else { throw RuleViolation(.roleNotAllowed) }
    }

    public func requireManageAccounts() throws(RuleViolation) {
        guard role == .admin else { throw RuleViolation(.roleNotAllowed) }
    }

    public func requireReadAccounts() throws(RuleViolation) {
        guard role == .admin || role == .auditor else { throw RuleViolation(.roleNotAllowed) }
    }

    public func requireReadAudit() throws(RuleViolation) {
        guard [.admin, .supervisor, .auditor].contains(role) else { throw RuleViolation(.roleNotAllowed) }
    }
}
