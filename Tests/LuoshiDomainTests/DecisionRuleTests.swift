// The decision procedure's state machine and the collective-decision rules (民主集中制), pure,
// at their boundaries: exactly half is not more than half; two thirds is enough for personnel.
import Foundation
import Testing
@testable import LuoshiDomain

@Suite struct DecisionRuleTests {
    @Test func theProcedureAllowsOnlyItsOwnMoves() throws {
        #expect(try DecisionProcedure.next(from: .draft, by: .consult) == .consultation)
        #expect(try DecisionProcedure.next(from: .consultation, by: .putOnAgenda) == .onAgenda)
        #expect(try DecisionProcedure.next(from: .onAgenda, by: .decide) == .decided)
        #expect(try DecisionProcedure.next(from: .onAgenda, by: .reject) == .rejected)
        #expect(try DecisionProcedure.next(from: .onAgenda, by: .postpone) == .deferred)
        #expect(try DecisionProcedure.next(from: .deferred, by: .putOnAgenda) == .onAgenda)
        #expect(try DecisionProcedure.next(from: .deferred, by: .reconsider) == .consultation)
        #expect(try DecisionProcedure.next(from: .decided, by: .decompose) == .decomposed)
        #expect(try DecisionProcedure.next(from: .decomposed, by: .decompose) == .decomposed)
        #expect(try DecisionProcedure.next(from: .decomposed, by: .complete) == .completed)
        // Every other pair is refused by the procedure's rule: no skipping, no going back.
        let allowed: Set<String> = ["draft.consult", "consultation.putOnAgenda", "onAgenda.decide", "onAgenda.reject", "onAgenda.postpone",
                                    "deferred.putOnAgenda", "deferred.reconsider", "decided.decompose", "decomposed.decompose",
                                    "decomposed.complete"]
        for state in DecisionState.allCases {
            for action in DecisionProcedure.Action.allCases where !allowed.contains("\(state.rawValue).\(action.rawValue)") {
                #expect(throws: RuleViolation.self, "\(state) by \(action)") { try DecisionProcedure.next(from: state, by: action) }
                do { _ = try DecisionProcedure.next(from: state, by: action) } catch { #expect(error.rule == .decisionProcedureSkipped) }
            }
        }
        #expect(throws: RuleViolation(.decisionProcedureSkipped)) { try DecisionProcedure.next(from: .draft, by: .putOnAgenda) }
        #expect(throws: RuleViolation(.decisionProcedureSkipped)) { try DecisionProcedure.next(from: .consultation, by: .decide) }
        #expect(throws: RuleViolation(.decisionProcedureSkipped)) { try DecisionProcedure.next(from: .rejected, by: .putOnAgenda) }
    }

    @Test func aMajorMatterNeedsAnOpinionToGoOnAnAgenda() throws {
        #expect(throws: RuleViolation(.decisionNeedsOpinion)) { try DecisionProcedure.checkAgenda(kind: .major, opinions: 0) }
        try DecisionProcedure.checkAgenda(kind: .major, opinions: 1)
        try DecisionProcedure.checkAgenda(kind: .ordinary, opinions: 0)
        try DecisionProcedure.checkAgenda(kind: .personnel, opinions: 0)
    }

    @Test func aMeetingDecidesOnlyWithMoreThanHalfPresent() throws {
        // 10 members: 5 present is exactly half, not more than half.
        #expect(throws: RuleViolation(.meetingNoQuorum, limit: 10, value: "5")) {
            try CollectiveRules.checkQuorum(members: 10, present: 5, kind: .ordinary)
        }
        try CollectiveRules.checkQuorum(members: 10, present: 6, kind: .ordinary)
        try CollectiveRules.checkQuorum(members: 10, present: 6, kind: .major)
        // 9 members: 4 is not more than half, 5 is.
        #expect(throws: RuleViolation(.meetingNoQuorum, limit: 9, value: "4")) { try CollectiveRules.checkQuorum(members: 9, present: 4, kind: .major) }
        try CollectiveRules.checkQuorum(members: 9, present: 5, kind: .ordinary)
        #expect(throws: RuleViolation.self) { try CollectiveRules.checkQuorum(members: 0, present: 0, kind: .ordinary) }
    }

    @Test func personnelMattersNeedTwoThirdsPresent() throws {
        // 9 members: two thirds is 6; 5 is short.
        #expect(throws: RuleViolation(.meetingNoQuorumPersonnel, limit: 9, value: "5")) {
            try CollectiveRules.checkQuorum(members: 9, present: 5, kind: .personnel)
        }
        try CollectiveRules.checkQuorum(members: 9, present: 6, kind: .personnel)
        // 10 members: 20/3 = 6.67, so 7 are needed; 6 is short though it is more than half.
        #expect(throws: RuleViolation(.meetingNoQuorumPersonnel, limit: 10, value: "6")) {
            try CollectiveRules.checkQuorum(members: 10, present: 6, kind: .personnel)
        }
        try CollectiveRules.checkQuorum(members: 10, present: 7, kind: .personnel)
        // 3 members: 2 is exactly two thirds, enough.
        try CollectiveRules.checkQuorum(members: 3, present: 2, kind: .personnel)
    }

    @Test func anItemPassesWithMoreThanHalfOfAllMembersNotOfThosePresent() throws {
        // 10 members, 6 present, 5 for: a majority of those present, exactly half of all: not passed.
        #expect(throws: RuleViolation(.meetingNotPassed, limit: 10, value: "5")) { try CollectiveRules.checkPasses(members: 10, votesFor: 5) }
        try CollectiveRules.checkPasses(members: 10, votesFor: 6)
        #expect(throws: RuleViolation(.meetingNotPassed, limit: 9, value: "4")) { try CollectiveRules.checkPasses(members: 9, votesFor: 4) }
        try CollectiveRules.checkPasses(members: 9, votesFor: 5)
        #expect(!CollectiveRules.passes(members: 10, votesFor: 5) && CollectiveRules.passes(members: 10, votesFor: 6))
        // The refusal names the rule and the counts, in words.
        let message = RuleViolation(.meetingNotPassed, limit: 10, value: "5").message(in: .zhHans)
        #expect(message.contains("应到 10 人") && message.contains("赞成 5 票"))
        #expect(RuleViolation(.meetingNoQuorum, limit: 10, value: "5").message(in: .zhHans).contains("实到 5 人"))
    }

    @Test func seriesMeetOnTheirRhythmAndDaysAddUp() {
        let day = Day(year: 2026, month: 1, day: 31)!
        #expect(ReportingRhythm.weekly.next(after: day).description == "2026-02-07")
        #expect(ReportingRhythm.monthly.next(after: day).description == "2026-02-28")
        #expect(ReportingRhythm.quarterly.next(after: Day(year: 2026, month: 11, day: 30)!).description == "2027-02-28")
        #expect(Day(year: 2026, month: 12, day: 28)!.adding(days: 7).description == "2027-01-04")
        #expect(Day(year: 2026, month: 3, day: 1)!.adding(days: -1).description == "2026-02-28")
        #expect(Day(year: 2024, month: 3, day: 1)!.adding(days: -90).description == "2023-12-02")
        #expect(Day(year: 2026, month: 1, day: 1)!.adding(days: 365).description == "2027-01-01")
    }

    @Test func whoMayVoteAndRecord() throws {
        let chair = UUID(), member = UUID(), outsider = UUID()
        let meeting = Meeting(id: UUID(), kind: .weeklyMonday, title: "例会", seriesID: nil, day: Day(year: 2026, month: 11, day: 2)!,
                              startTime: "08:30", place: "", chairID: chair,
                              members: [MeetingMember(personID: chair), MeetingMember(personID: member)])
        func caller(_ role: Role, person: UUID?) -> Caller {
            Caller(accountID: UUID(), displayName: "x", role: role, scopeUnitID: UUID(), scopePath: "/a/", language: nil, personID: person)
        }
        try caller(.leader, person: member).requireVote(meeting: meeting, for: member)
        try caller(.leader, person: chair).requireVote(meeting: meeting, for: member)
        try caller(.supervisor, person: nil).requireVote(meeting: meeting, for: member)
        #expect(throws: RuleViolation(.meetingNotMember)) { try caller(.leader, person: outsider).requireVote(meeting: meeting, for: outsider) }
        #expect(throws: RuleViolation(.meetingNotMember)) { try caller(.leader, person: outsider).requireVote(meeting: meeting, for: member) }
        #expect(throws: RuleViolation(.roleNotAllowed)) { try caller(.leader, person: member).requireVote(meeting: meeting, for: chair) }
        try caller(.supervisor, person: nil).requireRecordOutcome(chairID: chair)
        try caller(.leader, person: chair).requireRecordOutcome(chairID: chair)
        #expect(throws: RuleViolation(.roleNotAllowed)) { try caller(.staff, person: member).requireRecordOutcome(chairID: chair) }
        #expect(throws: RuleViolation(.roleNotAllowed)) { try caller(.admin, person: nil).requireRecordOutcome(chairID: chair) }
        // Staff read what was decided (not personnel matters), not deliberations.
        let decided = Decision(id: UUID(), year: 2026, code: "JC-1", title: "x", content: "", kind: .ordinary, basis: "", proposerID: nil,
                               responsibleLeaderID: nil, state: .decided)
        #expect(caller(.staff, person: nil).canRead(decision: decided))
        var draft = decided; draft.state = .draft
        #expect(!caller(.staff, person: nil).canRead(decision: draft))
        var personnel = decided; personnel.kind = .personnel
        #expect(!caller(.unitHead, person: nil).canRead(decision: personnel) && caller(.auditor, person: nil).canRead(decision: personnel))
        #expect(caller(.staff, person: member).canRead(meeting: meeting) && !caller(.staff, person: outsider).canRead(meeting: meeting))
    }
}
