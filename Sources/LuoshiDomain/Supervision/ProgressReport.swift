// Progress reports (进展报告) and the reporting rule of the source:
// 已经办完的报结果，正在办理的报进度，没有完成的找原因，出了问题究责任.
import Foundation

/// Which part of the rule a report answers; decided by the task and the report, never chosen freely.
public enum ReportKind: String, CaseIterable, Codable, Sendable {
    /// 报结果: the work is done; the result and its evidence.
    case result
    /// 报进度: in progress; percent complete, what was done, next steps.
    case progress
    /// 找原因: past the deadline and not done; the reason, the remedy and a new committed date.
    case delay

    public var labelKey: L10nKey {
        switch self {
        case .result: .reportKindResult
        case .progress: .reportKindProgress
        case .delay: .reportKindDelay
        }
    }
}

/// A report's sign-off (审核) by the head of its unit.
public enum ReportState: String, CaseIterable, Codable, Sendable {
    case awaitingSignOff, signedOff, returned

    public var labelKey: L10nKey {
        switch self {
        case .awaitingSignOff: .reportStateAwaiting
        case .signedOff: .reportStateSignedOff
        case .returned: .reportStateReturned
        }
    }

    /// Whether the report stands for its period (a returned one is replaced by the next).
    public var counts: Bool { self != .returned }
}

public struct ProgressReport: Equatable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var taskID: UUID
    public var periodKey: String
    public var kind: ReportKind
    public var progress: Int
    /// 进展情况: what was done.
    public var situation: String
    /// 存在问题.
    public var problems: String
    /// 下步打算.
    public var nextSteps: String
    /// 报结果: the result, and its evidence (text; files are attachments).
    public var result: String
    public var evidence: String
    /// 找原因: why it is late, what will be done, and the new date committed to.
    public var delayReason: String
    public var remedy: String
    public var committedDay: Day?
    /// 究责任: who is answerable for a problem reported (a person), which opens an accountability case.
    public var accountablePersonID: UUID?
    public var authorPersonID: UUID?
    public var authorName: String
    public var reportedOn: Day
    public var late: Bool
    public var state: ReportState
    public var reviewerName: String
    public var reviewComment: String

    public init(id: UUID, taskID: UUID, periodKey: String, kind: ReportKind, progress: Int, situation: String = "",
                problems: String = "", nextSteps: String = "", result: String = "", evidence: String = "",
                delayReason: String = "", remedy: String = "", committedDay: Day? = nil, accountablePersonID: UUID? = nil,
                authorPersonID: UUID? = nil, authorName: String, reportedOn: Day, late: Bool, state: ReportState,
                reviewerName: String = "", reviewComment: String = "") {
        self.id = id; self.taskID = taskID; self.periodKey = periodKey; self.kind = kind; self.progress = progress
        self.situation = situation; self.problems = problems; self.nextSteps = nextSteps; self.result = result
        self.evidence = evidence; self.delayReason = delayReason; self.remedy = remedy; self.committedDay = committedDay
        self.accountablePersonID = accountablePersonID; self.authorPersonID = authorPersonID; self.authorName = authorName
        self.reportedOn = reportedOn; self.late = late; self.state = state; self.reviewerName = reviewerName
        self.reviewComment = reviewComment
    }
}

/// What a reporter writes.
public struct ReportDraft: Equatable, Sendable {
    /// "The work is done": a result report.
    public var done: Bool
    public var progress: Int?
    public var situation: String
    public var problems: String
    public var nextSteps: String
    public var result: String
    public var evidence: String
    public var delayReason: String
    public var remedy: String
    public var committedDay: Day?
    public var accountablePersonID: UUID?
    /// The period reported on; nil for the current one.
    public var periodKey: String?

    public init(done: Bool = false, progress: Int? = nil, situation: String = "", problems: String = "", nextSteps: String = "",
                result: String = "", evidence: String = "", delayReason: String = "", remedy: String = "",
                committedDay: Day? = nil, accountablePersonID: UUID? = nil, periodKey: String? = nil) {
        self.done = done; self.progress = progress; self.situation = situation; self.problems = problems
        self.nextSteps = nextSteps; self.result = result; self.evidence = evidence; self.delayReason = delayReason
        self.remedy = remedy; self.committedDay = committedDay; self.accountablePersonID = accountablePersonID
        self.periodKey = periodKey
    }
}

public enum ReportingRule {
    public static let maxText = 4000

    /// The kind a report takes, and the fields its kind requires, refused one by one with the field
    /// named. `deadline` is the task's (or the last committed date, when one was promised).
    public static func check(_ input: ReportDraft, deadline: Day, today: Day) throws(RuleViolation) -> (ReportKind, ReportDraft) {
        var draft = input
        for keyPath in [\ReportDraft.situation, \.problems, \.nextSteps, \.result, \.evidence, \.delayReason, \.remedy] {
            draft[keyPath: keyPath] = draft[keyPath: keyPath].trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let fields: [(String, L10nKey)] = [(draft.situation, .fieldSituation), (draft.problems, .fieldProblems),
                                           (draft.nextSteps, .fieldNextSteps), (draft.result, .fieldResult),
                                           (draft.evidence, .fieldEvidence), (draft.delayReason, .fieldDelayReason),
                                           (draft.remedy, .fieldRemedy)]
        for (text, field) in fields where !text.isEmpty { try FieldRules.prose(text, field: field, maxLength: maxText) }
        if let progress = draft.progress, !(0...100).contains(progress) { throw RuleViolation(.fieldOutOfRange, field: .fieldProgress) }
        // 出了问题究责任: naming someone answerable needs the problem itself.
        if draft.accountablePersonID != nil && draft.problems.isEmpty { throw RuleViolation(.reportProblemNeedsText, field: .fieldProblems) }
        if draft.done {
            // 已经办完的报结果.
            if draft.result.isEmpty { throw RuleViolation(.reportResultRequired, field: .fieldResult) }
            if draft.evidence.isEmpty { throw RuleViolation(.reportResultRequired, field: .fieldEvidence) }
            draft.progress = 100
            return (.result, draft)
        }
        if deadline < today {
            // 没有完成的找原因.
            if draft.delayReason.isEmpty { throw RuleViolation(.reportDelayRequired, field: .fieldDelayReason) }
            if draft.remedy.isEmpty { throw RuleViolation(.reportDelayRequired, field: .fieldRemedy) }
            guard let committed = draft.committedDay else { throw RuleViolation(.reportDelayRequired, field: .fieldCommittedDay) }
            if committed <= today { throw RuleViolation(.reportCommittedDayPast, field: .fieldCommittedDay) }
            if draft.progress == nil { throw RuleViolation(.reportProgressRequired, field: .fieldProgress) }
            return (.delay, draft)
        }
        // 正在办理的报进度.
        if draft.progress == nil { throw RuleViolation(.reportProgressRequired, field: .fieldProgress) }
        if draft.situation.isEmpty { throw RuleViolation(.reportProgressRequired, field: .fieldSituation) }
        if draft.nextSteps.isEmpty { throw RuleViolation(.reportProgressRequired, field: .fieldNextSteps) }
        return (.progress, draft)
    }
}

/// An accountability case (问责): opened by a problem reported (or a supervision order raised),
/// naming who is answerable, and followed until the office records its conclusion.
public struct AccountabilityCase: Equatable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var taskID: UUID
    public var reportID: UUID?
    public var noticeID: UUID?
    public var unitID: UUID
    public var personID: UUID?
    public var problem: String
    public var openedOn: Day
    public var concluded: Bool
    public var conclusion: String
    public var concludedOn: Day?

    public init(id: UUID, taskID: UUID, reportID: UUID? = nil, noticeID: UUID? = nil, unitID: UUID, personID: UUID?,
                problem: String, openedOn: Day, concluded: Bool = false, conclusion: String = "", concludedOn: Day? = nil) {
        self.id = id; self.taskID = taskID; self.reportID = reportID; self.noticeID = noticeID; self.unitID = unitID
        self.personID = personID; self.problem = problem; self.openedOn = openedOn; self.concluded = concluded
        self.conclusion = conclusion; self.concludedOn = concludedOn
    }
}
