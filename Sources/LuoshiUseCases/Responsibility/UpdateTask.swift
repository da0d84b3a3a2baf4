// Use case: change a task's plan (title, target, dates, units, leader, milestones). A unit head
// may change only work their unit is responsible for, and a sub-task stays within its parent.
import Foundation
import LuoshiDomain
import LuoshiStorage

public func updateTask(id: UUID, _ draft: TaskDraft, context: UseCaseContext) async throws -> KeyTask {
    try await context.store.write { tx in try await updateTask(id: id, draft, in: tx, context: context) }
}

/// The same, inside a transaction the caller holds (imports write many records in one).
func updateTask(id: UUID, _ draft: TaskDraft, in tx: WriteTransaction, context: UseCaseContext) async throws -> KeyTask {
    let input = try draft.validated()
    guard let before = try await tx.task(id: id) else { throw RuleViolation(.recordNotFound) }
    try context.performer.caller?.requireManage(task: try await tx.scope(of: before))
    var draft = input
    draft.year = before.year
    draft.parentID = before.parentID
    if before.parentID != nil { draft.areaID = before.areaID }
    try await TaskChecks.assignee(of: draft, in: tx)
    try await TaskChecks.references(of: draft, in: tx)
    if let parentID = before.parentID, let parent = try await tx.task(id: parentID) {
        try await TaskChecks.decomposition(of: draft, under: parent, in: tx)
    }
    // The parent may not end before its own sub-tasks.
    if let latest = try await tx.childDeadlines(of: id).max(), latest > draft.deadline {
        throw RuleViolation(.taskDeadlineAfterParent, field: .fieldDeadline)
    }
    if let caller = context.performer.caller, draft.responsibleUnitID != before.responsibleUnitID {
        // Handing work to another unit needs rights over where it goes too.
        let target = try await tx.unit(id: draft.responsibleUnitID)?.path ?? "/"
        try caller.requireManage(task: TaskScope(responsiblePath: target, cooperatingPaths: [], assigneeID: nil))
    }
    var after = before
    after.code = try await TaskChecks.code(for: TaskDraft(year: before.year, code: draft.code ?? before.code, title: draft.title,
                                                          tier: draft.tier, start: draft.start, deadline: draft.deadline,
                                                          responsibleUnitID: draft.responsibleUnitID),
                                           parent: nil, in: tx, excluding: id)
    after.title = draft.title; after.areaID = draft.areaID; after.tier = draft.tier; after.target = draft.target
    after.requirements = draft.requirements; after.start = draft.start; after.deadline = draft.deadline
    after.milestones = draft.milestones; after.leadLeaderID = draft.leadLeaderID ?? before.leadLeaderID
    after.responsibleUnitID = draft.responsibleUnitID; after.cooperatingUnitIDs = draft.cooperatingUnitIDs
    after.assigneeID = draft.assigneeID; after.weight = draft.weight; after.rhythmOverride = draft.rhythmOverride
    // A sub-task carries its key task's decision; a key task's link is the office's to change.
    if before.parentID == nil, draft.decisionID != before.decisionID {
        try context.performer.caller?.requireRegisterWork()
        if let decisionID = draft.decisionID { try await DecisionLink.attach(decisionID, in: tx, context: context) }
        after.decisionID = draft.decisionID
    }
    guard after != before else { return before }
    try await tx.update(after, rolledProgress: try await tx.rolledProgress(taskID: id))
    if after.weight != before.weight, let parentID = after.parentID { try await TaskRollUp.refresh(from: parentID, in: tx, context: context) }
    try await tx.record(.update, kind: .task, id: id.uuidString, before: before, after: after, in: context)
    try await TaskLights.refresh(after, in: tx, context: context)
    return after
}
