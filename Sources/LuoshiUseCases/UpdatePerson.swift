// Use case: change a person; a unit head may neither edit nor move someone outside their scope.
import Foundation
import LuoshiDomain
import LuoshiStorage

public func updatePerson(id: UUID, _ draft: PersonDraft, context: UseCaseContext) async throws -> Person {
    try await context.store.write { tx in try await updatePerson(id: id, draft, in: tx, context: context) }
}

/// The same, inside a transaction the caller holds (imports write many records in one).
func updatePerson(id: UUID, _ draft: PersonDraft, in tx: WriteTransaction, context: UseCaseContext) async throws -> Person {
    let draft = try draft.validated()
    guard let before = try await tx.person(id: id), let currentUnit = try await tx.unit(id: before.unitID) else {
        throw RuleViolation(.recordNotFound)
    }
    try context.performer.caller?.requireWritePeople(inUnitPath: currentUnit.path)
    guard let newUnit = try await tx.unit(id: draft.unitID) else { throw RuleViolation(.fieldInvalidChoice, field: .fieldUnit) }
    try context.performer.caller?.requireWritePeople(inUnitPath: newUnit.path)
    var after = before
    after.name = draft.name; after.position = draft.position; after.rank = draft.rank
    after.unitID = newUnit.id; after.phone = draft.phone
    guard after != before else { return before }
    try await tx.update(after)
    try await tx.record(.update, kind: .person, id: id.uuidString, before: before, after: after, in: context)
    return after
}
