// Use cases: define an indicator (or one of its parts), and record a reading of it.
import Foundation
import LuoshiDomain
import LuoshiStorage

public struct IndicatorDraft: Sendable {
    public var year: Int
    public var code: String
    public var name: String
    public var measure: MeasureUnit
    public var direction: Direction
    public var period: String
    public var baseline: Double
    public var target: Double
    public var ownerUnitID: UUID?
    public var ownerPersonID: UUID?
    public var parentID: UUID?
    public var rollUp: RollUp
    public var completionCap: Double

    public init(year: Int, code: String, name: String, measure: MeasureUnit, direction: Direction = .higherIsBetter,
                period: String? = nil, baseline: Double = 0, target: Double, ownerUnitID: UUID?, ownerPersonID: UUID? = nil,
                parentID: UUID? = nil, rollUp: RollUp = .sum, completionCap: Double = 1.2) {
        self.year = year; self.code = code; self.name = name; self.measure = measure; self.direction = direction
        self.period = period ?? String(year); self.baseline = baseline; self.target = target; self.ownerUnitID = ownerUnitID
        self.ownerPersonID = ownerPersonID; self.parentID = parentID; self.rollUp = rollUp; self.completionCap = completionCap
    }
}

public func createIndicator(_ draft: IndicatorDraft, context: UseCaseContext) async throws -> Indicator {
    try await context.store.write { tx in try await createIndicator(draft, in: tx, context: context) }
}

/// The same, inside a transaction the caller holds (imports write many records in one).
func createIndicator(_ draft: IndicatorDraft, in tx: WriteTransaction, context: UseCaseContext) async throws -> Indicator {
    try context.performer.caller?.requireRegisterWork()
    let code = draft.code.trimmingCharacters(in: .whitespaces)
    let name = draft.name.trimmingCharacters(in: .whitespacesAndNewlines)
    let period = draft.period.trimmingCharacters(in: .whitespaces)
    try FieldRules.code(code, field: .fieldCode)
    try FieldRules.text(name, field: .fieldName, maxLength: 100)
    try FieldRules.text(period, field: .fieldPeriod, maxLength: 20)
    guard (2000...2100).contains(draft.year) else { throw RuleViolation(.fieldOutOfRange, field: .fieldYear) }
    guard draft.target.isFinite, draft.baseline.isFinite, abs(draft.target) < 1e15, abs(draft.baseline) < 1e15 else {
        throw RuleViolation(.fieldOutOfRange, field: .fieldTargetValue)
    }
    guard (1...10).contains(draft.completionCap) else { throw RuleViolation(.fieldOutOfRange, field: .fieldCompletionCap) }
    guard (draft.ownerUnitID == nil) != (draft.ownerPersonID == nil) else { throw RuleViolation(.indicatorOwnerRequired, field: .fieldOwner) }
    if try await tx.indicatorCodeTaken(year: draft.year, code: code) { throw RuleViolation(.indicatorCodeTaken, field: .fieldCode) }
    if let unitID = draft.ownerUnitID, try await tx.unit(id: unitID) == nil { throw RuleViolation(.fieldInvalidChoice, field: .fieldOwner) }
    if let personID = draft.ownerPersonID, try await tx.person(id: personID) == nil { throw RuleViolation(.personMissing, field: .fieldOwner) }
    var parentPath = "/"
    if let parentID = draft.parentID {
        guard let parent = try await tx.indicator(id: parentID), parent.year == draft.year else {
            throw RuleViolation(.fieldInvalidChoice, field: .fieldParent)
        }
        parentPath = parent.path
    }
    let id = UUID()
    let indicator = Indicator(id: id, year: draft.year, code: code, name: name, measure: draft.measure, direction: draft.direction,
                              period: period, baseline: draft.baseline, target: draft.target, ownerUnitID: draft.ownerUnitID,
                              ownerPersonID: draft.ownerPersonID, parentID: draft.parentID,
                              path: parentPath + id.uuidString.lowercased() + "/", rollUp: draft.rollUp,
                              completionCap: draft.completionCap)
    try await tx.insert(indicator)
    try await tx.record(.create, kind: .indicator, id: id.uuidString, before: nil as Indicator?, after: indicator, in: context)
    return indicator
}

/// A reading is a new record, never an edit: a correction is a later reading with a comment.
public func recordReading(indicatorID: UUID, value: Double, asOf: Day, comment: String, evidence: String,
                          context: UseCaseContext) async throws -> Reading {
    try await context.store.write { tx in
        try await recordReading(indicatorID: indicatorID, value: value, asOf: asOf, comment: comment, evidence: evidence,
                                in: tx, context: context)
    }
}

/// The same, inside a transaction the caller holds.
func recordReading(indicatorID: UUID, value: Double, asOf: Day, comment: String, evidence: String,
                          in tx: WriteTransaction, context: UseCaseContext) async throws -> Reading {
    // Who may, before what: a refused caller hears "not yours", not "the value is missing".
    guard let indicator = try await tx.indicator(id: indicatorID) else { throw RuleViolation(.recordNotFound) }
    if let caller = context.performer.caller {
        try caller.requireRecordReading(ownerPath: try await IndicatorOwner.path(of: indicator, reads: tx.reads))
    }
    let comment = comment.trimmingCharacters(in: .whitespacesAndNewlines)
    let evidence = evidence.trimmingCharacters(in: .whitespacesAndNewlines)
    guard value.isFinite, abs(value) < 1e15 else { throw RuleViolation(.fieldOutOfRange, field: .fieldValue) }
    if !comment.isEmpty { try FieldRules.text(comment, field: .fieldComment, maxLength: 1000) }
    if !evidence.isEmpty { try FieldRules.text(evidence, field: .fieldEvidence, maxLength: 1000) }
    let reading = Reading(id: UUID(), indicatorID: indicatorID, value: value, asOf: asOf, recordedBy: context.performer.name,
                          comment: comment, evidence: evidence)
    try await tx.insert(reading, at: context.now)
    try await tx.record(.create, kind: .reading, id: reading.id.uuidString, before: nil as Reading?, after: reading, in: context)
    return reading
}

/// Changes an indicator's definition (name, target, owner, …); its year, code and parent are its
/// identity and stay. `change` edits a draft made from the indicator as it is.
public func updateIndicator(id: UUID, _ change: @escaping @Sendable (inout IndicatorDraft) throws -> Void, context: UseCaseContext) async throws -> Indicator {
    try await context.store.write { tx in
        try context.performer.caller?.requireRegisterWork()
        guard let before = try await tx.indicator(id: id) else { throw RuleViolation(.recordNotFound) }
        var draft = IndicatorDraft(year: before.year, code: before.code, name: before.name, measure: before.measure,
                                   direction: before.direction, period: before.period, baseline: before.baseline, target: before.target,
                                   ownerUnitID: before.ownerUnitID, ownerPersonID: before.ownerPersonID, parentID: before.parentID,
                                   rollUp: before.rollUp, completionCap: before.completionCap)
        try change(&draft)
        return try await updateIndicator(before, with: draft, in: tx, context: context)
    }
}

/// The same, in the caller's transaction.
@discardableResult
func updateIndicator(_ before: Indicator, with draft: IndicatorDraft, in tx: WriteTransaction, context: UseCaseContext) async throws -> Indicator {
    try context.performer.caller?.requireRegisterWork()
    let name = draft.name.trimmingCharacters(in: .whitespacesAndNewlines)
    let period = draft.period.trimmingCharacters(in: .whitespaces)
    try FieldRules.text(name, field: .fieldName, maxLength: 100)
    try FieldRules.text(period, field: .fieldPeriod, maxLength: 20)
    guard draft.target.isFinite, draft.baseline.isFinite, abs(draft.target) < 1e15, abs(draft.baseline) < 1e15 else {
        throw RuleViolation(.fieldOutOfRange, field: .fieldTargetValue)
    }
    guard (1...10).contains(draft.completionCap) else { throw RuleViolation(.fieldOutOfRange, field: .fieldCompletionCap) }
    guard draft.parentID == before.parentID else { throw RuleViolation(.fieldInvalidChoice, field: .fieldParent) }
    guard (draft.ownerUnitID == nil) != (draft.ownerPersonID == nil) else { throw RuleViolation(.indicatorOwnerRequired, field: .fieldOwner) }
    if let unitID = draft.ownerUnitID, unitID != before.ownerUnitID, try await tx.unit(id: unitID) == nil {
        throw RuleViolation(.fieldInvalidChoice, field: .fieldOwner)
    }
    if let personID = draft.ownerPersonID, personID != before.ownerPersonID, try await tx.person(id: personID) == nil {
        throw RuleViolation(.personMissing, field: .fieldOwner)
    }
    var after = before
    after.name = name; after.measure = draft.measure; after.direction = draft.direction; after.period = period
    after.baseline = draft.baseline; after.target = draft.target; after.ownerUnitID = draft.ownerUnitID
    after.ownerPersonID = draft.ownerPersonID; after.rollUp = draft.rollUp; after.completionCap = draft.completionCap
    guard after != before else { return before }
    try await tx.update(after)
    try await tx.record(.update, kind: .indicator, id: before.id.uuidString, before: before, after: after, in: context)
    return after
}

/// The unit path an indicator's reading is answerable to: its owner unit, or its owner person's unit.
public enum IndicatorOwner {
    public struct Reads: Sendable {
        let unit: @Sendable (UUID) async throws -> Unit?
        let person: @Sendable (UUID) async throws -> Person?
    }

    public static func path(of indicator: Indicator, reads: Reads) async throws -> String? {
        if let personID = indicator.ownerPersonID, let person = try await reads.person(personID) {
            return try await reads.unit(person.unitID)?.path
        }
        if let unitID = indicator.ownerUnitID { return try await reads.unit(unitID)?.path }
        return nil
    }

    /// Refuses a caller who may not record readings of the indicator (the pages ask this before
    /// they read the form, so that a refused role is refused as such).
    public static func requireRecordReading(_ indicatorID: UUID, context: UseCaseContext) async throws {
        guard let caller = context.performer.caller else { return }
        guard let indicator = try await context.store.indicator(id: indicatorID) else { throw RuleViolation(.recordNotFound) }
        try caller.requireRecordReading(ownerPath: try await path(of: indicator, reads: context.store.reads))
    }
}

extension WriteTransaction {
    var reads: IndicatorOwner.Reads {
        let tx = self
        return IndicatorOwner.Reads(unit: { try await tx.unit(id: $0) }, person: { try await tx.person(id: $0) })
    }
}

extension Store {
    var reads: IndicatorOwner.Reads {
        let store = self
        return IndicatorOwner.Reads(unit: { try await store.unit(id: $0) }, person: { try await store.person(id: $0)?.person })
    }
}
