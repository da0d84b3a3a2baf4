// The urging ladder (催办 → 督办 → 通报 → 问责): an urge notice (催办单) with a reply date; a
// supervision order (督办单) graded blue, orange or red; each may carry a score deduction for the
// assessment and needs the unit's reply. An urge notice unanswered by its date is raised to an
// order in one action; an order unanswered by its date is raised to an accountability case.
import Foundation

public enum NoticeKind: String, CaseIterable, Codable, Sendable {
    /// 催办单.
    case urge
    /// 督办单.
    case order

    public var labelKey: L10nKey {
        switch self {
        case .urge: .noticeKindUrge
        case .order: .noticeKindOrder
        }
    }
}

/// A supervision order's grade (蓝/橙/红色督办), mildest first.
public enum NoticeGrade: String, CaseIterable, Codable, Sendable {
    case blue, orange, red

    public var labelKey: L10nKey {
        switch self {
        case .blue: .gradeBlue
        case .orange: .gradeOrange
        case .red: .gradeRed
        }
    }
}

public enum NoticeState: String, CaseIterable, Codable, Sendable {
    case awaitingReply, replied, escalated

    public var labelKey: L10nKey {
        switch self {
        case .awaitingReply: .noticeStateAwaiting
        case .replied: .noticeStateReplied
        case .escalated: .noticeStateEscalated
        }
    }
}

public struct UrgeNotice: Equatable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var code: String
    public var kind: NoticeKind
    public var grade: NoticeGrade?
    public var taskID: UUID
    public var unitID: UUID
    public var text: String
    public var issuedOn: Day
    public var issuedBy: String
    public var replyBy: Day
    /// Points deducted in the assessment (0 for none).
    public var deduction: Double
    public var state: NoticeState
    public var reply: String
    public var repliedOn: Day?
    public var repliedBy: String
    /// The notice this one was raised from.
    public var raisedFromID: UUID?

    public init(id: UUID, code: String, kind: NoticeKind, grade: NoticeGrade?, taskID: UUID, unitID: UUID, text: String,
                issuedOn: Day, issuedBy: String, replyBy: Day, deduction: Double, state: NoticeState = .awaitingReply,
                reply: String = "", repliedOn: Day? = nil, repliedBy: String = "", raisedFromID: UUID? = nil) {
        self.id = id; self.code = code; self.kind = kind; self.grade = grade; self.taskID = taskID; self.unitID = unitID
        self.text = text; self.issuedOn = issuedOn; self.issuedBy = issuedBy; self.replyBy = replyBy
        self.deduction = deduction; self.state = state; self.reply = reply; self.repliedOn = repliedOn
        self.repliedBy = repliedBy; self.raisedFromID = raisedFromID
    }

    /// Unanswered past its reply date.
    public func isOverdue(today: Day) -> Bool { state == .awaitingReply && replyBy < today }
}

public enum UrgingLadder {
    /// The rules of issuing: an order has a grade, an urge notice none; the reply date is after the
    /// issue day; a deduction is between 0 and 10 points.
    public static func checkIssue(kind: NoticeKind, grade: NoticeGrade?, replyBy: Day, deduction: Double,
                                  today: Day) throws(RuleViolation) {
        if kind == .order && grade == nil { throw RuleViolation(.fieldRequired, field: .fieldGrade) }
        if kind == .urge && grade != nil { throw RuleViolation(.noticeGradeOnUrge, field: .fieldGrade) }
        if replyBy <= today { throw RuleViolation(.noticeReplyByPast, field: .fieldReplyBy) }
        if !(0...10).contains(deduction) || deduction.isNaN { throw RuleViolation(.fieldOutOfRange, field: .fieldDeduction) }
    }

    /// Raising a notice one rung: only one still awaiting its reply after its reply date.
    public static func checkEscalation(_ notice: UrgeNotice, today: Day) throws(RuleViolation) {
        guard notice.state == .awaitingReply else { throw RuleViolation(.noticeNotOpen) }
        guard notice.replyBy < today else { throw RuleViolation(.noticeNotYetDue, value: notice.replyBy.description) }
    }
}
