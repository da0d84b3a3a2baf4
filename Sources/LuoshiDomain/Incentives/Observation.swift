// Observation and ranking (观摩评比): an event with criteria and weights, the units observed and a
// panel of raters; each rater scores each unit on each criterion (0–100). A unit's score on a
// criterion is the mean of its raters' scores, the highest and the lowest dropped when the event
// says so and at least three raters scored; its total is the weighted mean over the criteria. The
// result is a ranking with the gap to the unit ahead (比位次、找差距).
import Foundation

public enum ObservationState: String, CaseIterable, Codable, Sendable {
    /// Raters are scoring; each sees only their own sheet.
    case scoring
    /// Scores are final; the ranking is read by all, and the assessment takes it.
    case closed

    public var labelKey: L10nKey { self == .scoring ? .observationScoring : .observationClosed }
}

public struct ObservationCriterion: Equatable, Codable, Sendable {
    public var name: String
    /// A positive weight; the weights need not add up to anything.
    public var weight: Double
    public init(name: String, weight: Double) { self.name = name; self.weight = weight }
}

public struct ObservationEvent: Equatable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var year: Int
    public var title: String
    public var day: Day
    public var criteria: [ObservationCriterion]
    public var unitIDs: [UUID]
    /// The raters' accounts.
    public var raterIDs: [UUID]
    /// Drop each criterion's highest and lowest rater score (from three raters up).
    public var dropsExtremes: Bool
    public var state: ObservationState

    public init(id: UUID, year: Int, title: String, day: Day, criteria: [ObservationCriterion], unitIDs: [UUID], raterIDs: [UUID],
                dropsExtremes: Bool = true, state: ObservationState = .scoring) {
        self.id = id; self.year = year; self.title = title; self.day = day; self.criteria = criteria; self.unitIDs = unitIDs
        self.raterIDs = raterIDs; self.dropsExtremes = dropsExtremes; self.state = state
    }
}

/// One rater's score of one unit on one criterion.
public struct ObservationScore: Equatable, Codable, Sendable {
    public var raterID: UUID
    public var unitID: UUID
    public var criterion: Int
    public var score: Double
    public init(raterID: UUID, unitID: UUID, criterion: Int, score: Double) {
        self.raterID = raterID; self.unitID = unitID; self.criterion = criterion; self.score = score
    }
}

/// A unit's place in an event's ranking.
public struct ObservationStanding: Equatable, Codable, Sendable {
    public var unitID: UUID
    /// The weighted score, 0–100, rounded to two decimals; nil when nobody scored the unit.
    public var score: Double?
    /// 1 for the best; units with equal scores share a rank (1, 2, 2, 4).
    public var rank: Int?
    /// Points behind the next better score (nil for the first).
    public var gapToAhead: Double?
    /// Each criterion's score after trimming.
    public var criterionScores: [Double?]
    public init(unitID: UUID, score: Double?, rank: Int?, gapToAhead: Double?, criterionScores: [Double?]) {
        self.unitID = unitID; self.score = score; self.rank = rank; self.gapToAhead = gapToAhead; self.criterionScores = criterionScores
    }
}

public enum ObservationRules {
    public static let maxScore = 100.0

    /// An event has a title, one to twenty criteria with names and positive weights, units and raters.
    public static func check(_ event: ObservationEvent) throws(RuleViolation) {
        guard !event.criteria.isEmpty, event.criteria.count <= 20 else { throw RuleViolation(.observationNeedsCriteria, field: .fieldCriteria) }
        for criterion in event.criteria {
            guard !criterion.name.isEmpty else { throw RuleViolation(.observationNeedsCriteria, field: .fieldCriteria) }
            guard criterion.weight > 0, criterion.weight <= 1000, criterion.weight.isFinite else {
                throw RuleViolation(.fieldOutOfRange, field: .fieldWeight)
            }
        }
        guard !event.unitIDs.isEmpty else { throw RuleViolation(.observationNeedsUnits, field: .fieldUnits) }
        guard !event.raterIDs.isEmpty else { throw RuleViolation(.observationNeedsRaters, field: .fieldRaters) }
    }

    public static func checkScore(_ score: Double) throws(RuleViolation) {
        guard score.isFinite, (0...maxScore).contains(score) else { throw RuleViolation(.fieldOutOfRange, field: .fieldScore, limit: Int(maxScore)) }
    }

    /// The mean of `scores`, the highest and lowest dropped when asked and there are at least three.
    public static func trimmedMean(_ scores: [Double], dropsExtremes: Bool) -> Double? {
        guard !scores.isEmpty else { return nil }
        var kept = scores.sorted()
        if dropsExtremes && kept.count >= 3 { kept.removeFirst(); kept.removeLast() }
        return kept.reduce(0, +) / Double(kept.count)
    }

    /// The ranking of an event's units from its scores, best first (unscored units last, unranked).
    public static func standings(of event: ObservationEvent, scores: [ObservationScore]) -> [ObservationStanding] {
        var byCell: [UUID: [Int: [Double]]] = [:]
        let raters = Set(event.raterIDs)
        for score in scores where raters.contains(score.raterID) && event.criteria.indices.contains(score.criterion) {
            byCell[score.unitID, default: [:]][score.criterion, default: []].append(score.score)
        }
        let totalWeight = event.criteria.reduce(0) { $0 + $1.weight }
        var standings = event.unitIDs.map { unitID -> ObservationStanding in
            let perCriterion = event.criteria.indices.map { trimmedMean(byCell[unitID]?[$0] ?? [], dropsExtremes: event.dropsExtremes) }
            var weighted = 0.0, weight = 0.0
            for (index, value) in perCriterion.enumerated() {
                guard let value else { continue }
                weighted += value * event.criteria[index].weight; weight += event.criteria[index].weight
            }
            // A criterion nobody scored counts as nothing, so a half-scored unit does not outrank a whole one.
            let score = weight > 0 && totalWeight > 0 ? rounded(weighted / totalWeight) : nil
            return ObservationStanding(unitID: unitID, score: score, rank: nil, gapToAhead: nil, criterionScores: perCriterion.map { $0.map(rounded) })
        }
        let order = event.unitIDs.enumerated().reduce(into: [UUID: Int]()) { $0[$1.element] = $1.offset }
        standings.sort { a, b in
            switch (a.score, b.score) {
            case let (x?, y?) where x != y: return x > y
            case (nil, _?): return false
            case (_?, nil): return true
            default: return order[a.unitID, default: 0] < order[b.unitID, default: 0]
            }
        }
        let ranks = Ranking.competitionRanks(standings.map(\.score))
        for index in standings.indices {
            standings[index].rank = ranks[index]
            guard let score = standings[index].score else { continue }
            // The gap to the next better score: ties are not ahead of each other.
            standings[index].gapToAhead = standings[..<index].compactMap(\.score).last(where: { $0 > score }).map { rounded($0 - score) }
        }
        return standings
    }

    static func rounded(_ value: Double) -> Double { (value * 100).rounded() / 100 }
}

public enum Ranking {
    /// Standard competition ranks (1, 2, 2, 4) of scores already sorted best first; nil stays unranked.
    public static func competitionRanks(_ sortedScores: [Double?]) -> [Int?] {
        var ranks: [Int?] = []
        for (index, score) in sortedScores.enumerated() {
            guard let score else { ranks.append(nil); continue }
            if index > 0, let previous = sortedScores[index - 1], previous == score, let rank = ranks[index - 1] {
                ranks.append(rank)
            } else {
                ranks.append(index + 1)
            }
        }
        return ranks
    }
}
