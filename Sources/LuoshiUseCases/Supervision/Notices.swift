// Use cases of the urging ladder (催办 → 督办 → 通报 → 问责) and of accountability cases: issue an
// urge notice or a supervision order, the unit's reply, raising an unanswered notice one rung,
// concluding a case.
import Foundation
import LuoshiDomain
import LuoshiStorage

public struct NoticeDraft: Sendable {
    public var kind: NoticeKind
    public var grade: NoticeGrade?
    public var text: String
    public var replyBy: Day
    public var deduction: Double

    public init(kind: NoticeKind, grade: NoticeGrade? = nil, text: String, replyBy: Day, deduction: Double = 0) {
        self.kind = kind; self.grade = grade; self.text = text; self.replyBy = replyBy; self.deduction = deduction
    }
}

public func issueNotice(taskID: UUID, _ draft: NoticeDraft, context: UseCaseContext) async throws -> UrgeNotice {
    try context.performer.caller?.requireSupervise()
    let text = draft.text.trimmingCharacters(in: .whitespacesAndNewlines)
    try FieldRules.prose(text, field: .fieldNoticeText, maxLength: 2000)
    try UrgingLadder.checkIssue(kind: draft.kind, grade: draft.grade, replyBy: draft.replyBy, deduction: draft.deduction, today: context.today)
    return try await context.store.write { tx in
        guard let task = try await tx.task(id: taskID) else { throw RuleViolation(.recordNotFound) }
        return try await Urging.issue(task: task, kind: draft.kind, grade: draft.grade, text: text, replyBy: draft.replyBy,
                                      deduction: draft.deduction, raisedFrom: nil, in: tx, context: context)
    }
}

/// The unit's reply to a notice.
public func replyNotice(id: UUID, reply: String, context: UseCaseContext) async throws -> UrgeNotice {
    let reply = reply.trimmingCharacters(in: .whitespacesAndNewlines)
    try FieldRules.prose(reply, field: .fieldReply, maxLength: 4000)
    return try await context.store.write { tx in
        guard let before = try await tx.notice(id: id), let unit = try await tx.unit(id: before.unitID) else {
            throw RuleViolation(.recordNotFound)
        }
        try context.performer.caller?.requireReplyNotice(unitPath: unit.path)
        guard before.state == .awaitingReply else { throw RuleViolation(.noticeNotOpen) }
        var after = before
        after.state = .replied; after.reply = reply; after.repliedOn = context.today; after.repliedBy = context.performer.name
        try await tx.update(after)
        try await tx.record(.update, kind: .urgeNotice, id: id.uuidString, before: before, after: after, in: context)
        let title = try await tx.task(id: before.taskID)?.title ?? ""
        let text = InboxText(.notifyTextNoticeReplied, ["unit": unit.name, "code": before.code, "task": title])
        for person in try await tx.peopleWithRole([.supervisor]) {
            try await Notify.person(person, kind: .notice, text: text, link: "/notices/\(id.uuidString.lowercased())", in: tx, context: context)
        }
        return after
    }
}

/// What raising a notice one rung made: an order from an urge notice, a case from an order.
public enum Escalation: Sendable {
    case order(UrgeNotice)
    case accountability(AccountabilityCase)
}

/// Raises a notice unanswered past its reply date: an urge notice becomes a supervision order of
/// `grade` with a new reply date; an order opens an accountability case on the unit.
public func escalateNotice(id: UUID, grade: NoticeGrade?, replyBy: Day?, deduction: Double, context: UseCaseContext) async throws -> Escalation {
    try context.performer.caller?.requireSupervise()
    return try await context.store.write { tx in
        guard let before = try await tx.notice(id: id), let task = try await tx.task(id: before.taskID) else {
            throw RuleViolation(.recordNotFound)
        }
        try UrgingLadder.checkEscalation(before, today: context.today)
        var after = before
        after.state = .escalated
        try await tx.update(after)
        try await tx.record(.update, kind: .urgeNotice, id: id.uuidString, before: before, after: after, in: context)
        switch before.kind {
        case .urge:
            guard let replyBy else { throw RuleViolation(.fieldRequired, field: .fieldReplyBy) }
            try UrgingLadder.checkIssue(kind: .order, grade: grade, replyBy: replyBy, deduction: deduction, today: context.today)
            let order = try await Urging.issue(task: task, kind: .order, grade: grade, text: before.text, replyBy: replyBy,
                                               deduction: deduction, raisedFrom: before.id, in: tx, context: context)
            return .order(order)
        case .order:
            let problem = Catalogue.for(.zhHans).format(.caseFromOrder, ["code": before.code, "text": before.text])
            let item = try await Accountability.open(taskID: task.id, unitID: before.unitID, personID: nil, problem: problem,
                                                     reportID: nil, noticeID: before.id, title: task.title, in: tx, context: context)
            return .accountability(item)
        }
    }
}

/// Records the conclusion of an accountability case.
public func concludeCase(id: UUID, conclusion: String, context: UseCaseContext) async throws -> AccountabilityCase {
    try context.performer.caller?.requireSupervise()
    let conclusion = conclusion.trimmingCharacters(in: .whitespacesAndNewlines)
    try FieldRules.prose(conclusion, field: .fieldConclusion, maxLength: 4000)
    return try await context.store.write { tx in
        guard let before = try await tx.accountabilityCase(id: id) else { throw RuleViolation(.recordNotFound) }
        guard !before.concluded else { throw RuleViolation(.caseConcluded) }
        var after = before
        after.concluded = true; after.conclusion = conclusion; after.concludedOn = context.today
        try await tx.update(after)
        try await tx.record(.update, kind: .accountabilityCase, id: id.uuidString, before: before, after: after, in: context)
        return after
    }
}

enum Urging {
    static func issue(task: KeyTask, kind: NoticeKind, grade: NoticeGrade?, text: String, replyBy: Day, deduction: Double,
                      raisedFrom: UUID?, in tx: WriteTransaction, context: UseCaseContext) async throws -> UrgeNotice {
        let year = context.today.year
        try await tx.serialise(on: "notice-code-\(year)")
        let code = String(format: "DB-%04d-%03d", year, try await tx.noticeCount(year: year) + 1)
        let notice = UrgeNotice(id: UUID(), code: code, kind: kind, grade: grade, taskID: task.id, unitID: task.responsibleUnitID,
                                text: text, issuedOn: context.today, issuedBy: context.performer.name, replyBy: replyBy,
                                deduction: deduction, raisedFromID: raisedFrom)
        try await tx.insert(notice)
        try await tx.record(.create, kind: .urgeNotice, id: notice.id.uuidString, before: nil as UrgeNotice?, after: notice, in: context)
        let message = InboxText(.notifyTextNotice, ["code": code, "task": task.title, "replyBy": replyBy.description],
                                words: ["kind": kind.labelKey])
        try await Notify.unit(task.responsibleUnitID, roles: [.unitHead, .staff], kind: .notice, text: message,
                              link: "/notices/\(notice.id.uuidString.lowercased())", in: tx, context: context)
        return notice
    }
}

enum Accountability {
    @discardableResult
    static func open(taskID: UUID, unitID: UUID, personID: UUID?, problem: String, reportID: UUID?, noticeID: UUID?, title: String,
                     in tx: WriteTransaction, context: UseCaseContext) async throws -> AccountabilityCase {
        let item = AccountabilityCase(id: UUID(), taskID: taskID, reportID: reportID, noticeID: noticeID, unitID: unitID,
                                      personID: personID, problem: problem, openedOn: context.today)
        try await tx.insert(item)
        try await tx.record(.create, kind: .accountabilityCase, id: item.id.uuidString, before: nil as AccountabilityCase?, after: item, in: context)
        let text = InboxText(.notifyTextCaseOpened, ["task": title, "problem": String(problem.prefix(200))])
        for person in try await tx.peopleWithRole([.supervisor]) {
            try await Notify.person(person, kind: .accountability, text: text, link: "/accountability", in: tx, context: context)
        }
        return item
    }
}
