// Use case: the units a district leader oversees (分管). Whoever oversees a unit reads all its work
// and the work of the units below it. Only district leaders oversee; admins keep the list.
import Foundation
import LuoshiDomain
import LuoshiStorage

/// What a person oversees, as the trail records it.
struct OversightSnapshot: Encodable {
    var overseenUnitIDs: [UUID]
}

public func setOversight(personID: UUID, unitIDs: [UUID], context: UseCaseContext) async throws {
    try context.performer.caller?.requireManageAccounts()
    let wanted = Array(Set(unitIDs)).sorted { $0.uuidString < $1.uuidString }
    try await context.store.write { tx in
        guard let person = try await tx.person(id: personID) else { throw RuleViolation(.recordNotFound) }
        if !wanted.isEmpty && person.rank != .districtLeader { throw RuleViolation(.personNotLeader, field: .fieldOverseenUnits) }
        let units = try await tx.units(ids: Set(wanted))
        guard units.count == wanted.count else { throw RuleViolation(.fieldInvalidChoice, field: .fieldOverseenUnits) }
        let before = try await tx.overseenUnitIDs(personID: personID).sorted { $0.uuidString < $1.uuidString }
        guard before != wanted else { return }
        try await tx.setOverseenUnits(wanted, personID: personID)
        try await tx.record(.update, kind: .person, id: personID.uuidString, before: OversightSnapshot(overseenUnitIDs: before),
                            after: OversightSnapshot(overseenUnitIDs: wanted), in: context)
    }
}
