// Use case: create a unit in the tree.
import Foundation
import LuoshiDomain
import LuoshiStorage

public func createUnit(_ draft: UnitDraft, context: UseCaseContext) async throws -> Unit {
    try await context.store.write { tx in try await createUnit(draft, in: tx, context: context) }
}

/// The same, inside a transaction the caller holds (imports write many records in one).
func createUnit(_ draft: UnitDraft, in tx: WriteTransaction, context: UseCaseContext) async throws -> Unit {
    try context.performer.caller?.requireManageUnits()
    let draft = try draft.validated()
    let parent: Unit?
    if let parentID = draft.parentID {
        guard let found = try await tx.unit(id: parentID) else { throw RuleViolation(.unitParentMissing, field: .fieldParent) }
        parent = found
    } else {
        parent = nil
    }
    if try await tx.unitCodeTaken(draft.code, excluding: nil) { throw RuleViolation(.unitCodeTaken, field: .fieldCode) }
    let id = UUID()
    let unit = Unit(id: id, code: draft.code, name: draft.name, kind: draft.kind,
                    assessmentGroup: draft.assessmentGroup ?? draft.kind.defaultAssessmentGroup,
                    parentID: parent?.id, path: UnitTree.path(for: id, underParentPath: parent?.path),
                    sortOrder: draft.sortOrder)
    try await tx.insert(unit)
    try await tx.record(.create, kind: .unit, id: id.uuidString, before: nil as Unit?, after: unit, in: context)
    return unit
}
