// Use cases of the decision procedure: propose a matter (个别酝酿), change its text while it is
// being prepared, send it to consultation, record expert opinions, complete it; and the link that
// makes a decided matter's tasks carry it out (分解落实). Each writes its audit event.
import Foundation
import LuoshiDomain
import LuoshiStorage

public struct DecisionDraft: Sendable {
    public var year: Int
    public var code: String?
    public var title: String
    public var content: String
    public var kind: DecisionKind
    public var basis: String
    public var proposerID: UUID?
    public var responsibleLeaderID: UUID?

    public init(year: Int, code: String? = nil, title: String, kind: DecisionKind, content: String = "", basis: String = "",
                proposerID: UUID? = nil, responsibleLeaderID: UUID? = nil) {
        self.year = year; self.code = code; self.title = title; self.content = content; self.kind = kind; self.basis = basis
        self.proposerID = proposerID; self.responsibleLeaderID = responsibleLeaderID
    }

    func checked() throws(RuleViolation) -> DecisionDraft {
        var draft = self
        draft.title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        draft.content = content.trimmingCharacters(in: .whitespacesAndNewlines)
        draft.basis = basis.trimmingCharacters(in: .whitespacesAndNewlines)
        draft.code = code?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        guard (2000...2100).contains(year) else { throw RuleViolation(.fieldOutOfRange, field: .fieldYear) }
        try FieldRules.text(draft.title, field: .fieldDecisionTitle, maxLength: 200)
        if !draft.content.isEmpty { try FieldRules.prose(draft.content, field: .fieldDecisionContent, maxLength: 8000) }
        if !draft.basis.isEmpty { try FieldRules.prose(draft.basis, field: .fieldDecisionBasis, maxLength: 2000) }
        if let code = draft.code { try FieldRules.code(code, field: .fieldCode) }
        return draft
    }
}

public func createDecision(_ input: DecisionDraft, context: UseCaseContext) async throws -> Decision {
    try context.performer.caller?.requireProposeDecision()
    let draft = try input.checked()
    return try await context.store.write { tx in try await insertDecision(draft, in: tx, context: context) }
}

/// Writes a checked draft as a new matter with its audit event, inside the caller's transaction
/// (a proposal, or a recommendation put to a meeting).
func insertDecision(_ draft: DecisionDraft, in tx: WriteTransaction, context: UseCaseContext) async throws -> Decision {
    try await DecisionLink.checkPeople(proposer: draft.proposerID, leader: draft.responsibleLeaderID, in: tx)
    var code = draft.code
    if code == nil {
        // JC-2026-001, the next free number of the year.
        var number = try await tx.decisionCount(year: draft.year) + 1
        while try await tx.decisionCodeTaken(year: draft.year, code: String(format: "JC-%04d-%03d", draft.year, number)) { number += 1 }
        code = String(format: "JC-%04d-%03d", draft.year, number)
    } else if try await tx.decisionCodeTaken(year: draft.year, code: code!) {
        throw RuleViolation(.decisionCodeTaken, field: .fieldCode)
    }
    let decision = Decision(id: UUID(), year: draft.year, code: code!, title: draft.title, content: draft.content, kind: draft.kind,
                            basis: draft.basis, proposerID: draft.proposerID ?? context.performer.caller?.personID,
                            responsibleLeaderID: draft.responsibleLeaderID)
    try await tx.insert(decision)
    try await tx.record(.create, kind: .decision, id: decision.id.uuidString, before: nil as Decision?, after: decision, in: context)
    return decision
}

/// Changes a matter's text, kind and people while it is prepared (draft or consultation); once on
/// an agenda, what the meeting sees is fixed.
public func updateDecision(id: UUID, _ input: DecisionDraft, context: UseCaseContext) async throws -> Decision {
    let draft = try input.checked()
    return try await context.store.write { tx in
        guard let before = try await tx.decision(id: id) else { throw RuleViolation(.recordNotFound) }
        try context.performer.caller?.requireManageDecisions()
        guard before.state == .draft || before.state == .consultation || before.state == .deferred else {
            throw RuleViolation(.decisionProcedureSkipped)
        }
        try await DecisionLink.checkPeople(proposer: draft.proposerID, leader: draft.responsibleLeaderID, in: tx)
        var after = before
        after.title = draft.title; after.content = draft.content; after.kind = draft.kind; after.basis = draft.basis
        after.proposerID = draft.proposerID ?? before.proposerID; after.responsibleLeaderID = draft.responsibleLeaderID
        guard after != before else { return before }
        try await tx.update(after)
        try await tx.record(.update, kind: .decision, id: id.uuidString, before: before, after: after, in: context)
        return after
    }
}

/// The moves the office makes itself: to consultation, back to consultation after a deferral, and
/// completion once every key task is closed. The others happen at a meeting or by decomposition.
public func moveDecision(id: UUID, by action: DecisionProcedure.Action, context: UseCaseContext) async throws -> Decision {
    try await context.store.write { tx in
        guard let before = try await tx.decision(id: id) else { throw RuleViolation(.recordNotFound) }
        try context.performer.caller?.requireManageDecisions()
        guard [.consult, .reconsider, .complete].contains(action) else { throw RuleViolation(.decisionProcedureSkipped) }
        var after = before
        after.state = try DecisionProcedure.next(from: before.state, by: action)
        if action == .complete {
            let open = try await tx.openTaskCount(decisionID: id)
            guard open == 0 else { throw RuleViolation(.decisionTasksOpen, limit: open) }
        }
        try await tx.update(after)
        try await tx.record(.update, kind: .decision, id: id.uuidString, before: before, after: after, in: context)
        return after
    }
}

/// Records an advisor's written opinion on a matter in consultation (or earlier).
public func addOpinion(decisionID: UUID, advisorName: String, advisorField: String, stance: Stance, text: String,
                       day: Day, context: UseCaseContext) async throws -> Opinion {
    try context.performer.caller?.requireManageDecisions()
    let name = advisorName.trimmingCharacters(in: .whitespacesAndNewlines)
    let field = advisorField.trimmingCharacters(in: .whitespacesAndNewlines)
    let body = text.trimmingCharacters(in: .whitespacesAndNewlines)
    try FieldRules.text(name, field: .fieldAdvisorName, maxLength: 100)
    if !field.isEmpty { try FieldRules.text(field, field: .fieldAdvisorField, maxLength: 200) }
    try FieldRules.prose(body, field: .fieldOpinionText, maxLength: 8000)
    return try await context.store.write { tx in
        guard let decision = try await tx.decision(id: decisionID) else { throw RuleViolation(.recordNotFound) }
        guard decision.state == .draft || decision.state == .consultation || decision.state == .deferred else {
            throw RuleViolation(.decisionProcedureSkipped)
        }
        let opinion = Opinion(id: UUID(), decisionID: decisionID, advisorName: name, advisorField: field, stance: stance, text: body, day: day)
        try await tx.insert(opinion)
        try await tx.record(.create, kind: .opinion, id: opinion.id.uuidString, before: nil as Opinion?, after: opinion, in: context)
        return opinion
    }
}

enum DecisionLink {
    /// A key task made from (or re-linked to) a decision: it must be decided; a decided one becomes
    /// "being carried out" (分解落实), with its own audit event.
    static func attach(_ decisionID: UUID, in tx: WriteTransaction, context: UseCaseContext) async throws {
        guard let before = try await tx.decision(id: decisionID) else { throw RuleViolation(.fieldInvalidChoice, field: .fieldDecision) }
        guard before.state == .decided || before.state == .decomposed else { throw RuleViolation(.decisionNotDecided, field: .fieldDecision) }
        guard before.state == .decided else { return }
        var after = before
        after.state = try DecisionProcedure.next(from: before.state, by: .decompose)
        try await tx.update(after)
        try await tx.record(.update, kind: .decision, id: decisionID.uuidString, before: before, after: after, in: context)
    }

    /// The proposer and the responsible leader exist; the responsible leader is a district leader.
    static func checkPeople(proposer: UUID?, leader: UUID?, in tx: WriteTransaction) async throws {
        if let proposer, try await tx.person(id: proposer) == nil { throw RuleViolation(.personMissing, field: .fieldProposer) }
        if let leader {
            guard let person = try await tx.person(id: leader) else { throw RuleViolation(.personMissing, field: .fieldResponsibleLeader) }
            guard person.rank == .districtLeader else { throw RuleViolation(.personNotLeader, field: .fieldResponsibleLeader) }
        }
    }
}

/// Links a key task to the decision it carries out (or unlinks it, with nil): the supervision
/// office, for work registered before its decision was recorded.
public func setTaskDecision(taskID: UUID, decisionID: UUID?, context: UseCaseContext) async throws -> KeyTask {
    try context.performer.caller?.requireRegisterWork()
    return try await context.store.write { tx in
        guard let before = try await tx.task(id: taskID) else { throw RuleViolation(.recordNotFound) }
        guard before.parentID == nil else { throw RuleViolation(.fieldInvalidChoice, field: .fieldDecision) }
        guard before.decisionID != decisionID else { return before }
        if let decisionID { try await DecisionLink.attach(decisionID, in: tx, context: context) }
        var after = before
        after.decisionID = decisionID
        try await tx.update(after, rolledProgress: try await tx.rolledProgress(taskID: taskID))
        try await tx.record(.update, kind: .task, id: taskID.uuidString, before: before, after: after, in: context)
        return after
    }
}
