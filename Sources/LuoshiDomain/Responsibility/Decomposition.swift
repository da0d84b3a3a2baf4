// 全员责任制: the rules for splitting a task into sub-tasks, and how progress rolls back up.
import Foundation

public enum Decomposition {
    /// A sub-task may not end after its parent, and its unit must be the parent's responsible unit,
    /// one of its co-operating units, or a unit below one of those.
    /// `unitPath` is the sub-task's unit; `allowedPaths` the paths of the parent's responsible and co-operating units.
    public static func check(childDeadline: Day, parentDeadline: Day, unitPath: String,
                             allowedPaths: [String]) throws(RuleViolation) {
        guard childDeadline <= parentDeadline else { throw RuleViolation(.taskDeadlineAfterParent, field: .fieldDeadline) }
        guard allowedPaths.contains(where: { unitPath.hasPrefix($0) }) else {
            throw RuleViolation(.taskUnitOutsideParent, field: .fieldResponsibleUnit)
        }
    }

    public struct Node: Sendable {
        public var weight: Double
        public var progress: Double
        public var status: TaskStatus
        public var children: [Node]
        public init(weight: Double, progress: Double, status: TaskStatus, children: [Node] = []) {
            self.weight = weight; self.progress = progress; self.status = status; self.children = children
        }
    }

    /// Progress of a task, 0–100: a completed task is 100; one with (uncancelled) sub-tasks is the
    /// weighted mean of theirs; otherwise what was reported on it.
    public static func rolledUpProgress(_ node: Node) -> Double {
        if node.status == .completed { return 100 }
        let counted = node.children.filter { $0.status != .cancelled }
        let totalWeight = counted.reduce(0) { $0 + $1.weight }
        guard !counted.isEmpty, totalWeight > 0 else { return min(max(node.progress, 0), 100) }
        return counted.reduce(0) { $0 + $1.weight * rolledUpProgress($1) } / totalWeight
    }

    /// The share of the time from start to deadline that has passed, 0–1: for "behind schedule".
    public static func elapsedShare(start: Day, deadline: Day, today: Day) -> Double {
        let span = start.days(until: deadline)
        guard span > 0 else { return today >= deadline ? 1 : 0 }
        return min(max(Double(start.days(until: today)) / Double(span), 0), 1)
    }
}

/// Task codes: `2026-ZD-07` for key tasks; a sub-task takes its parent's code and a number.
public enum TaskCode {
    public static func keyTask(year: Int, number: Int) -> String { String(format: "%04d-ZD-%02d", year, number) }
    public static func subTask(parentCode: String, number: Int) -> String { "\(parentCode)-\(number)" }
}

/// How a task keeps pace with its time: the one rule behind a bar's colour on every page.
/// Progress behind the share of time elapsed by more than `laggingMargin` points is lagging.
public enum Pace: String, Sendable {
    case done, onTrack, lagging, overdue

    public static let laggingMargin = 10.0

    /// The progress a task would show if its work went evenly from start to deadline, 0–100.
    public static func expected(start: Day, deadline: Day, today: Day) -> Double {
        Decomposition.elapsedShare(start: start, deadline: deadline, today: today) * 100
    }

    public static func of(progress: Double, status: TaskStatus, start: Day, deadline: Day, today: Day) -> Pace {
        if status == .completed || status == .cancelled { return .done }
        if isOverdue(status: status, deadline: deadline, today: today) { return .overdue }
        return progress + laggingMargin < expected(start: start, deadline: deadline, today: today) ? .lagging : .onTrack
    }
}
