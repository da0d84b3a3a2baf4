// What a caller submits to create or change a task, and the rules it must meet on its own.
import Foundation

public struct TaskDraft: Equatable, Sendable {
    public var year: Int
    public var code: String?
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
    public var assigneeID: UUID?
    public var parentID: UUID?
    public var weight: Double
    public var rhythmOverride: ReportingRhythm?
    public var decisionID: UUID?

    public init(year: Int, code: String? = nil, title: String, areaID: UUID? = nil, tier: Tier, target: String = "",
                requirements: String = "", start: Day, deadline: Day, milestones: [Milestone] = [], leadLeaderID: UUID? = nil,
                responsibleUnitID: UUID, cooperatingUnitIDs: [UUID] = [], assigneeID: UUID? = nil, parentID: UUID? = nil,
                weight: Double = 1, rhythmOverride: ReportingRhythm? = nil, decisionID: UUID? = nil) {
        self.year = year; self.code = code; self.title = title; self.areaID = areaID; self.tier = tier; self.target = target
        self.requirements = requirements; self.start = start; self.deadline = deadline; self.milestones = milestones
        self.leadLeaderID = leadLeaderID; self.responsibleUnitID = responsibleUnitID; self.cooperatingUnitIDs = cooperatingUnitIDs
        self.assigneeID = assigneeID; self.parentID = parentID; self.weight = weight; self.rhythmOverride = rhythmOverride
        self.decisionID = decisionID
    }

    public func validated() throws(RuleViolation) -> TaskDraft {
        var draft = self
        draft.title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        draft.target = target.trimmingCharacters(in: .whitespacesAndNewlines)
        draft.requirements = requirements.trimmingCharacters(in: .whitespacesAndNewlines)
        draft.code = code?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        try FieldRules.text(draft.title, field: .fieldTitle, maxLength: 200)
        if let code = draft.code { try FieldRules.code(code, field: .fieldCode) }
        if !draft.target.isEmpty { try FieldRules.text(draft.target, field: .fieldTarget, maxLength: 2000) }
        if !draft.requirements.isEmpty { try FieldRules.text(draft.requirements, field: .fieldRequirements, maxLength: 4000) }
        guard (2000...2100).contains(year) else { throw RuleViolation(.fieldOutOfRange, field: .fieldYear) }
        guard deadline >= start else { throw RuleViolation(.taskDeadlineBeforeStart, field: .fieldDeadline) }
        guard weight > 0, weight <= 1000 else { throw RuleViolation(.fieldOutOfRange, field: .fieldWeight) }
        guard Set(cooperatingUnitIDs).count == cooperatingUnitIDs.count, !cooperatingUnitIDs.contains(responsibleUnitID) else {
            throw RuleViolation(.taskCooperatingIsResponsible, field: .fieldCooperatingUnits)
        }
        for milestone in draft.milestones {
            try FieldRules.text(milestone.target.trimmingCharacters(in: .whitespacesAndNewlines), field: .fieldMilestones, maxLength: 500)
            guard milestone.date >= start, milestone.date <= deadline else {
                throw RuleViolation(.taskMilestoneOutsideSpan, field: .fieldMilestones)
            }
        }
        draft.milestones = draft.milestones.sorted { $0.date < $1.date }
        return draft
    }
}

extension String {
    public var nilIfEmpty: String? { isEmpty ? nil : self }
}
