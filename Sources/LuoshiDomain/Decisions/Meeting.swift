// Meetings (会议): who should attend, who did, the agenda, the votes, the minutes; and the rules of
// democratic centralism (民主集中制) that decide whether a meeting may decide and whether an item passes.
import Foundation

public enum MeetingKind: String, CaseIterable, Codable, Sendable {
    case jointPartyGovernment, standingCommittee, weeklyMonday, monthlyJoint, quarterlyDispatch, onSite

    public var labelKey: L10nKey {
        switch self {
        case .jointPartyGovernment: .meetingKindJoint
        case .standingCommittee: .meetingKindStanding
        case .weeklyMonday: .meetingKindWeekly
        case .monthlyJoint: .meetingKindMonthly
        case .quarterlyDispatch: .meetingKindQuarterly
        case .onSite: .meetingKindOnSite
        }
    }
}

/// A series meets on a rhythm, the same weekly, monthly or quarterly one reports follow.
extension ReportingRhythm {
    /// The day of the next occurrence after `day` (same weekday a week on; same day of the month a
    /// month or three on, the month's last day when it is shorter).
    public func next(after day: Day) -> Day {
        switch self {
        case .weekly: day.adding(days: 7)
        case .monthly: day.adding(months: 1)
        case .quarterly: day.adding(months: 3)
        }
    }
}

public enum Attendance: String, CaseIterable, Codable, Sendable {
    /// Not yet recorded.
    case expected
    case present
    /// 请假, with a reason.
    case leave
    case absent

    public var labelKey: L10nKey {
        switch self {
        case .expected: .attendanceExpected
        case .present: .attendancePresent
        case .leave: .attendanceLeave
        case .absent: .attendanceAbsent
        }
    }
}

public struct MeetingMember: Equatable, Codable, Sendable {
    public var personID: UUID
    public var attendance: Attendance
    public var leaveReason: String

    public init(personID: UUID, attendance: Attendance = .expected, leaveReason: String = "") {
        self.personID = personID; self.attendance = attendance; self.leaveReason = leaveReason
    }
}

public struct Meeting: Equatable, Codable, Sendable {
    public var id: UUID
    public var kind: MeetingKind
    public var title: String
    public var seriesID: UUID?
    public var day: Day
    /// "09:00"; local time of the configured zone.
    public var startTime: String
    public var place: String
    public var chairID: UUID
    public var members: [MeetingMember]
    /// 纪要.
    public var minutes: String

    public init(id: UUID, kind: MeetingKind, title: String, seriesID: UUID?, day: Day, startTime: String, place: String,
                chairID: UUID, members: [MeetingMember], minutes: String = "") {
        self.id = id; self.kind = kind; self.title = title; self.seriesID = seriesID; self.day = day
        self.startTime = startTime; self.place = place; self.chairID = chairID; self.members = members; self.minutes = minutes
    }

    public func isMember(_ personID: UUID?) -> Bool { personID.map { id in members.contains { $0.personID == id } } ?? false }

    public var presentCount: Int { members.filter { $0.attendance == .present }.count }
}

public enum AgendaItemKind: String, CaseIterable, Codable, Sendable {
    /// A decision to decide (决策事项).
    case decision
    /// A report to hear (听取汇报).
    case report

    public var labelKey: L10nKey { self == .decision ? .agendaKindDecision : .agendaKindReport }
}

public enum AgendaOutcome: String, CaseIterable, Codable, Sendable {
    case pending, decided, rejected, deferred, heard
    /// Not settled here: moved to the next occurrence of the series (which has the item's history).
    case carriedOver

    public var labelKey: L10nKey {
        switch self {
        case .pending: .outcomePending
        case .decided: .outcomeDecided
        case .rejected: .outcomeRejected
        case .deferred: .outcomeDeferred
        case .heard: .outcomeHeard
        case .carriedOver: .outcomeCarriedOver
        }
    }

    /// Still to be taken up: carried to the next occurrence when the series meets again.
    public var isUnsettled: Bool { self == .pending || self == .deferred }
}

public struct AgendaItem: Equatable, Codable, Sendable {
    public var id: UUID
    public var meetingID: UUID
    public var order: Int
    public var kind: AgendaItemKind
    public var decisionID: UUID?
    public var title: String
    public var outcome: AgendaOutcome
    /// The chair's instruction (批示) or the decision's wording, as recorded.
    public var note: String
    /// The item of an earlier occurrence this one carries over.
    public var carriedFromID: UUID?
    /// A dispatch meeting's item hears a task's report (调度).
    public var taskID: UUID?
    /// The chair's instruction (批示) on what was heard, and the task it became, if any.
    public var instruction: String?
    public var instructionTaskID: UUID?

    public init(id: UUID, meetingID: UUID, order: Int, kind: AgendaItemKind, decisionID: UUID?, title: String,
                outcome: AgendaOutcome = .pending, note: String = "", carriedFromID: UUID? = nil, taskID: UUID? = nil,
                instruction: String? = nil, instructionTaskID: UUID? = nil) {
        self.id = id; self.meetingID = meetingID; self.order = order; self.kind = kind; self.decisionID = decisionID
        self.title = title; self.outcome = outcome; self.note = note; self.carriedFromID = carriedFromID
        self.taskID = taskID; self.instruction = instruction; self.instructionTaskID = instructionTaskID
    }
}

public enum VoteChoice: String, CaseIterable, Codable, Sendable {
    case inFavour = "for", against, abstain

    public var labelKey: L10nKey {
        switch self {
        case .inFavour: .voteFor
        case .against: .voteAgainst
        case .abstain: .voteAbstain
        }
    }
}

public struct Vote: Equatable, Codable, Sendable {
    public var itemID: UUID
    public var personID: UUID
    public var choice: VoteChoice
    public init(itemID: UUID, personID: UUID, choice: VoteChoice) { self.itemID = itemID; self.personID = personID; self.choice = choice }
}

/// A series of meetings (周一例会, 月联席会, 季度调度会): its occurrences share kind, chair and members.
public struct MeetingSeries: Equatable, Codable, Sendable {
    public var id: UUID
    public var kind: MeetingKind
    public var title: String
    public var rhythm: ReportingRhythm
    public var chairID: UUID
    public var memberIDs: [UUID]
    public var place: String
    public var startTime: String

    public init(id: UUID, kind: MeetingKind, title: String, rhythm: ReportingRhythm, chairID: UUID, memberIDs: [UUID],
                place: String, startTime: String) {
        self.id = id; self.kind = kind; self.title = title; self.rhythm = rhythm; self.chairID = chairID
        self.memberIDs = memberIDs; self.place = place; self.startTime = startTime
    }
}

/// 民主集中制: a meeting decides only with more than half of its members present (two thirds for
/// personnel matters), and an item passes only when more than half of all members who should attend
/// (not only those present) vote for it. Exactly half is not more than half.
public enum CollectiveRules {
    /// Refuses a meeting that may not decide `kind` with `present` of `members` there; the refusal
    /// carries the counts ("应到 {limit} 人，实到 {value} 人").
    public static func checkQuorum(members: Int, present: Int, kind: DecisionKind) throws(RuleViolation) {
        switch kind {
        case .personnel:
            guard members > 0, present * 3 >= members * 2 else {
                throw RuleViolation(.meetingNoQuorumPersonnel, limit: members, value: String(present))
            }
        case .major, .ordinary:
            guard members > 0, present * 2 > members else {
                throw RuleViolation(.meetingNoQuorum, limit: members, value: String(present))
            }
        }
    }

    /// Refuses to record "decided" unless more than half of all members voted for.
    public static func checkPasses(members: Int, votesFor: Int) throws(RuleViolation) {
        guard members > 0, votesFor * 2 > members else {
            throw RuleViolation(.meetingNotPassed, limit: members, value: String(votesFor))
        }
    }

    /// Whether an item with these votes passes (for pages that show the count before it is recorded).
    public static func passes(members: Int, votesFor: Int) -> Bool { members > 0 && votesFor * 2 > members }
}
