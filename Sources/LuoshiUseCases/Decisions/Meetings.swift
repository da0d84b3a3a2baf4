// Use cases of meetings (会议): call one (or a series' next occurrence, carrying over what was not
// settled), record attendance, put matters and reports on the agenda, vote, record the outcome
// under the collective-decision rules (民主集中制), write the minutes. Each writes its audit event.
import Foundation
import LuoshiDomain
import LuoshiStorage

public struct MeetingDraft: Sendable {
    public var kind: MeetingKind
    public var title: String
    public var day: Day
    public var startTime: String
    public var place: String
    public var chairID: UUID
    public var memberIDs: [UUID]
    public var seriesID: UUID?

    public init(kind: MeetingKind, title: String, day: Day, startTime: String = "09:00", place: String = "", chairID: UUID,
                memberIDs: [UUID], seriesID: UUID? = nil) {
        self.kind = kind; self.title = title; self.day = day; self.startTime = startTime; self.place = place
        self.chairID = chairID; self.memberIDs = memberIDs; self.seriesID = seriesID
    }

    func checked() throws(RuleViolation) -> MeetingDraft {
        var draft = self
        draft.title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        draft.place = place.trimmingCharacters(in: .whitespacesAndNewlines)
        draft.startTime = startTime.trimmingCharacters(in: .whitespaces)
        try FieldRules.text(draft.title, field: .fieldMeetingTitle, maxLength: 200)
        if !draft.place.isEmpty { try FieldRules.text(draft.place, field: .fieldPlace, maxLength: 200) }
        guard MeetingTime.valid(draft.startTime) else { throw RuleViolation(.fieldInvalidChoice, field: .fieldStartTime) }
        // The chair is a member; each member once.
        var seen = Set<UUID>()
        draft.memberIDs = ([chairID] + memberIDs).filter { seen.insert($0).inserted }
        guard draft.memberIDs.count <= 200 else { throw RuleViolation(.fieldOutOfRange, field: .fieldMembers) }
        return draft
    }
}

public enum MeetingTime {
    /// "HH:MM", 24-hour.
    public static func valid(_ text: String) -> Bool {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]) else { return false }
        return (0...23).contains(hour) && (0...59).contains(minute)
    }
}

public func createMeeting(_ input: MeetingDraft, context: UseCaseContext) async throws -> Meeting {
    try context.performer.caller?.requireManageDecisions()
    let draft = try input.checked()
    return try await context.store.write { tx in try await MeetingSteps.create(draft, in: tx, context: context) }
}

/// A series (周一例会, 月联席会, 季度调度会) and its first occurrence.
public func createMeetingSeries(kind: MeetingKind, title: String, rhythm: ReportingRhythm, chairID: UUID, memberIDs: [UUID],
                                place: String, startTime: String, firstDay: Day, context: UseCaseContext) async throws -> (MeetingSeries, Meeting) {
    try context.performer.caller?.requireManageDecisions()
    let draft = try MeetingDraft(kind: kind, title: title, day: firstDay, startTime: startTime, place: place, chairID: chairID,
                                 memberIDs: memberIDs).checked()
    return try await context.store.write { tx in
        let series = MeetingSeries(id: UUID(), kind: draft.kind, title: draft.title, rhythm: rhythm, chairID: draft.chairID,
                                   memberIDs: draft.memberIDs, place: draft.place, startTime: draft.startTime)
        try await MeetingSteps.checkPeople(chair: series.chairID, members: series.memberIDs, in: tx)
        try await tx.insert(series)
        try await tx.record(.create, kind: .meetingSeries, id: series.id.uuidString, before: nil as MeetingSeries?, after: series, in: context)
        var first = draft
        first.seriesID = series.id
        first.title = MeetingSteps.occurrenceTitle(series.title, day: firstDay)
        return (series, try await MeetingSteps.create(first, in: tx, context: context))
    }
}

/// The next occurrence of a meeting's series: the series' day on, its members, and every item not
/// settled at the latest occurrence carried over with a link to where it came from.
public func scheduleNextMeeting(after meetingID: UUID, context: UseCaseContext) async throws -> Meeting {
    try await context.store.write { tx in
        guard let meeting = try await tx.meeting(id: meetingID) else { throw RuleViolation(.recordNotFound) }
        try context.performer.caller?.requireRunMeeting(chairID: meeting.chairID)
        guard let seriesID = meeting.seriesID, let series = try await tx.series(id: seriesID),
              let latest = try await tx.latestMeeting(seriesID: seriesID) else { throw RuleViolation(.meetingNotInSeries) }
        // From the latest occurrence only: an earlier one's open items were carried already.
        guard latest.id == meeting.id else { throw RuleViolation(.meetingNotLatest) }
        let day = series.rhythm.next(after: latest.day)
        let next = try await MeetingSteps.create(MeetingDraft(kind: series.kind, title: MeetingSteps.occurrenceTitle(series.title, day: day),
                                                              day: day, startTime: series.startTime, place: series.place,
                                                              chairID: series.chairID, memberIDs: series.memberIDs, seriesID: seriesID),
                                                 in: tx, context: context)
        var order = 0
        for item in try await tx.agendaItems(meetingID: latest.id) where item.outcome.isUnsettled {
            // A matter goes on again only as the procedure allows (a deferred one turned major needs its opinion).
            if let decisionID = item.decisionID, let decision = try await tx.decision(id: decisionID) {
                guard decision.state == .onAgenda || decision.state == .deferred else { continue }
                guard (try? DecisionProcedure.checkAgenda(kind: decision.kind, opinions: try await tx.opinionCount(decisionID: decisionID))) != nil
                else { continue }
            }
            order += 1
            let carried = AgendaItem(id: UUID(), meetingID: next.id, order: order, kind: item.kind, decisionID: item.decisionID,
                                     title: item.title, carriedFromID: item.id)
            try await tx.insert(carried)
            try await tx.record(.create, kind: .agendaItem, id: carried.id.uuidString, before: nil as AgendaItem?, after: carried, in: context)
            var moved = item
            moved.outcome = .carriedOver
            try await tx.update(moved)
            try await tx.record(.update, kind: .agendaItem, id: item.id.uuidString, before: item, after: moved, in: context)
            if let decisionID = item.decisionID, let decision = try await tx.decision(id: decisionID), decision.state == .deferred {
                var onAgenda = decision
                onAgenda.state = try DecisionProcedure.next(from: decision.state, by: .putOnAgenda)
                try await tx.update(onAgenda)
                try await tx.record(.update, kind: .decision, id: decisionID.uuidString, before: decision, after: onAgenda, in: context)
            }
        }
        return next
    }
}

/// A member's attendance: present, on leave (with the reason) or absent.
public func setAttendance(meetingID: UUID, personID: UUID, attendance: Attendance, leaveReason: String,
                          context: UseCaseContext) async throws -> Meeting {
    try await context.store.write { tx in
        guard let meeting = try await tx.meeting(id: meetingID) else { throw RuleViolation(.recordNotFound) }
        try context.performer.caller?.requireRunMeeting(chairID: meeting.chairID)
        guard let before = meeting.members.first(where: { $0.personID == personID }) else {
            throw RuleViolation(.meetingNotMember, field: .fieldPerson)
        }
        let reason = leaveReason.trimmingCharacters(in: .whitespacesAndNewlines)
        if attendance == .leave {
            guard !reason.isEmpty else { throw RuleViolation(.meetingLeaveNeedsReason, field: .fieldLeaveReason) }
            try FieldRules.text(reason, field: .fieldLeaveReason, maxLength: 200)
        }
        let after = MeetingMember(personID: personID, attendance: attendance, leaveReason: attendance == .leave ? reason : "")
        guard after != before else { return meeting }
        try await tx.setMember(after, meetingID: meetingID)
        try await tx.record(.update, kind: .meeting, id: meetingID.uuidString,
                            before: AttendanceSnapshot(before), after: AttendanceSnapshot(after), in: context)
        return try await tx.meeting(id: meetingID) ?? meeting
    }
}

/// Puts a matter on a meeting's agenda (上会), or a report to hear. A matter must have been through
/// consultation (or deferred before), and a major one needs an expert opinion.
public func addAgendaItem(meetingID: UUID, decisionID: UUID?, title: String, context: UseCaseContext) async throws -> AgendaItem {
    let title = title.trimmingCharacters(in: .whitespacesAndNewlines)
    return try await context.store.write { tx in
        guard let meeting = try await tx.meeting(id: meetingID) else { throw RuleViolation(.recordNotFound) }
        try context.performer.caller?.requireRunMeeting(chairID: meeting.chairID)
        let items = try await tx.agendaItems(meetingID: meetingID)
        var itemTitle = title
        if let decisionID {
            guard let before = try await tx.decision(id: decisionID) else { throw RuleViolation(.fieldInvalidChoice, field: .fieldDecision) }
            var after = before
            after.state = try DecisionProcedure.next(from: before.state, by: .putOnAgenda)
            try DecisionProcedure.checkAgenda(kind: before.kind, opinions: try await tx.opinionCount(decisionID: decisionID))
            if itemTitle.isEmpty { itemTitle = before.title }
            try await tx.update(after)
            try await tx.record(.update, kind: .decision, id: decisionID.uuidString, before: before, after: after, in: context)
        }
        try FieldRules.text(itemTitle, field: .fieldSubject, maxLength: 200)
        let item = AgendaItem(id: UUID(), meetingID: meetingID, order: (items.map(\.order).max() ?? 0) + 1,
                              kind: decisionID == nil ? .report : .decision, decisionID: decisionID, title: itemTitle)
        try await tx.insert(item)
        try await tx.record(.create, kind: .agendaItem, id: item.id.uuidString, before: nil as AgendaItem?, after: item, in: context)
        return item
    }
}

/// A member's vote on a matter (their own, or recorded by the chair or a supervisor from a show of
/// hands). Only members vote, only when present, only while the item is pending.
public func castVote(itemID: UUID, personID: UUID, choice: VoteChoice, context: UseCaseContext) async throws -> Vote {
    try await context.store.write { tx in
        guard let item = try await tx.agendaItem(id: itemID), let meeting = try await tx.meeting(id: item.meetingID) else {
            throw RuleViolation(.recordNotFound)
        }
        try context.performer.caller?.requireVote(meeting: meeting, for: personID)
        guard meeting.isMember(personID) else { throw RuleViolation(.meetingNotMember) }
        guard item.kind == .decision else { throw RuleViolation(.meetingDecisionNeedsVote) }
        guard item.outcome == .pending else { throw RuleViolation(.meetingItemSettled) }
        guard meeting.members.first(where: { $0.personID == personID })?.attendance == .present else {
            throw RuleViolation(.meetingVoteNotPresent)
        }
        let before = try await tx.votes(itemID: itemID).first { $0.personID == personID }
        let vote = Vote(itemID: itemID, personID: personID, choice: choice)
        guard before != vote else { return vote }
        try await tx.setVote(vote)
        try await tx.record(before == nil ? .create : .update, kind: .vote, id: itemID.uuidString, before: before, after: vote, in: context)
        return vote
    }
}

/// Records what the meeting did with an item. A matter is decided only with a quorum and more than
/// half of all members for it; rejected only with a quorum (a vote was held); deferred at any time.
/// A report is heard, with the chair's instruction.
public func recordOutcome(itemID: UUID, outcome: AgendaOutcome, note: String, context: UseCaseContext) async throws -> AgendaItem {
    let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
    if !note.isEmpty { try FieldRules.prose(note, field: .fieldResolution, maxLength: 8000) }
    return try await context.store.write { tx in
        guard let before = try await tx.agendaItem(id: itemID), let meeting = try await tx.meeting(id: before.meetingID) else {
            throw RuleViolation(.recordNotFound)
        }
        try context.performer.caller?.requireRecordOutcome(chairID: meeting.chairID)
        guard before.outcome == .pending else { throw RuleViolation(.meetingItemSettled) }
        var after = before
        after.outcome = outcome
        after.note = note
        switch (before.kind, outcome) {
        case (.report, .heard): break
        case (.decision, .decided), (.decision, .rejected), (.decision, .deferred):
            guard let decisionID = before.decisionID, let decision = try await tx.decision(id: decisionID) else {
                throw RuleViolation(.meetingDecisionNeedsVote)
            }
            let members = meeting.members.count
            if outcome != .deferred {
                try CollectiveRules.checkQuorum(members: members, present: meeting.presentCount, kind: decision.kind)
            }
            // Votes of members present now: one marked absent after voting does not count.
            let present = Set(meeting.members.filter { $0.attendance == .present }.map(\.personID))
            let votesFor = try await tx.votes(itemID: itemID).filter { $0.choice == .inFavour && present.contains($0.personID) }.count
            if outcome == .decided { try CollectiveRules.checkPasses(members: members, votesFor: votesFor) }
            if outcome == .rejected && CollectiveRules.passes(members: members, votesFor: votesFor) {
                throw RuleViolation(.meetingItemSettled)
            }
            var moved = decision
            moved.state = try DecisionProcedure.next(from: decision.state, by: outcome == .decided ? .decide : outcome == .rejected ? .reject : .postpone)
            if !note.isEmpty { moved.resolution = note }
            try await tx.update(moved)
            try await tx.record(.update, kind: .decision, id: decisionID.uuidString, before: decision, after: moved, in: context)
        default:
            throw RuleViolation(.fieldInvalidChoice, field: .fieldOutcome)
        }
        try await tx.update(after)
        try await tx.record(.update, kind: .agendaItem, id: itemID.uuidString, before: before, after: after, in: context)
        return after
    }
}

/// The minutes (纪要) of a meeting.
public func setMinutes(meetingID: UUID, minutes: String, context: UseCaseContext) async throws -> Meeting {
    let text = minutes.trimmingCharacters(in: .whitespacesAndNewlines)
    if !text.isEmpty { try FieldRules.prose(text, field: .fieldMinutes, maxLength: 20000) }
    return try await context.store.write { tx in
        guard let before = try await tx.meeting(id: meetingID) else { throw RuleViolation(.recordNotFound) }
        try context.performer.caller?.requireRunMeeting(chairID: before.chairID)
        var after = before
        after.minutes = text
        guard after != before else { return before }
        try await tx.update(after)
        try await tx.record(.update, kind: .meeting, id: meetingID.uuidString, before: before, after: after, in: context)
        return after
    }
}

/// A new secret calendar link for the caller's own person (the old one stops working); the token is
/// returned once and only its hash is kept.
public func renewCalendarLink(personID: UUID, context: UseCaseContext) async throws -> String {
    if let caller = context.performer.caller, caller.personID != personID { throw RuleViolation(.outsideScope) }
    let token = SecretToken.generate(prefix: "lsc_")
    try await context.store.write { tx in
        guard try await tx.person(id: personID) != nil else { throw RuleViolation(.recordNotFound) }
        try await tx.setCalendarLink(personID: personID, tokenHash: SecretToken.hash(token))
        try await tx.record(.update, kind: .calendarLink, id: personID.uuidString, before: nil as String?, after: "renewed", in: context)
    }
    return token
}

/// One member's attendance, as the trail shows it.
struct AttendanceSnapshot: Encodable {
    var personID: UUID
    var attendance: String
    var leaveReason: String
    init(_ member: MeetingMember) { personID = member.personID; attendance = member.attendance.rawValue; leaveReason = member.leaveReason }
}

enum MeetingSteps {
    static func create(_ draft: MeetingDraft, in tx: WriteTransaction, context: UseCaseContext) async throws -> Meeting {
        try await checkPeople(chair: draft.chairID, members: draft.memberIDs, in: tx)
        let meeting = Meeting(id: UUID(), kind: draft.kind, title: draft.title, seriesID: draft.seriesID, day: draft.day,
                              startTime: draft.startTime, place: draft.place, chairID: draft.chairID,
                              members: draft.memberIDs.map { MeetingMember(personID: $0) })
        try await tx.insert(meeting)
        try await tx.record(.create, kind: .meeting, id: meeting.id.uuidString, before: nil as Meeting?, after: meeting, in: context)
        return meeting
    }

    static func checkPeople(chair: UUID, members: [UUID], in tx: WriteTransaction) async throws {
        guard let person = try await tx.person(id: chair) else { throw RuleViolation(.personMissing, field: .fieldChair) }
        guard person.rank == .districtLeader else { throw RuleViolation(.personNotLeader, field: .fieldChair) }
        for id in members where try await tx.person(id: id) == nil { throw RuleViolation(.personMissing, field: .fieldMembers) }
    }

    /// "周一例会（2026-11-30）"
    static func occurrenceTitle(_ title: String, day: Day) -> String { "\(title)（\(day)）" }
}
