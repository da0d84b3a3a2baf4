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

/// Bulk path: many people at once, under the same rules, their units read in one statement and
/// their rows written 200 to a statement.
func createPeople(_ drafts: [PersonDraft], in tx: WriteTransaction, context: UseCaseContext) async throws -> [Person] {
    let units = try await tx.units(ids: Set(drafts.map(\.unitID)))
    var people: [Person] = []
    people.reserveCapacity(drafts.count)
    for draft in drafts {
        let draft = try draft.validated()
        guard let unit = units[draft.unitID] else { throw RuleViolation(.fieldInvalidChoice, field: .fieldUnit) }
        try context.performer.caller?.requireWritePeople(inUnitPath: unit.path)
        people.append(Person(id: UUID(), name: draft.name, position: draft.position, rank: draft.rank, unitID: unit.id, phone: draft.phone))
    }
    try await tx.insert(people: people)
    for person in people {
        try await tx.record(.create, kind: .person, id: person.id.uuidString, before: nil as Person?, after: person, in: context)
    }
    return people
}
