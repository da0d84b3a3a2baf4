// Use case: add a person to a unit (admins anywhere, unit heads within their scope).
import Foundation
import LuoshiDomain
import LuoshiStorage

public func createPerson(_ draft: PersonDraft, context: UseCaseContext) async throws -> Person {
    try await context.store.write { tx in try await createPerson(draft, in: tx, context: context) }
}

/// The same, inside a transaction the caller holds (imports write many records in one).
func createPerson(_ draft: PersonDraft, in tx: WriteTransaction, context: UseCaseContext) async throws -> Person {
    let draft = try draft.validated()
    guard let unit = try await tx.unit(id: draft.unitID) else { throw RuleViolation(.fieldInvalidChoice, field: .fieldUnit) }
    try context.performer.caller?.requireWritePeople(inUnitPath: unit.path)
    let person = Person(id: UUID(), name: draft.name, position: draft.position, rank: draft.rank,
                        unitID: unit.id, phone: draft.phone)
    try await tx.insert(person)
    try await tx.record(.create, kind: .person, id: person.id.uuidString, before: nil as Person?, after: person, in: context)
    return person
}
