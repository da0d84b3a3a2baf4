// Indicators (指标): quantified targets with a direction, a decomposition tree that rolls up, and
// readings over time. Completion is the start-to-target position of the current value.
import Foundation

public enum MeasureUnit: String, CaseIterable, Codable, Sendable {
    case wanYuan, yiYuan, count, people, percent

    public var labelKey: L10nKey {
        switch self {
        case .wanYuan: .measureWanYuan
        case .yiYuan: .measureYiYuan
        case .count: .measureCount
        case .people: .measurePeople
        case .percent: .measurePercent
        }
    }
}

public enum Direction: String, CaseIterable, Codable, Sendable {
    case higherIsBetter, lowerIsBetter

    public var labelKey: L10nKey { self == .higherIsBetter ? .directionHigher : .directionLower }
}

public enum RollUp: String, CaseIterable, Codable, Sendable {
    case sum, mean, min, max

    public var labelKey: L10nKey {
        switch self {
        case .sum: .rollUpSum
        case .mean: .rollUpMean
        case .min: .rollUpMin
        case .max: .rollUpMax
        }
    }

    public func combine(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        switch self {
        case .sum: return values.reduce(0, +)
        case .mean: return values.reduce(0, +) / Double(values.count)
        case .min: return values.min()
        case .max: return values.max()
        }
    }
}

public struct Indicator: Equatable, Codable, Sendable {
    public var id: UUID
    public var year: Int
    public var code: String
    public var name: String
    public var measure: MeasureUnit
    public var direction: Direction
    /// The period the target is for, as text: "2026", "2026-H1", "2026-Q3".
    public var period: String
    /// Where the count starts (the baseline); completion measures from here to the target.
    public var baseline: Double
    public var target: Double
    public var ownerUnitID: UUID?
    public var ownerPersonID: UUID?
    public var parentID: UUID?
    public var path: String
    public var rollUp: RollUp
    /// Completion is capped at this share of the target (1.2 = 120%).
    public var completionCap: Double

    public init(id: UUID, year: Int, code: String, name: String, measure: MeasureUnit, direction: Direction, period: String,
                baseline: Double, target: Double, ownerUnitID: UUID?, ownerPersonID: UUID?, parentID: UUID?, path: String,
                rollUp: RollUp, completionCap: Double) {
        self.id = id; self.year = year; self.code = code; self.name = name; self.measure = measure; self.direction = direction
        self.period = period; self.baseline = baseline; self.target = target; self.ownerUnitID = ownerUnitID
        self.ownerPersonID = ownerPersonID; self.parentID = parentID; self.path = path; self.rollUp = rollUp
        self.completionCap = completionCap
    }
}

public struct Reading: Equatable, Codable, Sendable {
    public var id: UUID
    public var indicatorID: UUID
    public var value: Double
    public var asOf: Day
    public var recordedBy: String
    public var comment: String
    public var evidence: String
    public init(id: UUID, indicatorID: UUID, value: Double, asOf: Day, recordedBy: String, comment: String, evidence: String) {
        self.id = id; self.indicatorID = indicatorID; self.value = value; self.asOf = asOf
        self.recordedBy = recordedBy; self.comment = comment; self.evidence = evidence
    }
}

public enum IndicatorMath {
    /// Start-to-target position of `current`, between 0 and `cap`; nil without a value.
    /// Higher-is-better: (current − baseline) / (target − baseline); lower-is-better mirrors it.
    public static func completion(current: Double?, baseline: Double, target: Double, direction: Direction,
                                  cap: Double) -> Double? {
        guard let current else { return nil }
        let span = direction == .higherIsBetter ? target - baseline : baseline - target
        let gained = direction == .higherIsBetter ? current - baseline : baseline - current
        let share: Double
        if span == 0 {
            share = gained >= 0 ? 1 : 0
        } else if span < 0 {
            // A target on the wrong side of the baseline: met when not worse than the target.
            share = (direction == .higherIsBetter ? current >= target : current <= target) ? 1 : 0
        } else {
            share = gained / span
        }
        return min(max(share, 0), cap)
    }

    /// The current value: the latest reading of the indicator itself, else its children rolled up.
    public static func current(ownLatest: Double?, childCurrents: [Double?], rollUp: RollUp) -> Double? {
        if let ownLatest { return ownLatest }
        return rollUp.combine(childCurrents.compactMap { $0 })
    }

    /// A sum decomposition whose children's targets add up to less than the parent's target.
    public static func isUnderAllocated(parentTarget: Double, childTargets: [Double], rollUp: RollUp,
                                        direction: Direction) -> Bool {
        guard rollUp == .sum, !childTargets.isEmpty else { return false }
        let allocated = childTargets.reduce(0, +)
        let tolerance = 1e-9 * max(1, abs(parentTarget))
        return direction == .higherIsBetter ? allocated + tolerance < parentTarget : allocated - tolerance > parentTarget
    }
}
