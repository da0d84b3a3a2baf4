// The decision mechanism (决策机制): a matter moves through the standard procedure, from a draft
// (个别酝酿) through consultation (论证/专家咨询) onto a meeting's agenda (上会), is decided, rejected
// or deferred there, is decomposed into tasks (分解落实) and completed (办结). Every task's authority
// comes from a decision.
import Foundation

public enum DecisionKind: String, CaseIterable, Codable, Sendable {
    /// 重大事项: cannot go on an agenda without at least one expert opinion.
    case major
    /// 人事事项: decided only with two thirds of the members present.
    case personnel
    case ordinary

    public var labelKey: L10nKey {
        switch self {
        case .major: .decisionKindMajor
        case .personnel: .decisionKindPersonnel
        case .ordinary: .decisionKindOrdinary
        }
    }
}

public enum DecisionState: String, CaseIterable, Codable, Sendable {
    case draft, consultation, onAgenda, decided, rejected, deferred, decomposed, completed

    public var labelKey: L10nKey {
        switch self {
        case .draft: .decisionStateDraft
        case .consultation: .decisionStateConsultation
        case .onAgenda: .decisionStateOnAgenda
        case .decided: .decisionStateDecided
        case .rejected: .decisionStateRejected
        case .deferred: .decisionStateDeferred
        case .decomposed: .decisionStateDecomposed
        case .completed: .decisionStateCompleted
        }
    }

    /// Decided (and later): tasks may be made from it.
    public var isDecided: Bool { self == .decided || self == .decomposed || self == .completed }
}

/// How a decision may move, and by which action. The meeting's outcome (decided, rejected,
/// deferred) is recorded on an agenda item, never moved to directly; decomposition happens when its
/// first task is made.
public enum DecisionProcedure {
    public enum Action: String, CaseIterable, Sendable {
        /// draft → consultation (论证)
        case consult
        /// consultation or deferred → on a meeting's agenda (上会), by adding it to one
        case putOnAgenda
        /// on the agenda → decided / rejected / deferred, by a meeting's recorded outcome
        case decide, reject, postpone
        /// decided → decomposed, by making its first task
        case decompose
        /// decomposed → completed (办结), when its tasks are closed
        case complete
        /// deferred → back to consultation
        case reconsider
    }

    /// The state an action leads to from `state`, or the refusal naming both states.
    public static func next(from state: DecisionState, by action: Action) throws(RuleViolation) -> DecisionState {
        let target: DecisionState? = switch (state, action) {
        case (.draft, .consult): .consultation
        case (.consultation, .putOnAgenda), (.deferred, .putOnAgenda): .onAgenda
        case (.onAgenda, .decide): .decided
        case (.onAgenda, .reject): .rejected
        case (.onAgenda, .postpone): .deferred
        case (.decided, .decompose): .decomposed
        case (.decomposed, .decompose): .decomposed
        case (.decomposed, .complete): .completed
        case (.deferred, .reconsider): .consultation
        default: nil
        }
        guard let target else { throw RuleViolation(.decisionProcedureSkipped) }
        return target
    }

    /// A major matter goes on an agenda only with at least one written expert opinion.
    public static func checkAgenda(kind: DecisionKind, opinions: Int) throws(RuleViolation) {
        if kind == .major && opinions == 0 { throw RuleViolation(.decisionNeedsOpinion) }
    }
}

public struct Decision: Equatable, Codable, Sendable {
    public var id: UUID
    public var year: Int
    public var code: String
    public var title: String
    public var content: String
    public var kind: DecisionKind
    /// 依据: the policy, document or instruction the matter rests on.
    public var basis: String
    public var proposerID: UUID?
    public var responsibleLeaderID: UUID?
    public var state: DecisionState
    /// 决定内容, once decided (or the reason, once rejected or deferred).
    public var resolution: String

    public init(id: UUID, year: Int, code: String, title: String, content: String, kind: DecisionKind, basis: String,
                proposerID: UUID?, responsibleLeaderID: UUID?, state: DecisionState = .draft, resolution: String = "") {
        self.id = id; self.year = year; self.code = code; self.title = title; self.content = content; self.kind = kind
        self.basis = basis; self.proposerID = proposerID; self.responsibleLeaderID = responsibleLeaderID
        self.state = state; self.resolution = resolution
    }
}

public enum Stance: String, CaseIterable, Codable, Sendable {
    case support, oppose, conditional

    public var labelKey: L10nKey {
        switch self {
        case .support: .stanceSupport
        case .oppose: .stanceOppose
        case .conditional: .stanceConditional
        }
    }
}

/// A written opinion of an advisor (顾问, often from outside: a university, an institute) on a matter.
public struct Opinion: Equatable, Codable, Sendable {
    public var id: UUID
    public var decisionID: UUID
    public var advisorName: String
    /// The advisor's field and organisation ("城市规划 · 某大学").
    public var advisorField: String
    public var stance: Stance
    public var text: String
    public var day: Day

    public init(id: UUID, decisionID: UUID, advisorName: String, advisorField: String, stance: Stance, text: String, day: Day) {
        self.id = id; self.decisionID = decisionID; self.advisorName = advisorName; self.advisorField = advisorField
        self.stance = stance; self.text = text; self.day = day
    }
}
