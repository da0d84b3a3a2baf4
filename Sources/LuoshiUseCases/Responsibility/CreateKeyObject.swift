// Use case: register a key object (重点项目/招商区域/重点村) with its contracted leader and the powers
// delegated to them, linked to tasks and indicators.
import Foundation
import LuoshiDomain
import LuoshiStorage

public func createKeyObject(_ draft: KeyObject, context: UseCaseContext) async throws -> KeyObject {
    try context.performer.caller?.requireRegisterWork()
    var object = draft
    object.id = UUID()
    object.code = draft.code.trimmingCharacters(in: .whitespaces)
    object.name = draft.name.trimmingCharacters(in: .whitespacesAndNewlines)
    object.delegatedPowers = draft.delegatedPowers.trimmingCharacters(in: .whitespacesAndNewlines)
    object.location = draft.location.trimmingCharacters(in: .whitespacesAndNewlines)
    try FieldRules.code(object.code, field: .fieldCode)
    try FieldRules.text(object.name, field: .fieldName, maxLength: 200)
    if !object.delegatedPowers.isEmpty { try FieldRules.text(object.delegatedPowers, field: .fieldDelegatedPowers, maxLength: 2000) }
    if !object.location.isEmpty { try FieldRules.text(object.location, field: .fieldLocation, maxLength: 200) }
    for amount in [object.investmentTotal, object.plannedInvestment].compactMap({ $0 }) where !(amount.isFinite && amount >= 0 && amount < 1e12) {
        throw RuleViolation(.fieldOutOfRange, field: .fieldInvestmentTotal)
    }
    if let start = object.start, let end = object.completion, end < start {
        throw RuleViolation(.taskDeadlineBeforeStart, field: .fieldCompletionDate)
    }
    let input = object
    return try await context.store.write { tx in
        if try await tx.keyObjectCodeTaken(year: input.year, code: input.code) { throw RuleViolation(.keyObjectCodeTaken, field: .fieldCode) }
        guard try await tx.unit(id: input.responsibleUnitID) != nil else { throw RuleViolation(.fieldInvalidChoice, field: .fieldResponsibleUnit) }
        if let leaderID = input.contractedLeaderID {
            guard let leader = try await tx.person(id: leaderID) else { throw RuleViolation(.personMissing, field: .fieldContractedLeader) }
            // 分包领导 are district leaders: a 科员 cannot contract a project.
            guard leader.rank == .districtLeader else { throw RuleViolation(.personNotLeader, field: .fieldContractedLeader) }
        }
        for taskID in input.taskIDs where try await tx.task(id: taskID) == nil { throw RuleViolation(.fieldInvalidChoice, field: .keyObjectLinkedTasks) }
        for indicatorID in input.indicatorIDs where try await tx.indicator(id: indicatorID) == nil {
            throw RuleViolation(.fieldInvalidChoice, field: .keyObjectLinkedIndicators)
        }
        try await tx.insert(input)
        try await tx.record(.create, kind: .keyObject, id: input.id.uuidString, before: nil as KeyObject?, after: input, in: context)
        return input
    }
}
