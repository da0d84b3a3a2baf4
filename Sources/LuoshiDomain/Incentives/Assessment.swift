// Target-management assessment (目标管理考核): a scheme per year and assessment group lists items
// with points, each with its source in the data and its formula; a run scores every unit of the
// group line by line, ranks the units, grades them under the quota for excellence, and flags vetoes.
// `AssessmentRules.score` is the one formula: preview, publish, page, API, CLI and export read it.
import Foundation

public enum AssessmentItemKind: String, CaseIterable, Codable, Sendable {
    /// Points × the unit's indicator completion (capped), or by thresholds.
    case indicators
    /// Points × the share of the unit's tasks due that were completed on time.
    case tasksOnTime
    /// Points × the share of the reports due that came in on time.
    case reportsOnTime
    /// Points × the unit's observation score (0–100) ÷ 100, the mean over the year's closed events.
    case observation
    /// Minus so much per criticism of the unit, at most the item's points.
    case criticisms
    /// Minus each urge notice's and supervision order's own deduction (else so much per notice), at most the points.
    case notices
    /// Minus so much per late report, at most the points.
    case lateReports
    /// Plus the bonus points (加分) recorded with evidence, at most the points.
    case bonus
    /// 一票否决: the unit's share of the named indicator missed → vetoed; scores no points.
    case veto

    public var labelKey: L10nKey {
        switch self {
        case .indicators: .itemKindIndicators
        case .tasksOnTime: .itemKindTasksOnTime
        case .reportsOnTime: .itemKindReportsOnTime
        case .observation: .itemKindObservation
        case .criticisms: .itemKindCriticisms
        case .notices: .itemKindNotices
        case .lateReports: .itemKindLateReports
        case .bonus: .itemKindBonus
        case .veto: .itemKindVeto
        }
    }

    /// Deductions take points away; the others add them.
    public var deducts: Bool { self == .criticisms || self == .notices || self == .lateReports }
    /// Kinds that read one indicator tree (by its root code).
    public var readsIndicator: Bool { self == .indicators || self == .veto }
}

/// Completion at or above `completion` (0–…, 1 = 100%) earns `share` of the points.
public struct AssessmentThreshold: Equatable, Codable, Sendable {
    public var completion: Double
    public var share: Double
    public init(completion: Double, share: Double) { self.completion = completion; self.share = share }
}

public struct AssessmentItem: Equatable, Codable, Sendable {
    public var key: String
    public var name: String
    public var kind: AssessmentItemKind
    /// The most the item adds (or, for a deduction, takes away).
    public var points: Double
    /// The indicator tree the item reads (the code of its root), for indicator and veto items; none = all the unit's.
    public var indicatorCode: String?
    /// Points per counted thing, for deductions.
    public var perCount: Double
    /// Completion is capped at this (1.2 = 120%) unless thresholds are given.
    public var completionCap: Double
    public var thresholds: [AssessmentThreshold]
    /// The "225" rule applies to this indicator: met → reward, missed → yellow card, missed twice → dismissal.
    public var applies225: Bool

    public init(key: String, name: String, kind: AssessmentItemKind, points: Double, indicatorCode: String? = nil, perCount: Double = 0,
                completionCap: Double = 1, thresholds: [AssessmentThreshold] = [], applies225: Bool = false) {
        self.key = key; self.name = name; self.kind = kind; self.points = points; self.indicatorCode = indicatorCode
        self.perCount = perCount; self.completionCap = completionCap; self.thresholds = thresholds; self.applies225 = applies225
    }
}

/// How grades are given: the excellence quota (a share of the group) and the score floors.
public struct GradeRule: Equatable, Codable, Sendable {
    /// At most this share of the group (rounded down) is graded excellent.
    public var excellenceQuota: Double
    public var excellentMin: Double
    public var goodMin: Double
    public var fairMin: Double
    /// Criticisms in the year from which a unit's heads are recommended for demotion or removal.
    public var criticismsForRecommendation: Int
    public init(excellenceQuota: Double = 0.3, excellentMin: Double = 90, goodMin: Double = 80, fairMin: Double = 60,
                criticismsForRecommendation: Int = 3) {
        self.excellenceQuota = excellenceQuota; self.excellentMin = excellentMin; self.goodMin = goodMin; self.fairMin = fairMin
        self.criticismsForRecommendation = criticismsForRecommendation
    }
}

public struct AssessmentScheme: Equatable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var year: Int
    public var group: AssessmentGroup
    /// 1, 2, …: every change makes a new version; a run names the version it used.
    public var version: Int
    public var title: String
    public var items: [AssessmentItem]
    public var grading: GradeRule
    public var createdOn: Day
    public var createdBy: String

    public init(id: UUID, year: Int, group: AssessmentGroup, version: Int, title: String, items: [AssessmentItem], grading: GradeRule,
                createdOn: Day, createdBy: String) {
        self.id = id; self.year = year; self.group = group; self.version = version; self.title = title; self.items = items
        self.grading = grading; self.createdOn = createdOn; self.createdBy = createdBy
    }

    /// The most a unit can score: the points of every item that adds.
    public var maxScore: Double { items.filter { !$0.kind.deducts && $0.kind != .veto }.reduce(0) { $0 + $1.points } }
}

public enum Grade: String, CaseIterable, Codable, Sendable, Comparable {
    case excellent, good, fair, poor

    public var labelKey: L10nKey {
        switch self {
        case .excellent: .gradeExcellent
        case .good: .gradeGood
        case .fair: .gradeFair
        case .poor: .gradePoor
        }
    }

    public static func < (a: Grade, b: Grade) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
}

// MARK: The facts a run reads

public struct IndicatorFact: Equatable, Codable, Sendable {
    public var id: UUID
    public var code: String
    public var name: String
    /// The code of the root of its tree (its own code for a root).
    public var rootCode: String
    /// Start-to-target completion (0–cap); nil without a value.
    public var completion: Double?
    public init(id: UUID, code: String, name: String, rootCode: String, completion: Double?) {
        self.id = id; self.code = code; self.name = name; self.rootCode = rootCode; self.completion = completion
    }
}

public enum TaskOutcome: String, Codable, Sendable {
    case onTime, late, missed
}

public struct TaskFact: Equatable, Codable, Sendable {
    public var id: UUID
    public var code: String
    public var title: String
    public var deadline: Day
    public var outcome: TaskOutcome
    public init(id: UUID, code: String, title: String, deadline: Day, outcome: TaskOutcome) {
        self.id = id; self.code = code; self.title = title; self.deadline = deadline; self.outcome = outcome
    }
}

/// A period a task owed a report for, and how it was met.
public struct ReportFact: Equatable, Codable, Sendable {
    public var taskID: UUID
    public var taskCode: String
    public var periodKey: String
    /// nil: no report; true: came in late; false: on time.
    public var late: Bool?
    public init(taskID: UUID, taskCode: String, periodKey: String, late: Bool?) {
        self.taskID = taskID; self.taskCode = taskCode; self.periodKey = periodKey; self.late = late
    }
}

public struct CountedFact: Equatable, Codable, Sendable {
    public var id: UUID
    public var label: String
    public var day: Day
    public var points: Double
    public init(id: UUID, label: String, day: Day, points: Double = 0) { self.id = id; self.label = label; self.day = day; self.points = points }
}

public struct ObservationFact: Equatable, Codable, Sendable {
    public var eventID: UUID
    public var title: String
    public var score: Double
    public var rank: Int
    public var of: Int
    public init(eventID: UUID, title: String, score: Double, rank: Int, of: Int) {
        self.eventID = eventID; self.title = title; self.score = score; self.rank = rank; self.of = of
    }
}

/// Everything the data says of one unit for one year, as a run reads it.
public struct UnitFacts: Equatable, Codable, Sendable {
    public var unitID: UUID
    public var unitName: String
    public var indicators: [IndicatorFact]
    /// The tasks named in the breakdown (those not completed on time first); the counts are whole.
    public var tasks: [TaskFact]
    public var tasksDue: Int
    public var tasksOnTime: Int
    /// Report periods owed (only the ones missed or late are kept one by one; the counts are whole).
    public var reportsDue: Int
    public var reportsOnTime: Int
    public var reportLapses: [ReportFact]
    public var lateReports: Int
    public var criticisms: [CountedFact]
    public var notices: [CountedFact]
    public var bonuses: [CountedFact]
    public var observations: [ObservationFact]

    public init(unitID: UUID, unitName: String, indicators: [IndicatorFact] = [], tasks: [TaskFact] = [], tasksDue: Int? = nil,
                tasksOnTime: Int? = nil, reportsDue: Int = 0,
                reportsOnTime: Int = 0, reportLapses: [ReportFact] = [], lateReports: Int = 0, criticisms: [CountedFact] = [],
                notices: [CountedFact] = [], bonuses: [CountedFact] = [], observations: [ObservationFact] = []) {
        self.unitID = unitID; self.unitName = unitName; self.indicators = indicators; self.tasks = tasks
        self.tasksDue = tasksDue ?? tasks.count; self.tasksOnTime = tasksOnTime ?? tasks.filter { $0.outcome == .onTime }.count
        self.reportsDue = reportsDue
        self.reportsOnTime = reportsOnTime; self.reportLapses = reportLapses; self.lateReports = lateReports; self.criticisms = criticisms
        self.notices = notices; self.bonuses = bonuses; self.observations = observations
    }

    public func indicators(for item: AssessmentItem) -> [IndicatorFact] {
        guard let code = item.indicatorCode else { return indicators }
        return indicators.filter { $0.rootCode == code }
    }
}

// MARK: Results

public enum EvidenceKind: String, Codable, Sendable {
    case indicator, task, report, criticism, notice, bonus, observation
}

/// One fact behind a line: what it is, its figure, and whether it cost points.
public struct AssessmentEvidence: Equatable, Codable, Sendable {
    public var kind: EvidenceKind
    public var id: UUID
    public var label: String
    public var figure: Double?
    public var day: Day?
    public var costs: Bool
    public init(kind: EvidenceKind, id: UUID, label: String, figure: Double? = nil, day: Day? = nil, costs: Bool = false) {
        self.kind = kind; self.id = id; self.label = label; self.figure = figure; self.day = day; self.costs = costs
    }
}

/// One item's line in a unit's breakdown: the measure found, the points earned, and the facts.
public struct AssessmentLine: Equatable, Codable, Sendable {
    public var itemKey: String
    public var itemName: String
    public var kind: AssessmentItemKind
    public var points: Double
    public var earned: Double
    /// A share (0–…) for rated kinds, a count for deductions and bonuses, a score for observation.
    public var measure: Double?
    /// How many were counted, and of how many (tasks on time of those due, reports on time of those due).
    public var counted: Int?
    public var outOf: Int?
    public var vetoed: Bool
    public var evidence: [AssessmentEvidence]
    public init(itemKey: String, itemName: String, kind: AssessmentItemKind, points: Double, earned: Double, measure: Double?,
                counted: Int? = nil, outOf: Int? = nil, vetoed: Bool = false, evidence: [AssessmentEvidence]) {
        self.itemKey = itemKey; self.itemName = itemName; self.kind = kind; self.points = points; self.earned = earned
        self.measure = measure; self.counted = counted; self.outOf = outOf; self.vetoed = vetoed; self.evidence = evidence
    }
}

public struct AssessmentResult: Equatable, Codable, Sendable {
    public var unitID: UUID
    public var unitName: String
    public var score: Double
    public var rank: Int
    public var grade: Grade
    /// The veto items the unit failed (their names); a vetoed unit is never excellent.
    public var vetoes: [String]
    /// Points behind the unit ranked above (nil for the first).
    public var gapToAhead: Double?
    public var lines: [AssessmentLine]
    public init(unitID: UUID, unitName: String, score: Double, rank: Int, grade: Grade, vetoes: [String], gapToAhead: Double?,
                lines: [AssessmentLine]) {
        self.unitID = unitID; self.unitName = unitName; self.score = score; self.rank = rank; self.grade = grade; self.vetoes = vetoes
        self.gapToAhead = gapToAhead; self.lines = lines
    }
}

public enum AssessmentRules {
    /// Evidence kept per line: the facts that cost points first, then the others, so that a unit's
    /// breakdown stays readable; the counts are always whole.
    public static let evidencePerLine = 40

    public static func check(_ item: AssessmentItem) throws(RuleViolation) {
        try FieldRules.text(item.key, field: .fieldItemKey, maxLength: 20)
        try FieldRules.text(item.name, field: .fieldItemName, maxLength: 200)
        guard item.points.isFinite, (0...1000).contains(item.points), item.kind == .veto || item.points > 0 else {
            throw RuleViolation(.fieldOutOfRange, field: .fieldPoints)
        }
        guard item.perCount.isFinite, (0...1000).contains(item.perCount) else { throw RuleViolation(.fieldOutOfRange, field: .fieldPerCount) }
        guard item.completionCap.isFinite, (0.5...3).contains(item.completionCap) else {
            throw RuleViolation(.fieldOutOfRange, field: .fieldCompletionCap)
        }
        for threshold in item.thresholds {
            guard threshold.completion.isFinite, threshold.share.isFinite, (0...3).contains(threshold.completion), (0...1).contains(threshold.share) else {
                throw RuleViolation(.fieldOutOfRange, field: .fieldThresholds)
            }
        }
        if item.kind == .veto && item.indicatorCode == nil { throw RuleViolation(.assessmentVetoNeedsIndicator, field: .fieldIndicatorCode) }
        if item.applies225 && (!item.kind.readsIndicator || item.indicatorCode == nil) {
            throw RuleViolation(.assessmentRule225NeedsIndicator, field: .fieldIndicatorCode)
        }
    }

    public static func check(_ grading: GradeRule) throws(RuleViolation) {
        guard grading.excellenceQuota.isFinite, (0...1).contains(grading.excellenceQuota) else {
            throw RuleViolation(.fieldOutOfRange, field: .fieldExcellenceQuota)
        }
        guard grading.fairMin <= grading.goodMin, grading.goodMin <= grading.excellentMin, grading.fairMin >= 0, grading.excellentMin <= 1000 else {
            throw RuleViolation(.assessmentGradeFloorsOutOfOrder, field: .fieldGradeFloors)
        }
        guard (1...100).contains(grading.criticismsForRecommendation) else { throw RuleViolation(.fieldOutOfRange, field: .fieldCriticismsForRecommendation) }
    }

    /// The share of an item's points an indicator completion earns: by thresholds when given (the
    /// highest one reached), else the completion capped.
    public static func share(completion: Double, item: AssessmentItem) -> Double {
        if !item.thresholds.isEmpty {
            return item.thresholds.filter { completion + 1e-9 >= $0.completion }.map(\.share).max() ?? 0
        }
        return min(max(completion, 0), item.completionCap)
    }

    /// A unit's share of an indicator is met at 100% completion (to within rounding).
    public static func isMet(_ completion: Double?) -> Bool { (completion ?? 0) >= 1 - 1e-9 }

    /// One unit's lines under a scheme: every point explained by the facts behind it.
    public static func lines(for facts: UnitFacts, scheme: AssessmentScheme) -> [AssessmentLine] {
        scheme.items.map { line(for: $0, facts: facts) }
    }

    static func line(for item: AssessmentItem, facts: UnitFacts) -> AssessmentLine {
        func keep(_ evidence: [AssessmentEvidence]) -> [AssessmentEvidence] {
            Array((evidence.filter(\.costs) + evidence.filter { !$0.costs }).prefix(evidencePerLine))
        }
        func deduction(_ things: [CountedFact], kind: EvidenceKind, ownPoints: Bool) -> AssessmentLine {
            let each = things.map { ownPoints && $0.points > 0 ? $0.points : item.perCount }
            let total = min(each.reduce(0, +), item.points)
            let evidence = zip(things, each).map { AssessmentEvidence(kind: kind, id: $0.id, label: $0.label, figure: $1, day: $0.day, costs: $1 > 0) }
            return AssessmentLine(itemKey: item.key, itemName: item.name, kind: item.kind, points: item.points, earned: rounded(-total),
                                  measure: Double(things.count), counted: things.count, evidence: keep(evidence))
        }
        switch item.kind {
        case .indicators, .veto:
            let indicators = facts.indicators(for: item)
            let completions = indicators.map { $0.completion ?? 0 }
            let completion = completions.isEmpty ? nil : completions.reduce(0, +) / Double(completions.count)
            let evidence = indicators.map {
                AssessmentEvidence(kind: .indicator, id: $0.id, label: "\($0.code) \($0.name)", figure: $0.completion, costs: !isMet($0.completion))
            }
            if item.kind == .veto {
                // No share of the indicator: nothing to fail.
                let vetoed = !indicators.isEmpty && indicators.contains { !isMet($0.completion) }
                return AssessmentLine(itemKey: item.key, itemName: item.name, kind: item.kind, points: item.points, earned: 0,
                                      measure: completion, vetoed: vetoed, evidence: keep(evidence))
            }
            // No share of any indicator: nothing is at stake, the points are whole (as with no task due).
            let earned = completion.map { item.points * share(completion: $0, item: item) } ?? item.points
            return AssessmentLine(itemKey: item.key, itemName: item.name, kind: item.kind, points: item.points, earned: rounded(earned),
                                  measure: completion, counted: indicators.filter { isMet($0.completion) }.count, outOf: indicators.count,
                                  evidence: keep(evidence))
        case .tasksOnTime:
            let onTime = facts.tasksOnTime
            // Nothing due: nothing missed, the points are whole.
            let measure = facts.tasksDue == 0 ? 1 : Double(onTime) / Double(facts.tasksDue)
            let evidence = facts.tasks.map {
                AssessmentEvidence(kind: .task, id: $0.id, label: "\($0.code) \($0.title)", figure: nil, day: $0.deadline, costs: $0.outcome != .onTime)
            }
            return AssessmentLine(itemKey: item.key, itemName: item.name, kind: item.kind, points: item.points,
                                  earned: rounded(item.points * measure), measure: measure, counted: onTime, outOf: facts.tasksDue,
                                  evidence: keep(evidence))
        case .reportsOnTime:
            let measure = facts.reportsDue == 0 ? 1 : Double(min(facts.reportsOnTime, facts.reportsDue)) / Double(facts.reportsDue)
            let evidence = facts.reportLapses.map {
                AssessmentEvidence(kind: .report, id: $0.taskID, label: "\($0.taskCode) \($0.periodKey)", figure: $0.late == nil ? nil : 1, costs: true)
            }
            return AssessmentLine(itemKey: item.key, itemName: item.name, kind: item.kind, points: item.points,
                                  earned: rounded(item.points * measure), measure: measure, counted: facts.reportsOnTime, outOf: facts.reportsDue,
                                  evidence: keep(evidence))
        case .observation:
            let scores = facts.observations.map(\.score)
            let mean = scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count)
            let evidence = facts.observations.map {
                AssessmentEvidence(kind: .observation, id: $0.eventID, label: $0.title, figure: $0.score, costs: $0.score < ObservationRules.maxScore)
            }
            return AssessmentLine(itemKey: item.key, itemName: item.name, kind: item.kind, points: item.points,
                                  earned: rounded(item.points * (mean ?? 0) / ObservationRules.maxScore), measure: mean.map(ObservationRules.rounded),
                                  counted: scores.count, evidence: keep(evidence))
        case .criticisms: return deduction(facts.criticisms, kind: .criticism, ownPoints: false)
        case .notices: return deduction(facts.notices, kind: .notice, ownPoints: true)
        case .lateReports:
            let lapses = facts.reportLapses.filter { $0.late == true }
            let total = min(Double(facts.lateReports) * item.perCount, item.points)
            let evidence = lapses.map { AssessmentEvidence(kind: .report, id: $0.taskID, label: "\($0.taskCode) \($0.periodKey)", figure: item.perCount, costs: true) }
            return AssessmentLine(itemKey: item.key, itemName: item.name, kind: item.kind, points: item.points, earned: rounded(-total),
                                  measure: Double(facts.lateReports), counted: facts.lateReports, evidence: keep(evidence))
        case .bonus:
            let total = min(facts.bonuses.reduce(0) { $0 + $1.points }, item.points)
            let evidence = facts.bonuses.map { AssessmentEvidence(kind: .bonus, id: $0.id, label: $0.label, figure: $0.points, day: $0.day) }
            return AssessmentLine(itemKey: item.key, itemName: item.name, kind: item.kind, points: item.points, earned: rounded(total),
                                  measure: facts.bonuses.reduce(0) { $0 + $1.points }, counted: facts.bonuses.count, evidence: keep(evidence))
        }
    }

    /// Scores, ranks and grades a group: ranks by score (ties share a rank), then grades. At most the
    /// quota (the group's size × the quota, rounded down) is excellent, from the best down, among the
    /// units not vetoed and at or above the excellent floor; where a tie at the quota's edge would take
    /// it over, none of the tied units is excellent (the quota is a ceiling). The rest by floors.
    public static func results(for facts: [UnitFacts], scheme: AssessmentScheme) -> [AssessmentResult] {
        var scored = facts.map { unit -> AssessmentResult in
            let lines = lines(for: unit, scheme: scheme)
            let score = rounded(lines.reduce(0) { $0 + $1.earned })
            return AssessmentResult(unitID: unit.unitID, unitName: unit.unitName, score: score, rank: 0, grade: .poor,
                                    vetoes: lines.filter(\.vetoed).map(\.itemName), gapToAhead: nil, lines: lines)
        }
        let order = facts.enumerated().reduce(into: [UUID: Int]()) { $0[$1.element.unitID] = $1.offset }
        scored.sort { $0.score != $1.score ? $0.score > $1.score : order[$0.unitID, default: 0] < order[$1.unitID, default: 0] }
        let ranks = Ranking.competitionRanks(scored.map(\.score))
        for index in scored.indices {
            scored[index].rank = ranks[index] ?? index + 1
            let score = scored[index].score
            scored[index].gapToAhead = scored[..<index].last(where: { $0.score > score }).map { rounded($0.score - score) }
        }
        let quota = Int((Double(scored.count) * scheme.grading.excellenceQuota + 1e-9).rounded(.down))
        let candidates = scored.filter { $0.vetoes.isEmpty && $0.score >= scheme.grading.excellentMin }
        var excellent = Set<UUID>()
        var index = 0
        while index < candidates.count {
            // The candidates tied with this one go in together or not at all.
            let tied = candidates[index...].prefix { $0.score == candidates[index].score }
            guard excellent.count + tied.count <= quota else { break }
            excellent.formUnion(tied.map(\.unitID))
            index += tied.count
        }
        for index in scored.indices {
            let score = scored[index].score
            let grading = scheme.grading
            scored[index].grade = excellent.contains(scored[index].unitID) ? .excellent
                : score >= grading.goodMin ? .good : score >= grading.fairMin ? .fair : .poor
        }
        return scored
    }

    static func rounded(_ value: Double) -> Double { (value * 100).rounded() / 100 }
}

/// Bonus points (加分) for a unit in a year, with the evidence behind them.
public struct AssessmentBonus: Equatable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var year: Int
    public var unitID: UUID
    public var points: Double
    public var reason: String
    public var evidence: String
    public var day: Day
    public var recordedBy: String
    public init(id: UUID = UUID(), year: Int, unitID: UUID, points: Double, reason: String, evidence: String, day: Day, recordedBy: String) {
        self.id = id; self.year = year; self.unitID = unitID; self.points = points; self.reason = reason; self.evidence = evidence
        self.day = day; self.recordedBy = recordedBy
    }
}

/// A unit's line in a league table: what the page and the list show without the whole breakdown.
public struct LeagueLine: Equatable, Codable, Sendable {
    public var unitID: UUID
    public var unitName: String
    public var rank: Int
    public var score: Double
    public var grade: Grade
    public var vetoes: [String]
    public var gapToAhead: Double?
    /// Each item's points earned, in the scheme's order.
    public var earned: [Double]
    public init(unitID: UUID, unitName: String, rank: Int, score: Double, grade: Grade, vetoes: [String], gapToAhead: Double?, earned: [Double]) {
        self.unitID = unitID; self.unitName = unitName; self.rank = rank; self.score = score; self.grade = grade; self.vetoes = vetoes
        self.gapToAhead = gapToAhead; self.earned = earned
    }
}

extension AssessmentScheme {
    /// The items a new scheme starts from (the office adds its indicator, veto and 225 items, which
    /// name indicators by code): towns and streets are also scored on observation events.
    public static func standardItems(for group: AssessmentGroup) -> [AssessmentItem] {
        let towns = group == .townsAndStreets
        return [
            AssessmentItem(key: "1", name: "经济社会发展指标完成情况", kind: .indicators, points: towns ? 45 : 40, completionCap: 1.2),
            AssessmentItem(key: "2", name: "重点工作按时完成", kind: .tasksOnTime, points: towns ? 25 : 40),
            AssessmentItem(key: "3", name: "进展按时报送", kind: .reportsOnTime, points: towns ? 10 : 15),
        ] + (towns ? [AssessmentItem(key: "4", name: "观摩评比", kind: .observation, points: 15)] : []) + [
            AssessmentItem(key: "5", name: "受到批评", kind: .criticisms, points: 5, perCount: 1),
            AssessmentItem(key: "6", name: "被催办督办", kind: .notices, points: 5, perCount: 0.5),
            AssessmentItem(key: "7", name: "迟报", kind: .lateReports, points: 3, perCount: 0.2),
            AssessmentItem(key: "8", name: "加分项目", kind: .bonus, points: 5),
        ]
    }
}
