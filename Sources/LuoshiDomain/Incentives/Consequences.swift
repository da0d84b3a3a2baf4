// Runs and the consequences promised in advance (激励约束): a published run applies the "225" rule
// to its plan indicators (met → a reward recommendation for the unit's two principal heads; missed
// → a yellow card; missed again the next year → a dismissal recommendation), "四不一否" to vetoed
// units (their leadership and staff are not promoted, not reused, not rated excellent and not held
// up as models through the next year), and recommends weak performers (graded poor, repeatedly
// criticised, or given a yellow card) for demotion or removal, a recommendation that becomes a
// personnel item for a meeting. `Eligibility.answer` says whether a person may be promoted,
// reused, rated excellent or held up as a model now, with every restriction behind a no.
import Foundation

public enum RunState: String, CaseIterable, Codable, Sendable {
    case preview, published
    public var labelKey: L10nKey { self == .preview ? .runPreview : .runPublished }
}

/// A run's heading (its results are read apart, a page at a time).
public struct AssessmentRun: Equatable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var year: Int
    public var group: AssessmentGroup
    public var schemeID: UUID
    public var schemeVersion: Int
    public var state: RunState
    /// The day the data was read (a published run keeps it).
    public var computedOn: Day
    public var publishedOn: Day?
    public var unitCount: Int

    public init(id: UUID, year: Int, group: AssessmentGroup, schemeID: UUID, schemeVersion: Int, state: RunState, computedOn: Day,
                publishedOn: Day? = nil, unitCount: Int) {
        self.id = id; self.year = year; self.group = group; self.schemeID = schemeID; self.schemeVersion = schemeVersion
        self.state = state; self.computedOn = computedOn; self.publishedOn = publishedOn; self.unitCount = unitCount
    }
}

public enum ConsequenceKind: String, CaseIterable, Codable, Sendable {
    /// 奖励建议: the plan met (225 rule).
    case reward
    /// 黄牌警告: the plan missed (225 rule).
    case yellowCard
    /// 就地免职建议: the plan missed two years running (225 rule).
    case dismissal
    /// 四不: a vetoed unit's people, through the next year.
    case restriction
    /// 降职或免职建议: weak performance.
    case demotion
    /// 表彰: a commendation recorded with its basis.
    case commendation

    public var labelKey: L10nKey {
        switch self {
        case .reward: .consequenceReward
        case .yellowCard: .consequenceYellowCard
        case .dismissal: .consequenceDismissal
        case .restriction: .consequenceRestriction
        case .demotion: .consequenceDemotion
        case .commendation: .consequenceCommendation
        }
    }

    /// Recommendations that a meeting decides as a personnel matter.
    public var goesToMeeting: Bool { self == .dismissal || self == .demotion }
}

/// Why a consequence was applied, in data: the rule, and the figures it read.
public enum ConsequenceReason: String, CaseIterable, Codable, Sendable {
    case planMet, planMissed, planMissedTwice, vetoed, gradedPoor, repeatedCriticism, yellowCard, recorded

    public var labelKey: L10nKey {
        switch self {
        case .planMet: .reasonPlanMet
        case .planMissed: .reasonPlanMissed
        case .planMissedTwice: .reasonPlanMissedTwice
        case .vetoed: .reasonVetoed
        case .gradedPoor: .reasonGradedPoor
        case .repeatedCriticism: .reasonRepeatedCriticism
        case .yellowCard: .reasonYellowCard
        case .recorded: .reasonRecorded
        }
    }

    /// The rule's name alone (the trail shows the figures beside it).
    public var shortLabelKey: L10nKey {
        switch self {
        case .planMet: .reasonShortPlanMet
        case .planMissed: .reasonShortPlanMissed
        case .planMissedTwice: .reasonShortPlanMissedTwice
        case .vetoed: .itemKindVeto
        case .gradedPoor: .reasonShortGradedPoor
        case .repeatedCriticism: .reasonShortRepeatedCriticism
        case .yellowCard: .consequenceYellowCard
        case .recorded: .consequenceCommendation
        }
    }
}

public struct Consequence: Equatable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var kind: ConsequenceKind
    public var year: Int
    public var unitID: UUID
    public var personID: UUID?
    public var runID: UUID?
    public var reason: ConsequenceReason
    /// The indicator or item it rests on (a code or an item's name), and a figure (a completion, a count).
    public var subject: String
    public var figure: Double?
    /// Free words: a commendation's title and basis.
    public var note: String
    public var recordedOn: Day
    /// The last day it bars anything (restrictions, yellow cards, recommendations).
    public var inForceUntil: Day?
    /// The personnel item a recommendation became.
    public var decisionID: UUID?

    public init(id: UUID = UUID(), kind: ConsequenceKind, year: Int, unitID: UUID, personID: UUID?, runID: UUID?, reason: ConsequenceReason,
                subject: String, figure: Double? = nil, note: String = "", recordedOn: Day, inForceUntil: Day? = nil, decisionID: UUID? = nil) {
        self.id = id; self.kind = kind; self.year = year; self.unitID = unitID; self.personID = personID; self.runID = runID
        self.reason = reason; self.subject = subject; self.figure = figure; self.note = note; self.recordedOn = recordedOn
        self.inForceUntil = inForceUntil; self.decisionID = decisionID
    }

    public func inForce(on day: Day) -> Bool { inForceUntil.map { recordedOn <= day && day <= $0 } ?? false }
}

/// What a unit's published result and the data around it lead to.
public struct ConsequenceInput: Sendable {
    public var result: AssessmentResult
    /// The unit's principal heads (at most two, the first first).
    public var heads: [UUID]
    /// Everyone in the unit, heads included.
    public var people: [UUID]
    /// Units given a 225 yellow card last year, per indicator code.
    public var yellowCardsLastYear: Set<String>
    public var criticismCount: Int
    public init(result: AssessmentResult, heads: [UUID], people: [UUID], yellowCardsLastYear: Set<String>, criticismCount: Int) {
        self.result = result; self.heads = heads; self.people = people; self.yellowCardsLastYear = yellowCardsLastYear
        self.criticismCount = criticismCount
    }
}

public enum ConsequenceRules {
    /// The consequences a published result carries, each with its reason; one function for the run,
    /// its preview of consequences, and the tests.
    public static func consequences(of input: ConsequenceInput, scheme: AssessmentScheme, runID: UUID, on day: Day) -> [Consequence] {
        let result = input.result
        let year = scheme.year
        let throughNextYear = Day(year: year + 1, month: 12, day: 31)
        var out: [Consequence] = []
        func make(_ kind: ConsequenceKind, person: UUID?, reason: ConsequenceReason, subject: String, figure: Double?) -> Consequence {
            Consequence(kind: kind, year: year, unitID: result.unitID, personID: person, runID: runID, reason: reason, subject: subject,
                        figure: figure, recordedOn: day, inForceUntil: kind == .reward ? nil : throughNextYear)
        }
        var yellow = false
        for item in scheme.items where item.applies225 {
            guard let code = item.indicatorCode, let line = result.lines.first(where: { $0.itemKey == item.key }),
                  !line.evidence.isEmpty || line.measure != nil else { continue }
            let met = line.kind == .veto ? !line.vetoed : AssessmentRules.isMet(line.measure)
            if met {
                out += input.heads.prefix(2).map { make(.reward, person: $0, reason: .planMet, subject: code, figure: line.measure) }
            } else if input.yellowCardsLastYear.contains(code) {
                out += input.heads.prefix(2).map { make(.dismissal, person: $0, reason: .planMissedTwice, subject: code, figure: line.measure) }
            } else {
                out.append(make(.yellowCard, person: nil, reason: .planMissed, subject: code, figure: line.measure))
                yellow = true
            }
        }
        for veto in result.vetoes {
            out += input.people.map { make(.restriction, person: $0, reason: .vetoed, subject: veto, figure: nil) }
        }
        let weak: (ConsequenceReason, Double?)? = result.grade == .poor ? (.gradedPoor, result.score)
            : input.criticismCount >= scheme.grading.criticismsForRecommendation ? (.repeatedCriticism, Double(input.criticismCount))
            : yellow ? (.yellowCard, nil) : nil
        if let (reason, figure) = weak, !out.contains(where: { $0.kind == .dismissal }), let head = input.heads.first {
            out.append(make(.demotion, person: head, reason: reason, subject: result.unitName, figure: figure))
        }
        return out
    }
}

public enum EligibilityQuestion: String, CaseIterable, Codable, Sendable {
    case promotion, reuse, excellence, model

    public var labelKey: L10nKey {
        switch self {
        case .promotion: .eligibilityPromotion
        case .reuse: .eligibilityReuse
        case .excellence: .eligibilityExcellence
        case .model: .eligibilityModel
        }
    }
}

public struct EligibilityAnswer: Equatable, Codable, Sendable {
    public var question: EligibilityQuestion
    public var allowed: Bool
    /// Every consequence in force that says no.
    public var restrictions: [Consequence]
    public init(question: EligibilityQuestion, allowed: Bool, restrictions: [Consequence]) {
        self.question = question; self.allowed = allowed; self.restrictions = restrictions
    }
}

public enum Eligibility {
    /// What each consequence bars while in force: 四不 all four; a yellow card on the unit bars its
    /// people's excellence and being held up as models; a dismissal or demotion recommendation bars
    /// promotion and reuse until it is decided.
    public static func bars(_ kind: ConsequenceKind) -> Set<EligibilityQuestion> {
        switch kind {
        case .restriction: Set(EligibilityQuestion.allCases)
        case .yellowCard: [.excellence, .model]
        case .dismissal, .demotion: [.promotion, .reuse]
        case .reward, .commendation: []
        }
    }

    /// The answer for one person: `consequences` are those recorded against them and their unit.
    public static func answer(consequences: [Consequence], on day: Day) -> [EligibilityAnswer] {
        let inForce = consequences.filter { $0.inForce(on: day) }
        return EligibilityQuestion.allCases.map { question in
            let against = inForce.filter { bars($0.kind).contains(question) }
            return EligibilityAnswer(question: question, allowed: against.isEmpty, restrictions: against)
        }
    }
}
