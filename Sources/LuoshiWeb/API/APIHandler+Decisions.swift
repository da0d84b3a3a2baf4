// The decision mechanism through the API: decisions, opinions, meetings, attendance, agenda items,
// votes, outcomes, minutes, series. Same use cases and access checks as the pages.
import Foundation
import LuoshiAPI
import LuoshiDomain
import LuoshiStorage
import LuoshiUseCases
import Vapor

extension APIHandler {
    // MARK: Decisions

    func listDecisions(_ input: Operations.ListDecisions.Input) async throws -> Operations.ListDecisions.Output {
        let (request, caller) = try current()
        let query = input.query
        let paging = try APIPaging(limit: query.limit, offset: query.offset, search: query.q)
        let filter = DecisionFilter(year: try query.year.map { value throws(RuleViolation) in try self.year(value) },
                                    state: query.state.flatMap { DecisionState(rawValue: $0.rawValue) },
                                    kind: query.kind.flatMap { DecisionKind(rawValue: $0.rawValue) }, search: paging.search,
                                    decidedNonPersonnelOnly: !caller.readsDeliberations)
        let page = try await request.store.decisions(filter, offset: paging.offset, limit: paging.limit)
        return .ok(.init(body: .json(.init(items: page.items.map { DecisionMapping.decision($0) }, offset: page.offset, limit: page.limit,
                                           hasMore: page.hasMore, total: page.total))))
    }

    func createDecision(_ input: Operations.CreateDecision.Input) async throws -> Operations.CreateDecision.Output {
        let (request, caller) = try current()
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        let decision = try await LuoshiUseCases.createDecision(try DecisionMapping.draft(body), context: request.context(caller))
        return .created(.init(body: .json(DecisionMapping.decision(decision))))
    }

    func getDecision(_ input: Operations.GetDecision.Input) async throws -> Operations.GetDecision.Output {
        let (request, caller) = try current()
        let store = request.store
        guard let decision = try await store.decision(id: try APIMapping.pathID(input.path.decisionId)) else { throw RuleViolation(.recordNotFound) }
        try caller.requireRead(decision: decision)
        return .ok(.init(body: .json(DecisionMapping.decision(
            decision, opinions: caller.readsDeliberations ? try await store.opinions(decisionID: decision.id) : [],
            tasks: try await DecisionNames.readableTasks(decision.id, caller: caller, store: store)))))
    }

    func updateDecision(_ input: Operations.UpdateDecision.Input) async throws -> Operations.UpdateDecision.Output {
        let (request, caller) = try current()
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        let decision = try await LuoshiUseCases.updateDecision(id: try APIMapping.pathID(input.path.decisionId), try DecisionMapping.draft(body),
                                                               context: request.context(caller))
        return .ok(.init(body: .json(DecisionMapping.decision(decision))))
    }

    func moveDecision(_ input: Operations.MoveDecision.Input) async throws -> Operations.MoveDecision.Output {
        let (request, caller) = try current()
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        let action = try Parse.requiredChoice(body.action.rawValue, as: DecisionProcedure.Action.self, field: .fieldDecisionState)
        let decision = try await LuoshiUseCases.moveDecision(id: try APIMapping.pathID(input.path.decisionId), by: action, context: request.context(caller))
        return .ok(.init(body: .json(DecisionMapping.decision(decision))))
    }

    func addOpinion(_ input: Operations.AddOpinion.Input) async throws -> Operations.AddOpinion.Output {
        let (request, caller) = try current()
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        // The role before the body; the text counted in code points as the document counts them
        // (the use case counts characters, and a line break "\r\n" is one).
        try caller.requireManageDecisions()
        try SupervisionMapping.prose(body.text, field: .fieldOpinionText, maxLength: 8000)
        let opinion = try await LuoshiUseCases.addOpinion(
            decisionID: try APIMapping.pathID(input.path.decisionId), advisorName: body.advisorName, advisorField: body.advisorField ?? "",
            stance: try Parse.requiredChoice(body.stance.rawValue, as: Stance.self, field: .fieldStance), text: body.text,
            day: try APIMapping.day(body.day, field: .fieldDay) ?? request.clock.today(), context: request.context(caller))
        return .created(.init(body: .json(DecisionMapping.opinion(opinion))))
    }

    // MARK: Meetings

    func listMeetings(_ input: Operations.ListMeetings.Input) async throws -> Operations.ListMeetings.Output {
        let (request, caller) = try current()
        let query = input.query
        let paging = try APIPaging(limit: query.limit, offset: query.offset, search: nil)
        let filter = MeetingFilter(from: try APIMapping.day(query.from, field: .fieldDay), to: try APIMapping.day(query.to, field: .fieldDay),
                                   kind: query.kind.flatMap { MeetingKind(rawValue: $0.rawValue) },
                                   memberID: caller.readsDeliberations ? nil : (caller.personID ?? UUID()))
        let page = try await request.store.meetings(filter, offset: paging.offset, limit: paging.limit)
        let names = try await DecisionNames.people(page.items.flatMap { $0.members.map(\.personID) }, store: request.store)
        return .ok(.init(body: .json(.init(items: page.items.map { DecisionMapping.meeting($0, names: names) }, offset: page.offset,
                                           limit: page.limit, hasMore: page.hasMore, total: page.total))))
    }

    func createMeeting(_ input: Operations.CreateMeeting.Input) async throws -> Operations.CreateMeeting.Output {
        let (request, caller) = try current()
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        let meeting = try await LuoshiUseCases.createMeeting(
            MeetingDraft(kind: try Parse.requiredChoice(body.kind.rawValue, as: MeetingKind.self, field: .fieldMeetingKind), title: body.title,
                         day: try APIMapping.day(body.day, field: .fieldDay)!, startTime: body.startTime ?? "09:00", place: body.place ?? "",
                         chairID: try Parse.requiredUUID(body.chairId, field: .fieldChair),
                         memberIDs: try APIMapping.ids(body.memberIds, field: .fieldMembers)),
            context: request.context(caller))
        return .created(.init(body: .json(try await meetingBody(meeting.id, request: request))))
    }

    func getMeeting(_ input: Operations.GetMeeting.Input) async throws -> Operations.GetMeeting.Output {
        let (request, _) = try current()
        return .ok(.init(body: .json(try await meetingBody(try APIMapping.pathID(input.path.meetingId), request: request))))
    }

    func setAttendance(_ input: Operations.SetAttendance.Input) async throws -> Operations.SetAttendance.Output {
        let (request, caller) = try current()
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        let id = try await readableMeeting(input.path.meetingId, request: request)
        _ = try await LuoshiUseCases.setAttendance(
            meetingID: id, personID: try Parse.requiredUUID(body.personId, field: .fieldPerson),
            attendance: try Parse.requiredChoice(body.attendance.rawValue, as: Attendance.self, field: .fieldAttendance),
            leaveReason: body.leaveReason ?? "", context: request.context(caller))
        return .ok(.init(body: .json(try await meetingBody(id, request: request))))
    }

    func addAgendaItem(_ input: Operations.AddAgendaItem.Input) async throws -> Operations.AddAgendaItem.Output {
        let (request, caller) = try current()
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        let id = try await readableMeeting(input.path.meetingId, request: request)
        let decisionID = try APIMapping.strictID(body.decisionId, field: .fieldDecision)
        if decisionID == nil && body.title == nil { throw RuleViolation(.fieldRequired, field: .fieldSubject) }
        let item = try await LuoshiUseCases.addAgendaItem(meetingID: id, decisionID: decisionID, title: body.title ?? "", context: request.context(caller))
        return .created(.init(body: .json(DecisionMapping.item(item, votes: []))))
    }

    func setMinutes(_ input: Operations.SetMinutes.Input) async throws -> Operations.SetMinutes.Output {
        let (request, caller) = try current()
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        let id = try await readableMeeting(input.path.meetingId, request: request)
        _ = try await LuoshiUseCases.setMinutes(meetingID: id, minutes: body.minutes, context: request.context(caller))
        return .ok(.init(body: .json(try await meetingBody(id, request: request))))
    }

    func scheduleNextMeeting(_ input: Operations.ScheduleNextMeeting.Input) async throws -> Operations.ScheduleNextMeeting.Output {
        let (request, caller) = try current()
        let id = try await readableMeeting(input.path.meetingId, request: request)
        let next = try await LuoshiUseCases.scheduleNextMeeting(after: id, context: request.context(caller))
        return .created(.init(body: .json(try await meetingBody(next.id, request: request))))
    }

    func castVote(_ input: Operations.CastVote.Input) async throws -> Operations.CastVote.Output {
        let (request, caller) = try current()
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        let item = try await readableItem(input.path.itemId, request: request)
        guard let voter = try APIMapping.strictID(body.personId, field: .fieldPerson) ?? caller.personID else {
            throw RuleViolation(.meetingNotMember)
        }
        _ = try await LuoshiUseCases.castVote(itemID: item.id, personID: voter,
                                              choice: try Parse.requiredChoice(body.choice.rawValue, as: VoteChoice.self, field: .fieldVote),
                                              context: request.context(caller))
        return .ok(.init(body: .json(DecisionMapping.item(item, votes: try await request.store.votes(itemIDs: [item.id])))))
    }

    func recordOutcome(_ input: Operations.RecordOutcome.Input) async throws -> Operations.RecordOutcome.Output {
        let (request, caller) = try current()
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        let item = try await readableItem(input.path.itemId, request: request)
        let after = try await LuoshiUseCases.recordOutcome(
            itemID: item.id, outcome: try Parse.requiredChoice(body.outcome.rawValue, as: AgendaOutcome.self, field: .fieldOutcome),
            note: body.note ?? "", context: request.context(caller))
        return .ok(.init(body: .json(DecisionMapping.item(after, votes: try await request.store.votes(itemIDs: [item.id])))))
    }

    func listMeetingSeries(_ input: Operations.ListMeetingSeries.Input) async throws -> Operations.ListMeetingSeries.Output {
        let (request, caller) = try current()
        return .ok(.init(body: .json(try await request.store.meetingSeries()
            .filter { caller.readsDeliberations || caller.personID.map($0.memberIDs.contains) ?? false }.map(DecisionMapping.series))))
    }

    func createMeetingSeries(_ input: Operations.CreateMeetingSeries.Input) async throws -> Operations.CreateMeetingSeries.Output {
        let (request, caller) = try current()
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        let (series, _) = try await LuoshiUseCases.createMeetingSeries(
            kind: try Parse.requiredChoice(body.kind.rawValue, as: MeetingKind.self, field: .fieldMeetingKind), title: body.title,
            rhythm: try Parse.requiredChoice(body.rhythm.rawValue, as: ReportingRhythm.self, field: .fieldRhythm),
            chairID: try Parse.requiredUUID(body.chairId, field: .fieldChair), memberIDs: try APIMapping.ids(body.memberIds, field: .fieldMembers),
            place: body.place ?? "", startTime: body.startTime ?? "09:00", firstDay: try APIMapping.day(body.firstDay, field: .fieldDay)!,
            context: request.context(caller))
        return .created(.init(body: .json(DecisionMapping.series(series))))
    }

    /// A meeting the caller may read, by the path's id.
    private func readableMeeting(_ text: String, request: Request) async throws -> UUID {
        guard let meeting = try await request.store.meeting(id: try APIMapping.pathID(text)) else { throw RuleViolation(.recordNotFound) }
        try request.requireCaller().requireRead(meeting: meeting)
        return meeting.id
    }

    private func readableItem(_ text: String, request: Request) async throws -> AgendaItem {
        guard let item = try await request.store.agendaItem(id: try APIMapping.pathID(text)) else { throw RuleViolation(.recordNotFound) }
        guard let meeting = try await request.store.meeting(id: item.meetingID) else { throw RuleViolation(.recordNotFound) }
        try request.requireCaller().requireRead(meeting: meeting)
        return item
    }

    private func meetingBody(_ id: UUID, request: Request) async throws -> Components.Schemas.Meeting {
        let store = request.store
        guard let meeting = try await store.meeting(id: id) else { throw RuleViolation(.recordNotFound) }
        try request.requireCaller().requireRead(meeting: meeting)
        let items = try await store.agendaItems(meetingID: id)
        let votes = try await store.votes(itemIDs: items.map(\.id))
        return DecisionMapping.meeting(meeting, names: try await DecisionNames.people(meeting.members.map(\.personID), store: store),
                                       agenda: items.map { item in DecisionMapping.item(item, votes: votes.filter { $0.itemID == item.id }) })
    }
}

enum DecisionMapping {
    static func id(_ uuid: UUID) -> String { APIMapping.id(uuid) }

    static func draft(_ body: Components.Schemas.DecisionInput) throws(RuleViolation) -> DecisionDraft {
        // A code, when sent, is one (the document asks for at least one character); leave it out to be numbered.
        if let code = body.code, code.trimmingCharacters(in: .whitespaces).isEmpty { throw RuleViolation(.fieldCodeFormat, field: .fieldCode) }
        return DecisionDraft(year: body.year, code: body.code, title: body.title,
                      kind: try Parse.requiredChoice(body.kind.rawValue, as: DecisionKind.self, field: .fieldDecisionKind),
                      content: body.content ?? "", basis: body.basis ?? "", proposerID: try APIMapping.strictID(body.proposerId, field: .fieldProposer),
                      responsibleLeaderID: try APIMapping.strictID(body.responsibleLeaderId, field: .fieldResponsibleLeader))
    }

    static func decision(_ d: Decision, opinions: [Opinion]? = nil, tasks: [DecisionTask]? = nil) -> Components.Schemas.Decision {
        .init(id: id(d.id), year: d.year, code: d.code, title: d.title, content: d.content,
              kind: .init(rawValue: d.kind.rawValue) ?? .ordinary, basis: d.basis, proposerId: d.proposerID.map(id),
              responsibleLeaderId: d.responsibleLeaderID.map(id), state: .init(rawValue: d.state.rawValue) ?? .draft,
              resolution: d.resolution, opinions: opinions?.map(opinion),
              tasks: tasks?.map { .init(id: id($0.id), code: $0.code, title: $0.title, status: .init(rawValue: $0.status.rawValue) ?? .notStarted,
                                        progress: ($0.progress * 10).rounded() / 10, deadline: $0.deadline.description) })
    }

    static func opinion(_ o: Opinion) -> Components.Schemas.Opinion {
        .init(id: id(o.id), decisionId: id(o.decisionID), advisorName: o.advisorName, advisorField: o.advisorField,
              stance: .init(rawValue: o.stance.rawValue) ?? .support, text: o.text, day: o.day.description)
    }

    static func item(_ item: AgendaItem, votes: [Vote]) -> Components.Schemas.AgendaItem {
        .init(id: id(item.id), meetingId: id(item.meetingID), order: item.order, kind: .init(rawValue: item.kind.rawValue) ?? .report,
              decisionId: item.decisionID.map(id), title: item.title, outcome: .init(rawValue: item.outcome.rawValue) ?? .pending,
              note: item.note, carriedFromId: item.carriedFromID.map(id), taskId: item.taskID.map(id), instruction: item.instruction,
              instructionTaskId: item.instructionTaskID.map(id),
              votesFor: votes.filter { $0.choice == .inFavour }.count, votesAgainst: votes.filter { $0.choice == .against }.count,
              votesAbstain: votes.filter { $0.choice == .abstain }.count,
              ballots: votes.map { .init(personId: id($0.personID), choice: .init(rawValue: $0.choice.rawValue) ?? .abstain) })
    }

    static func meeting(_ m: Meeting, names: [UUID: String], agenda: [Components.Schemas.AgendaItem]? = nil) -> Components.Schemas.Meeting {
        .init(id: id(m.id), kind: .init(rawValue: m.kind.rawValue) ?? .jointPartyGovernment, title: m.title, seriesId: m.seriesID.map(id),
              day: m.day.description, startTime: m.startTime, place: m.place, chairId: id(m.chairID),
              members: m.members.map { .init(personId: id($0.personID), name: names[$0.personID] ?? "",
                                             attendance: .init(rawValue: $0.attendance.rawValue) ?? .expected, leaveReason: $0.leaveReason) },
              minutes: m.minutes, agenda: agenda)
    }

    static func series(_ s: MeetingSeries) -> Components.Schemas.MeetingSeries {
        .init(id: id(s.id), kind: .init(rawValue: s.kind.rawValue) ?? .weeklyMonday, title: s.title,
              rhythm: .init(rawValue: s.rhythm.rawValue) ?? .weekly, chairId: id(s.chairID), memberIds: s.memberIDs.map(id),
              place: s.place, startTime: s.startTime)
    }
}
