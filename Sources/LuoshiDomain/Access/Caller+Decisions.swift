// The access policy of the decision mechanism (决策机制): who reads deliberations, who proposes,
// who runs a meeting, who votes and who records what the meeting decided.
import Foundation

extension Caller {
    /// Leaders, the supervision office, auditors and admins read every decision and meeting.
    public var readsDeliberations: Bool {
        switch role {
        case .admin, .supervisor, .auditor, .leader: true
        case .unitHead, .staff: false
        }
    }

    /// Others read what was decided (the authority of their tasks), except personnel matters.
    public func canRead(decision: Decision) -> Bool {
        readsDeliberations || (decision.state.isDecided && decision.kind != .personnel)
    }

    public func requireRead(decision: Decision) throws(RuleViolation) {
        guard canRead(decision: decision) else { throw RuleViolation(.outsideScope) }
    }

    /// A meeting: those who read deliberations, and its members.
    public func canRead(meeting: Meeting) -> Bool { readsDeliberations || meeting.isMember(personID) }

    public func requireRead(meeting: Meeting) throws(RuleViolation) {
        guard canRead(meeting: meeting) else { throw RuleViolation(.outsideScope) }
    }

    /// Leaders propose matters (个别酝酿); the office records them too.
    public func requireProposeDecision() throws(RuleViolation) {
        guard role == .admin || role == .supervisor || role == .leader else { throw RuleViolation(.roleNotAllowed) }
    }

    /// The office (督查室) keeps the procedure: consultation, opinions, completion; it calls meetings.
    public func requireManageDecisions() throws(RuleViolation) { try requireRegisterWork() }

    /// Running a meeting (attendance, agenda, minutes, the next occurrence): the office, or its chair.
    public func requireRunMeeting(chairID: UUID) throws(RuleViolation) {
        if let personID, personID == chairID { return }
        try requireManageDecisions()
    }

    /// Recording what the meeting decided: its chair, or a supervisor (not an administrator).
    public func requireRecordOutcome(chairID: UUID) throws(RuleViolation) {
        if let personID, personID == chairID { return }
        guard role == .supervisor else { throw RuleViolation(.roleNotAllowed) }
    }

    /// A vote for `voter` at `meeting`: the voter must be a member; members vote for themselves, and
    /// the chair or a supervisor records a show of hands for any member.
    public func requireVote(meeting: Meeting, for voter: UUID) throws(RuleViolation) {
        guard meeting.isMember(voter) else { throw RuleViolation(.meetingNotMember) }
        if let personID, personID == voter { return }
        if let personID, personID == meeting.chairID { return }
        guard role == .supervisor else {
            throw RuleViolation(meeting.isMember(personID) || personID == nil ? .roleNotAllowed : .meetingNotMember)
        }
    }
}
