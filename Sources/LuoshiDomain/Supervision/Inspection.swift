// Field inspections (实地督查): a leader takes inspectors to a site, hears the units, settles
// matters on the spot (现场拍板, each a task with an owner and a deadline) and criticises where
// work falls short (当场批评, of a unit or a person, with the reason, kept on their record).
import Foundation

public struct Inspection: Equatable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var day: Day
    public var leaderID: UUID
    /// The site: a key object, or a place named in words.
    public var keyObjectID: UUID?
    public var place: String
    public var inspectors: String
    public var summary: String
    public var recordedBy: String

    public init(id: UUID, day: Day, leaderID: UUID, keyObjectID: UUID?, place: String, inspectors: String, summary: String,
                recordedBy: String) {
        self.id = id; self.day = day; self.leaderID = leaderID; self.keyObjectID = keyObjectID; self.place = place
        self.inspectors = inspectors; self.summary = summary; self.recordedBy = recordedBy
    }
}

/// What a unit reported at an inspection.
public struct InspectionHearing: Equatable, Codable, Sendable {
    public var unitID: UUID
    public var progress: String
    public var problems: String
    public var nextSteps: String
    public init(unitID: UUID, progress: String, problems: String, nextSteps: String) {
        self.unitID = unitID; self.progress = progress; self.problems = problems; self.nextSteps = nextSteps
    }
}

/// A matter settled on the spot: it becomes a task of the unit, due by the deadline.
public struct OnSiteResolution: Equatable, Codable, Sendable {
    public var text: String
    public var unitID: UUID
    public var deadline: Day
    public var taskID: UUID?
    public init(text: String, unitID: UUID, deadline: Day, taskID: UUID? = nil) {
        self.text = text; self.unitID = unitID; self.deadline = deadline; self.taskID = taskID
    }
}

/// A criticism (批评) of a unit or a person, with its reason; it goes on their record and counts in
/// the assessment.
public struct Criticism: Equatable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var unitID: UUID?
    public var personID: UUID?
    public var reason: String
    public var day: Day
    public var inspectionID: UUID?
    public var bulletinID: UUID?
    public init(id: UUID = UUID(), unitID: UUID?, personID: UUID?, reason: String, day: Day, inspectionID: UUID? = nil, bulletinID: UUID? = nil) {
        self.id = id; self.unitID = unitID; self.personID = personID; self.reason = reason; self.day = day
        self.inspectionID = inspectionID; self.bulletinID = bulletinID
    }
}

public enum InspectionRules {
    /// A criticism names a unit or a person, and its reason; a resolution has its text, a unit and a
    /// deadline not before the inspection.
    public static func check(criticism: Criticism) throws(RuleViolation) {
        if criticism.unitID == nil && criticism.personID == nil { throw RuleViolation(.criticismNeedsSubject, field: .fieldCriticised) }
        try FieldRules.text(criticism.reason.trimmingCharacters(in: .whitespacesAndNewlines), field: .fieldCriticismReason, maxLength: 1000)
    }

    public static func check(resolution: OnSiteResolution, day: Day) throws(RuleViolation) {
        try FieldRules.text(resolution.text.trimmingCharacters(in: .whitespacesAndNewlines), field: .fieldResolutionText, maxLength: 200)
        if resolution.deadline < day { throw RuleViolation(.taskDeadlineBeforeStart, field: .fieldDeadline) }
    }
}

/// Why a dispatch meeting hears a task.
public enum DispatchCause: String, Codable, Sendable {
    case red, due, notice

    public var labelKey: L10nKey {
        switch self {
        case .red: .dispatchCauseRed
        case .due: .dispatchCauseDue
        case .notice: .dispatchCauseNotice
        }
    }
}
