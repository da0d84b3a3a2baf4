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
    /// The person the account belongs to, for "my tasks" and a leader's portfolio.
    public var personID: UUID?

    public init(accountID: UUID, displayName: String, role: Role, scopeUnitID: UUID, scopePath: String, language: Language?,
                personID: UUID? = nil) {
        self.accountID = accountID; self.displayName = displayName; self.role = role
        self.scopeUnitID = scopeUnitID; self.scopePath = scopePath; self.language = language; self.personID = personID
    }

    /// Roles that read across the whole organisation (DESIGN.md: supervisors and auditors see all;
    /// district leaders need the directory of every unit they lead or contract).
    public var readsAllUnits: Bool {
        switch role {
        case .admin, .supervisor, .leader, .auditor: true
        case .unitHead, .staff: false
        }
    }

    /// What the caller's task lists are cut to (their unit subtree, and what is assigned to them),
    /// or nil for callers who read every task; the same rule as `canRead(task:)`, as a query filter.
    public var taskReadScope: (path: String, personID: UUID?)? { readsAllUnits ? nil : (scopePath, personID) }

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

    // MARK: Tasks, indicators and key objects (责任机制)

    /// Key tasks, work areas, indicators and key objects are registered by the supervision office.
    public func requireRegisterWork() throws(RuleViolation) {
        guard role == .admin || role == .supervisor else { throw RuleViolation(.roleNotAllowed) }
    }

    /// Whether a task is visible: organisation-wide readers see all; others see work whose
    /// responsible or co-operating unit is in their scope, or that is assigned to them.
    public func canRead(task: TaskScope) -> Bool {
        readsAllUnits || covers(unitPath: task.responsiblePath) || task.cooperatingPaths.contains(where: covers(unitPath:))
            || (personID != nil && task.assigneeID == personID)
    }

    public func requireRead(task: TaskScope) throws(RuleViolation) {
        guard canRead(task: task) else { throw RuleViolation(.outsideScope) }
    }

    /// Changing or decomposing a task: the supervision office anywhere; a unit head only for work
    /// their own unit is responsible for.
    public func requireManage(task: TaskScope) throws(RuleViolation) {
        switch role {
        case .admin, .supervisor: return
        case .unitHead:
            guard covers(unitPath: task.responsiblePath) else { throw RuleViolation(.outsideScope) }
        case .leader, .staff, .auditor:
            throw RuleViolation(.roleNotAllowed)
        }
    }

    /// Reporting on a task (status, progress): whoever may manage it, and the person it is assigned to.
    public func requireReport(task: TaskScope) throws(RuleViolation) {
        if let personID, task.assigneeID == personID { return }
        try requireManage(task: task)
    }

    /// Recording an indicator's reading: the supervision office, or the head of the owning unit.
    public func requireRecordReading(ownerPath: String?) throws(RuleViolation) {
        switch role {
        case .admin, .supervisor: return
        case .unitHead:
            guard let ownerPath, covers(unitPath: ownerPath) else { throw RuleViolation(.outsideScope) }
        case .leader, .staff, .auditor:
            throw RuleViolation(.roleNotAllowed)
        }
    }

    public func requireReadAudit() throws(RuleViolation) {
        guard [.admin, .supervisor, .auditor].contains(role) else { throw RuleViolation(.roleNotAllowed) }
    }
}

/// What the access policy needs to know about a task.
public struct TaskScope: Sendable {
    public var responsiblePath: String
    public var cooperatingPaths: [String]
    public var assigneeID: UUID?
    public init(responsiblePath: String, cooperatingPaths: [String], assigneeID: UUID?) {
        self.responsiblePath = responsiblePath; self.cooperatingPaths = cooperatingPaths; self.assigneeID = assigneeID
    }

    /// A task's scope from the paths of its units (a unit missing from `unitPaths` covers nothing).
    public init(_ task: KeyTask, unitPaths: [UUID: String]) {
        self.init(task, path: { unitPaths[$0] })
    }

    /// The same from the units themselves (the in-memory directory's `byID`), without building a
    /// dictionary of paths for every request or row.
    public init(_ task: KeyTask, units: [UUID: Unit]) {
        self.init(task, path: { units[$0]?.path })
    }

    private init(_ task: KeyTask, path: (UUID) -> String?) {
        self.init(responsiblePath: path(task.responsibleUnitID) ?? "/",
                  cooperatingPaths: task.cooperatingUnitIDs.compactMap(path), assigneeID: task.assigneeID)
    }
}
