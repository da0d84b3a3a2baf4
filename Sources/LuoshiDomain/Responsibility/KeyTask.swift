// A key task (重点工作) or one of its sub-tasks. Called KeyTask in code because Swift's own `Task`
// is everywhere; the table, API and URLs say "tasks".
import Foundation

public struct Milestone: Equatable, Codable, Sendable {
    public var date: Day
    public var target: String
    public init(date: Day, target: String) { self.date = date; self.target = target }

    /// Milestones written one a line, or in a spreadsheet cell separated by "；" (or ";") before the
    /// next date: a date, then what is to be reached by it ("2026-06-30 完成主体工程"). A "；" inside
    /// a target stays part of it. Forms and imports read them alike.
    public static func parse(_ text: String) throws(RuleViolation) -> [Milestone] {
        var milestones: [Milestone] = []
        for line in text.split(whereSeparator: \.isNewline).flatMap({ splitBeforeDates(String($0)) }) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            let parts = trimmed.split(maxSplits: 1, whereSeparator: { $0 == " " || $0 == "\t" || $0 == "　" })
            guard let first = parts.first, let date = Day(String(first)) else { throw RuleViolation(.fieldInvalidDay, field: .fieldMilestones) }
            milestones.append(Milestone(date: date, target: parts.count > 1 ? String(parts[1]) : ""))
        }
        return milestones
    }

    /// "2026-03-31 一季度；2026-06-30 上半年" → two pieces; "完成A；B" stays one.
    static func splitBeforeDates(_ line: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var rest = Substring(line)
        while let first = rest.first {
            rest = rest.dropFirst()
            if first == "；" || first == ";" {
                let next = rest.drop(while: { $0 == " " || $0 == "　" })
                if Day(String(next.prefix(10))) != nil {
                    pieces.append(current)
                    current = ""
                    rest = next
                    continue
                }
            }
            current.append(first)
        }
        pieces.append(current)
        return pieces
    }

    /// The form `parse` reads, one a line.
    public static func text(_ milestones: [Milestone]) -> String {
        milestones.map { $0.target.isEmpty ? $0.date.description : "\($0.date) \($0.target)" }.joined(separator: "\n")
    }
}

public struct KeyTask: Equatable, Codable, Sendable {
    public var id: UUID
    public var year: Int
    public var code: String
    public var title: String
    public var areaID: UUID?
    public var tier: Tier
    public var target: String
    public var requirements: String
    public var start: Day
    public var deadline: Day
    public var milestones: [Milestone]
    public var leadLeaderID: UUID?
    public var responsibleUnitID: UUID
    public var cooperatingUnitIDs: [UUID]
    /// A sub-task for one person (全员责任制) names them; a unit's sub-task does not.
    public var assigneeID: UUID?
    public var parentID: UUID?
    /// Materialised path of task ids, so a tree is one prefix query.
    public var path: String
    public var weight: Double
    /// The progress reported on this task itself, 0–100; a task with sub-tasks shows their roll-up.
    public var progress: Int
    public var status: TaskStatus
    public var cancelReason: String?
    public var rhythmOverride: ReportingRhythm?
    /// The decision (决策事项) this task carries out: its authority.
    public var decisionID: UUID?

    public init(id: UUID, year: Int, code: String, title: String, areaID: UUID?, tier: Tier, target: String,
                requirements: String, start: Day, deadline: Day, milestones: [Milestone], leadLeaderID: UUID?,
                responsibleUnitID: UUID, cooperatingUnitIDs: [UUID], assigneeID: UUID?, parentID: UUID?, path: String,
                weight: Double, progress: Int, status: TaskStatus, cancelReason: String?, rhythmOverride: ReportingRhythm?,
                decisionID: UUID?) {
        self.id = id; self.year = year; self.code = code; self.title = title; self.areaID = areaID; self.tier = tier
        self.target = target; self.requirements = requirements; self.start = start; self.deadline = deadline
        self.milestones = milestones; self.leadLeaderID = leadLeaderID; self.responsibleUnitID = responsibleUnitID
        self.cooperatingUnitIDs = cooperatingUnitIDs; self.assigneeID = assigneeID; self.parentID = parentID; self.path = path
        self.weight = weight; self.progress = progress; self.status = status; self.cancelReason = cancelReason
        self.rhythmOverride = rhythmOverride; self.decisionID = decisionID
    }

    public var rhythm: ReportingRhythm { rhythmOverride ?? tier.defaultRhythm }

    public func isOverdue(today: Day) -> Bool { LuoshiDomain.isOverdue(status: status, deadline: deadline, today: today) }
}

public struct WorkArea: Equatable, Codable, Sendable {
    public var id: UUID
    public var year: Int
    public var code: String
    public var name: String
    public var sortOrder: Int
    public init(id: UUID, year: Int, code: String, name: String, sortOrder: Int) {
        self.id = id; self.year = year; self.code = code; self.name = name; self.sortOrder = sortOrder
    }
}
