// Use case: change a unit, possibly moving it (and its sub-units) elsewhere in the tree.
import Foundation
import LuoshiDomain
import LuoshiStorage

public func updateUnit(id: UUID, _ draft: UnitDraft, context: UseCaseContext) async throws -> Unit {
    try await context.store.write { tx in try await updateUnit(id: id, draft, in: tx, context: context) }
}

/// The same, inside a transaction the caller holds (imports write many records in one).
func updateUnit(id: UUID, _ draft: UnitDraft, in tx: WriteTransaction, context: UseCaseContext) async throws -> Unit {
    try context.performer.caller?.requireManageUnits()
    let draft = try draft.validated()
    guard let before = try await tx.unit(id: id) else { throw RuleViolation(.recordNotFound) }
    var parentPath: String?
    if let parentID = draft.parentID {
        guard let parent = try await tx.unit(id: parentID) else { throw RuleViolation(.unitParentMissing, field: .fieldParent) }
        try UnitTree.checkMove(unitPath: before.path, toParentPath: parent.path)
        parentPath = parent.path
    }
    if try await tx.unitCodeTaken(draft.code, excluding: id) { throw RuleViolation(.unitCodeTaken, field: .fieldCode) }
    var after = before
    after.code = draft.code; after.name = draft.name; after.kind = draft.kind
    after.assessmentGroup = draft.assessmentGroup ?? before.assessmentGroup
    after.parentID = draft.parentID; after.sortOrder = draft.sortOrder
    after.path = UnitTree.path(for: id, underParentPath: parentPath)
    guard after != before else { return before }
    try await tx.update(after)
    if after.path != before.path { try await tx.rebaseDescendants(from: before.path, to: after.path) }
    try await tx.record(.update, kind: .unit, id: id.uuidString, before: before, after: after, in: context)
    return after
}
