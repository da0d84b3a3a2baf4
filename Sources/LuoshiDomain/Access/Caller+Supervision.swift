// The access rules of supervision: who writes a task's reports, who signs them off, who verifies
// and closes work, locks periods, urges units and concludes accountability cases, who answers.

extension Caller {
    /// Writing a task's progress report: the person it is assigned to, and the responsible unit's
    /// head and staff. The office verifies reports; it does not write them.
    public func requireWriteReport(task: TaskScope) throws(RuleViolation) {
        if let personID, task.assigneeID == personID { return }
        switch role {
        case .unitHead, .staff:
            guard covers(unitPath: task.responsiblePath) else { throw RuleViolation(.outsideScope) }
        case .admin, .supervisor, .leader, .auditor:
            throw RuleViolation(.roleNotAllowed)
        }
    }

    /// Signing off (审核) or returning a report: the head of the task's responsible unit.
    public func requireSignOff(task: TaskScope) throws(RuleViolation) {
        guard role == .unitHead else { throw RuleViolation(.roleNotAllowed) }
        guard covers(unitPath: task.responsiblePath) else { throw RuleViolation(.outsideScope) }
    }

    /// A unit head's own report needs no second signature.
    public func signsOff(task: TaskScope) -> Bool { (try? requireSignOff(task: task)) != nil }

    /// Verifying results (销号), locking periods, urging units, raising notices, concluding cases,
    /// recomputing lights: the supervision office.
    public func requireSupervise() throws(RuleViolation) {
        guard role == .supervisor else { throw RuleViolation(.roleNotAllowed) }
    }

    public var supervises: Bool { role == .supervisor }

    /// Answering an urge notice or supervision order: the head or staff of the unit it is sent to.
    public func requireReplyNotice(unitPath: String) throws(RuleViolation) {
        switch role {
        case .unitHead, .staff:
            guard covers(unitPath: unitPath) else { throw RuleViolation(.outsideScope) }
        case .admin, .supervisor, .leader, .auditor:
            throw RuleViolation(.roleNotAllowed)
        }
    }

    /// The accountability cases a caller lists, as a filter: a unit head or staff their unit's (and
    /// below it); organisation-wide readers all; a leader those on tasks they read.
    public var caseListing: (unitPath: String?, taskScope: WorkScope?) {
        switch role {
        case .unitHead, .staff: (scopePath, nil)
        default: (nil, taskReadScope)
        }
    }

    /// The reports a caller lists (the sign-off queue, the API's list): of tasks they read, and for
    /// a unit head or staff those of their own unit's tasks (not those their unit co-operates on).
    public var reportListing: (unitPath: String?, taskScope: WorkScope?) {
        (role == .unitHead || role == .staff ? scopePath : nil, taskReadScope)
    }

    /// A unit's or a person's record of criticisms: read by organisation-wide readers and within
    /// the caller's scope (as the unit's people are).
    public func readsCriticisms(ofUnitPath path: String) -> Bool { readsAllUnits || covers(unitPath: path) }

    /// The inspections a caller lists: organisation-wide readers all; others those that heard,
    /// charged or criticised a unit in their scope (the unit path to filter by, or nil for all).
    public var inspectionListing: String? { readsAllUnits ? nil : scopePath }

    /// Notices and accountability cases are read by those who read the task, and by the unit they
    /// concern.
    public func canReadSupervision(task: TaskScope, unitPath: String) -> Bool {
        canRead(task: task) || covers(unitPath: unitPath) && (role == .unitHead || role == .staff)
    }
}
