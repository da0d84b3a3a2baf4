// Use case: register a key task, or decompose a task into a sub-task for a unit or a person
// (全员责任制). The supervision office registers key tasks; a unit head decomposes their own unit's,
// and their unit's part of a task it co-operates on.
import Foundation
import LuoshiDomain
import LuoshiStorage

public func createTask(_ draft: TaskDraft, context: UseCaseContext) async throws -> KeyTask {
    try await context.store.write { tx in try await createTask(draft, in: tx, context: context) }
}

/// The same, inside a transaction the caller holds (imports write many records in one).
func createTask(_ draft: TaskDraft, in tx: WriteTransaction, context: UseCaseContext) async throws -> KeyTask {
    let input = try draft.validated()
    if input.parentID == nil { try context.performer.caller?.requireRegisterWork() }
    var draft = input
    var parent: KeyTask?
    if let parentID = draft.parentID {
        guard let found = try await tx.task(id: parentID) else { throw RuleViolation(.recordNotFound) }
        if let caller = context.performer.caller {
            let unitPath = try await tx.unit(id: draft.responsibleUnitID)?.path ?? "/"
            try caller.requireDecompose(task: try await tx.scope(of: found), childUnitPath: unitPath)
        }
        guard found.status.isOpen else { throw RuleViolation(.taskParentClosed) }
        parent = found
        draft.year = found.year
        draft.areaID = found.areaID
    }
    try await TaskChecks.assignee(of: draft, in: tx)
    try await TaskChecks.references(of: draft, in: tx)
    if let parent { try await TaskChecks.decomposition(of: draft, under: parent, in: tx) }
    // A key task made from a decision decomposes it (分解落实); a sub-task carries its parent's.
    if parent == nil, let decisionID = draft.decisionID { try await DecisionLink.attach(decisionID, in: tx, context: context) }
    if let parent, let decisionID = draft.decisionID, decisionID != parent.decisionID {
        throw RuleViolation(.fieldInvalidChoice, field: .fieldDecision)
    }
    let code = try await TaskChecks.code(for: draft, parent: parent, in: tx)
    let task = TaskChecks.newTask(draft, code: code, parent: parent)
    let id = task.id
    try await tx.insert(task, rolledProgress: 0)
    if let parent { try await TaskRollUp.refresh(from: parent.id, in: tx, context: context) }
    try await tx.record(.create, kind: .task, id: id.uuidString, before: nil as KeyTask?, after: task, in: context)
    try await TaskLights.refresh(task, in: tx, context: context)
    return task
}

/// A task's light (and its ancestors', whose roll-up it moves) follows each change at once; the
/// daily job recomputes every light as the days pass.
enum TaskLights {
    static func refresh(_ task: KeyTask, in tx: WriteTransaction, context: UseCaseContext) async throws {
        let ids = task.path.split(separator: "/").compactMap { UUID(uuidString: String($0)) } + [task.id]
        _ = try await tx.recomputeLights(taskIDs: Array(Set(ids)), today: context.today, policy: context.lightPolicy)
    }
}

/// What the task checks read about the organisation: from the transaction, one statement at a
/// time, or from the maps a batch read in one statement each (`TaskBatchLookups`).
protocol OrganisationLookups: Sendable {
    func unit(id: UUID) async throws -> Unit?
    func person(id: UUID) async throws -> Person?
    func workAreas(year: Int) async throws -> [WorkArea]
}

extension WriteTransaction: OrganisationLookups {}

/// Checks shared by creating and changing a task, one by one or in a batch.
enum TaskChecks {
    /// A new task as a checked draft makes it, under its parent (which gives it its leader when
    /// the draft names none, and its path): the one-by-one and the bulk path build it here.
    static func newTask(_ draft: TaskDraft, code: String, parent: KeyTask?) -> KeyTask {
        let id = UUID()
        return KeyTask(id: id, year: draft.year, code: code, title: draft.title, areaID: draft.areaID, tier: draft.tier,
                       target: draft.target, requirements: draft.requirements, start: draft.start, deadline: draft.deadline,
                       milestones: draft.milestones, leadLeaderID: draft.leadLeaderID ?? parent?.leadLeaderID,
                       responsibleUnitID: draft.responsibleUnitID, cooperatingUnitIDs: draft.cooperatingUnitIDs,
                       assigneeID: draft.assigneeID, parentID: parent?.id, path: (parent?.path ?? "/") + id.uuidString.lowercased() + "/",
                       weight: draft.weight, progress: 0, status: .notStarted, cancelReason: nil,
                       rhythmOverride: draft.rhythmOverride, decisionID: draft.decisionID ?? parent?.decisionID)
    }

    /// Every id the draft names exists (and the area belongs to the task's year).
    static func references(of draft: TaskDraft, in tx: some OrganisationLookups) async throws {
        guard try await tx.unit(id: draft.responsibleUnitID) != nil else {
            throw RuleViolation(.fieldInvalidChoice, field: .fieldResponsibleUnit)
        }
        for unitID in draft.cooperatingUnitIDs where try await tx.unit(id: unitID) == nil {
            throw RuleViolation(.fieldInvalidChoice, field: .fieldCooperatingUnits)
        }
        if let leaderID = draft.leadLeaderID, try await tx.person(id: leaderID) == nil {
            throw RuleViolation(.personMissing, field: .fieldLeadLeader)
        }
        if let areaID = draft.areaID, !(try await tx.workAreas(year: draft.year).contains { $0.id == areaID }) {
            throw RuleViolation(.fieldInvalidChoice, field: .fieldArea)
        }
    }

    /// A sub-task stays within its parent's deadline and units.
    static func decomposition(of draft: TaskDraft, under parent: KeyTask, in tx: some OrganisationLookups) async throws {
        var allowed: [String] = []
        for unitID in [parent.responsibleUnitID] + parent.cooperatingUnitIDs {
            if let path = try await tx.unit(id: unitID)?.path { allowed.append(path) }
        }
        guard let unit = try await tx.unit(id: draft.responsibleUnitID) else {
            throw RuleViolation(.fieldInvalidChoice, field: .fieldResponsibleUnit)
        }
        try Decomposition.check(childDeadline: draft.deadline, parentDeadline: parent.deadline, unitPath: unit.path,
                                allowedPaths: allowed)
    }

    /// The person a task is assigned to works in its responsible unit (or below it). A person of
    /// another unit is refused, never silently taken as a reason to move the task to their unit.
    static func assignee(of draft: TaskDraft, in tx: some OrganisationLookups) async throws {
        guard let assigneeID = draft.assigneeID else { return }
        guard let person = try await tx.person(id: assigneeID) else { throw RuleViolation(.personMissing, field: .fieldAssignee) }
        guard let unit = try await tx.unit(id: draft.responsibleUnitID) else {
            throw RuleViolation(.fieldInvalidChoice, field: .fieldResponsibleUnit)
        }
        guard let personUnit = try await tx.unit(id: person.unitID), personUnit.path.hasPrefix(unit.path) else {
            throw RuleViolation(.taskAssigneeOutsideUnit, field: .fieldAssignee)
        }
    }

    /// The code as given (unique in its year), or the next free one: 2026-ZD-NN, or the parent's code and a number.
    static func code(for draft: TaskDraft, parent: KeyTask?, in tx: WriteTransaction, excluding id: UUID? = nil,
                     skipping batch: Set<String> = []) async throws -> String {
        // Two writers taking "the next free code" at once would pick the same one.
        try await tx.serialise(on: "task-codes:\(draft.year)")
        if let code = draft.code {
            if try await tx.taskCodeTaken(year: draft.year, code: code, excluding: id) { throw RuleViolation(.taskCodeTaken, field: .fieldCode) }
            return code
        }
        var number = (parent == nil ? try await tx.keyTaskCount(year: draft.year) : try await tx.childCount(taskID: parent!.id)) + 1
        for _ in 0..<(10_000 + batch.count) {
            let code = parent.map { TaskCode.subTask(parentCode: $0.code, number: number) } ?? TaskCode.keyTask(year: draft.year, number: number)
            if !batch.contains(code), try await !tx.taskCodeTaken(year: draft.year, code: code, excluding: id) { return code }
            number += 1
        }
        throw RuleViolation(.taskCodeTaken, field: .fieldCode)
    }
}
