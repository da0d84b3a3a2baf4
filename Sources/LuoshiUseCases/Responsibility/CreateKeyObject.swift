// Use cases: register a key object (重点项目/招商区域/重点村) with its contracted leader and the powers
// delegated to them, linked to tasks and indicators; and change one. Both apply the same checks.
import Foundation
import LuoshiDomain
import LuoshiStorage

public func createKeyObject(_ draft: KeyObject, context: UseCaseContext) async throws -> KeyObject {
    try await context.store.write { tx in try await createKeyObject(draft, in: tx, context: context) }
}

/// The same, inside a transaction the caller holds (imports).
func createKeyObject(_ draft: KeyObject, in tx: WriteTransaction, context: UseCaseContext) async throws -> KeyObject {
    try context.performer.caller?.requireRegisterWork()
    var object = try KeyObjectChecks.cleaned(draft)
    object.id = UUID()
    try FieldRules.code(object.code, field: .fieldCode)
    guard (2000...2100).contains(object.year) else { throw RuleViolation(.fieldOutOfRange, field: .fieldYear) }
    if try await tx.keyObjectCodeTaken(year: object.year, code: object.code) { throw RuleViolation(.keyObjectCodeTaken, field: .fieldCode) }
    try await KeyObjectChecks.links(object, tx: tx)
    try await tx.insert(object)
    try await tx.record(.create, kind: .keyObject, id: object.id.uuidString, before: nil as KeyObject?, after: object, in: context)
    return object
}

/// Changes a key object's fields and links; its year, kind and code are its identity and stay.
public func updateKeyObject(id: UUID, _ change: @escaping @Sendable (inout KeyObject) throws -> Void, context: UseCaseContext) async throws -> KeyObject {
    try await context.store.write { tx in
        try context.performer.caller?.requireRegisterWork()
        guard let before = try await tx.keyObject(id: id) else { throw RuleViolation(.recordNotFound) }
        var draft = before
        try change(&draft)
        return try await updateKeyObject(before, to: draft, in: tx, context: context)
    }
}

func updateKeyObject(_ before: KeyObject, to draft: KeyObject, in tx: WriteTransaction, context: UseCaseContext) async throws -> KeyObject {
    try context.performer.caller?.requireRegisterWork()
    var after = try KeyObjectChecks.cleaned(draft)
    after.id = before.id; after.year = before.year; after.kind = before.kind; after.code = before.code
    try await KeyObjectChecks.links(after, tx: tx)
    guard !KeyObjectChecks.same(before, after) else { return before }
    try await tx.update(after)
    try await tx.record(.update, kind: .keyObject, id: before.id.uuidString, before: before, after: after, in: context)
    return after
}

enum KeyObjectChecks {
    /// Trims the texts and checks each field on its own.
    static func cleaned(_ draft: KeyObject) throws(RuleViolation) -> KeyObject {
        var object = draft
        object.code = draft.code.trimmingCharacters(in: .whitespaces)
        object.name = draft.name.trimmingCharacters(in: .whitespacesAndNewlines)
        object.delegatedPowers = draft.delegatedPowers.trimmingCharacters(in: .whitespacesAndNewlines)
        object.location = draft.location.trimmingCharacters(in: .whitespacesAndNewlines)
        try FieldRules.text(object.name, field: .fieldName, maxLength: 200)
        if !object.delegatedPowers.isEmpty { try FieldRules.text(object.delegatedPowers, field: .fieldDelegatedPowers, maxLength: 2000) }
        if !object.location.isEmpty { try FieldRules.text(object.location, field: .fieldLocation, maxLength: 200) }
        for amount in [object.investmentTotal, object.plannedInvestment].compactMap({ $0 }) where !(amount.isFinite && amount >= 0 && amount < 1e12) {
            throw RuleViolation(.fieldOutOfRange, field: .fieldInvestmentTotal)
        }
        if let start = object.start, let end = object.completion, end < start {
            throw RuleViolation(.taskDeadlineBeforeStart, field: .fieldCompletionDate)
        }
        var seen = Set<UUID>()
        object.taskIDs = object.taskIDs.filter { seen.insert($0).inserted }
        object.indicatorIDs = object.indicatorIDs.filter { seen.insert($0).inserted }
        return object
    }

    /// The unit, the contracted leader (a district leader) and the linked records exist.
    static func links(_ object: KeyObject, tx: WriteTransaction) async throws {
        guard try await tx.unit(id: object.responsibleUnitID) != nil else { throw RuleViolation(.fieldInvalidChoice, field: .fieldResponsibleUnit) }
        if let leaderID = object.contractedLeaderID {
            guard let leader = try await tx.person(id: leaderID) else { throw RuleViolation(.personMissing, field: .fieldContractedLeader) }
            // 分包领导 are district leaders: a 科员 cannot contract a project.
            guard leader.rank == .districtLeader else { throw RuleViolation(.personNotLeader, field: .fieldContractedLeader) }
        }
        for taskID in object.taskIDs where try await tx.task(id: taskID) == nil { throw RuleViolation(.fieldInvalidChoice, field: .keyObjectLinkedTasks) }
        for indicatorID in object.indicatorIDs where try await tx.indicator(id: indicatorID) == nil {
            throw RuleViolation(.fieldInvalidChoice, field: .keyObjectLinkedIndicators)
        }
    }

    /// The same object, links compared as sets (their order is not kept).
    static func same(_ a: KeyObject, _ b: KeyObject) -> Bool {
        var plainA = a, plainB = b
        plainA.taskIDs = []; plainB.taskIDs = []; plainA.indicatorIDs = []; plainB.indicatorIDs = []
        return plainA == plainB && Set(a.taskIDs) == Set(b.taskIDs) && Set(a.indicatorIDs) == Set(b.indicatorIDs)
    }
}
