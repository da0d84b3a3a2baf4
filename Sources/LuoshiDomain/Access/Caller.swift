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
    /// A principal leader (书记, 区长) reads all work: a setting of the account, not of the role.
    public var readsEverything: Bool
    /// For a leader: the units they oversee (分管) and the tasks of the key objects they contract.
    public var oversight: Oversight

    public init(accountID: UUID, displayName: String, role: Role, scopeUnitID: UUID, scopePath: String, language: Language?,
                personID: UUID? = nil, readsEverything: Bool = false, oversight: Oversight = Oversight()) {
        self.accountID = accountID; self.displayName = displayName; self.role = role
        self.scopeUnitID = scopeUnitID; self.scopePath = scopePath; self.language = language; self.personID = personID
        self.readsEverything = readsEverything; self.oversight = oversight
    }

    /// What a leader oversees beyond the work they lead: 分管 units (and all below them) and the
    /// tasks of the key objects they contract (and their sub-tasks).
    public struct Oversight: Equatable, Sendable {
        public var unitPaths: [String]
        public var taskPaths: [String]
        public init(unitPaths: [String] = [], taskPaths: [String] = []) { self.unitPaths = unitPaths; self.taskPaths = taskPaths }
    }

    /// Which work (tasks, indicators, key objects) the caller reads: the one rule behind every
    /// list filter and every single-record check.
    /// - supervisors, auditors and admins: everything; so does an account set to read everything;
    /// - a leader: what they lead (and below it), contract, or oversee;
    /// - a unit head or staff: their unit's work (and below it), what it co-operates on, and what is
    ///   assigned to them.
    public var workScope: WorkScope {
        switch role {
        case .admin, .supervisor, .auditor: return .everything
        case .leader:
            if readsEverything { return .everything }
            return WorkScope(unitPaths: oversight.unitPaths, personID: personID, taskPaths: oversight.taskPaths)
        case .unitHead, .staff:
            return WorkScope(unitPaths: [scopePath], personID: personID, taskPaths: [])
        }
    }

    /// Roles that read across the whole organisation (DESIGN.md: supervisors and auditors see all;
    /// district leaders need the directory of every unit they lead or contract).
    public var readsAllUnits: Bool {
        switch role {
        case .admin, .supervisor, .leader, .auditor: true
        case .unitHead, .staff: false
        }
    }

    /// What the caller's task lists are cut to, or nil for callers who read every task; the same
    /// rule as `canRead(task:)`, as a query filter.
    public var taskReadScope: WorkScope? { workScope.isEverything ? nil : workScope }

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
    public func canRead(task: TaskScope) -> Bool { workScope.includes(task) }

    public func requireRead(task: TaskScope) throws(RuleViolation) {
        guard canRead(task: task) else { throw RuleViolation(.outsideScope) }
    }

    /// Changing a task: the supervision office anywhere; a unit head only for work their own unit
    /// is responsible for.
    public func requireManage(task: TaskScope) throws(RuleViolation) {
        switch role {
        case .admin, .supervisor: return
        case .unitHead:
            guard covers(unitPath: task.responsiblePath) else { throw RuleViolation(.outsideScope) }
        case .leader, .staff, .auditor:
            throw RuleViolation(.roleNotAllowed)
        }
    }

    /// Decomposing a task into a sub-task for a unit: whoever may manage the task; and a unit head
    /// for their part of a task their unit co-operates on (a sub-task for a unit in their scope).
    public func requireDecompose(task: TaskScope, childUnitPath: String) throws(RuleViolation) {
        if role == .unitHead, task.cooperatingPaths.contains(where: covers(unitPath:)) {
            guard covers(unitPath: childUnitPath) else { throw RuleViolation(.outsideScope) }
            return
        }
        try requireManage(task: task)
    }

    /// Whether the caller may add sub-tasks to this task (for some unit).
    public func mayDecompose(task: TaskScope) -> Bool {
        (try? requireManage(task: task)) != nil || (role == .unitHead && task.cooperatingPaths.contains(where: covers(unitPath:)))
    }

    /// Reading an indicator or a key object: by the unit that owns it (or the person), the
    /// leader who contracts it, or a task of it that the caller reads.
    public func canReadWork(ownerUnitPath: String?, personIDs: [UUID]) -> Bool {
        switch workScope {
        case .everything: return true
        case .limited(let unitPaths, let personID, _):
            if let ownerUnitPath, unitPaths.contains(where: { ownerUnitPath.hasPrefix($0) }) { return true }
            return personID.map(personIDs.contains) ?? false
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

/// The work a caller reads (`Caller.workScope`).
public enum WorkScope: Equatable, Sendable {
    case everything
    /// Work whose responsible or co-operating unit lies under one of `unitPaths`; work led by or
    /// assigned to `personID`; and work under one of `taskPaths` (a task and its sub-tasks).
    case limited(unitPaths: [String], personID: UUID?, taskPaths: [String])

    public init(unitPaths: [String], personID: UUID?, taskPaths: [String]) {
        self = .limited(unitPaths: unitPaths, personID: personID, taskPaths: taskPaths)
    }

    public var isEverything: Bool { self == .everything }

    public func includes(_ task: TaskScope) -> Bool {
        switch self {
        case .everything: return true
        case .limited(let unitPaths, let personID, let taskPaths):
            let covered = { (path: String) in unitPaths.contains { path.hasPrefix($0) } }
            if covered(task.responsiblePath) || task.cooperatingPaths.contains(where: covered) { return true }
            if let personID, task.assigneeID == personID || task.leadLeaderID == personID { return true }
            return taskPaths.contains { task.path.hasPrefix($0) }
        }
    }
}

/// What the access policy needs to know about a task.
public struct TaskScope: Sendable {
    public var responsiblePath: String
    public var cooperatingPaths: [String]
    public var assigneeID: UUID?
    public var leadLeaderID: UUID?
    /// The task's own path (its ancestors' ids), for "a task and everything below it".
    public var path: String
    public init(responsiblePath: String, cooperatingPaths: [String], assigneeID: UUID?, leadLeaderID: UUID? = nil, path: String = "") {
        self.responsiblePath = responsiblePath; self.cooperatingPaths = cooperatingPaths; self.assigneeID = assigneeID
        self.leadLeaderID = leadLeaderID; self.path = path
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
                  cooperatingPaths: task.cooperatingUnitIDs.compactMap(path), assigneeID: task.assigneeID,
                  leadLeaderID: task.leadLeaderID, path: task.path)
    }
}

extension Caller {
    /// An indicator is read by those whose scope holds its owning unit (or who own it themselves).
    public func canRead(indicator: Indicator, units: [UUID: Unit]) -> Bool {
        canReadWork(ownerUnitPath: indicator.ownerUnitID.flatMap { units[$0]?.path }, personIDs: [indicator.ownerPersonID].compactMap { $0 })
    }

    /// A key object is read by those whose scope holds its responsible unit, and by its contracted leader.
    public func canRead(keyObject: KeyObject, units: [UUID: Unit]) -> Bool {
        canReadWork(ownerUnitPath: units[keyObject.responsibleUnitID]?.path, personIDs: [keyObject.contractedLeaderID].compactMap { $0 })
    }

    public func requireRead(indicator: Indicator, units: [UUID: Unit]) throws(RuleViolation) {
        guard canRead(indicator: indicator, units: units) else { throw RuleViolation(.outsideScope) }
    }

    public func requireRead(keyObject: KeyObject, units: [UUID: Unit]) throws(RuleViolation) {
        guard canRead(keyObject: keyObject, units: units) else { throw RuleViolation(.outsideScope) }
    }
}
