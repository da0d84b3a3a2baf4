// Use case: move a task to another status and/or set its own progress. Cancelling needs a reason;
// completing sets progress to 100. The roll-up of every ancestor follows in the same transaction.
// Those who manage the task may do this, and so may the person a sub-task is assigned to.
import Foundation
import LuoshiDomain
import LuoshiStorage

public func changeTaskStatus(id: UUID, to status: TaskStatus, progress: Int?, reason: String?,
                             context: UseCaseContext) async throws -> KeyTask {
    // Refused before anything is read (the same rule the inner function applies for imports).
    if status == .completed && context.performer.caller != nil { throw RuleViolation(.taskCompleteByClosure, field: .fieldStatus2) }
    return try await context.store.write { tx in
        try await changeTaskStatus(id: id, to: status, progress: progress, reason: reason, in: tx, context: context)
    }
}

/// The same, inside a transaction the caller holds. A person completes work only through the
/// office's verification of a reported result (`closeTask`, `closing`), never in one click, and
/// not by an import either; the system itself (the operator's import, the demo) may.
/// `refreshingLights: false` leaves the light to a caller that changes more of the task.
func changeTaskStatus(id: UUID, to status: TaskStatus, progress: Int?, reason: String?, closing: Bool = false,
                      refreshingLights: Bool = true, in tx: WriteTransaction, context: UseCaseContext) async throws -> KeyTask {
    guard let before = try await tx.task(id: id) else { throw RuleViolation(.recordNotFound) }
    try context.performer.caller?.requireReport(task: try await tx.scope(of: before))
    if status == .completed && before.status != .completed && !closing && context.performer.caller != nil {
        throw RuleViolation(.taskCompleteByClosure, field: .fieldStatus2)
    }
    let rolledUp = progress == nil ? false : try await tx.childNodes(of: id).contains { $0.status != .cancelled }
    let after = try TaskReport.applied(to: before, status: status, progress: progress, reason: reason, hasSubTasks: rolledUp)
    guard after != before else { return before }
    try await tx.update(after, rolledProgress: try await tx.rolledProgress(taskID: id))
    try await TaskRollUp.refresh(from: id, in: tx, context: context)
    try await tx.record(.update, kind: .task, id: id.uuidString, before: before, after: after, in: context)
    if refreshingLights { try await TaskLights.refresh(after, in: tx, context: context) }
    return after
}

/// The rules of a status and progress report on one task, apart from who may make it.
enum TaskReport {
    /// A task with (uncancelled) sub-tasks has no progress of its own to report: its figure is
    /// their roll-up (`Decomposition.rolledUpProgress`), on every page, in the API and in exports.
    static func applied(to before: KeyTask, status: TaskStatus, progress: Int?, reason: String?,
                        hasSubTasks: Bool) throws(RuleViolation) -> KeyTask {
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfBlank
        if let progress, !(0...100).contains(progress) { throw RuleViolation(.fieldOutOfRange, field: .fieldProgress) }
        if progress != nil && hasSubTasks && status != .completed { throw RuleViolation(.taskProgressRolledUp, field: .fieldProgress) }
        if let reason { try FieldRules.text(reason, field: .fieldCancelReason, maxLength: 500) }
        guard before.status.canMove(to: status) else { throw RuleViolation(.taskStatusMove, field: .fieldStatus2) }
        if status == .cancelled && reason == nil { throw RuleViolation(.taskCancelNeedsReason, field: .fieldCancelReason) }
        var after = before
        after.status = status
        after.cancelReason = status == .cancelled ? reason : nil
        if status == .completed { after.progress = 100 } else if let progress { after.progress = progress }
        if after.status == .notStarted && after.progress > 0 { after.status = .inProgress }
        return after
    }
}

extension String {
    var nilIfBlank: String? { isEmpty ? nil : self }
}
