// Decisions, their opinions, meetings with members, agenda items and votes, meeting series,
// calendar links. Small tables (a district takes a few hundred decisions and meetings a year).
import FluentKit
import Foundation
import LuoshiDomain
import SQLKit

struct DecisionRow: Codable {
    var id: UUID
    var year: Int
    var code: String
    var title: String
    var content: String
    var kind: String
    var basis: String
    var proposerId: UUID?
    var responsibleLeaderId: UUID?
    var state: String
    var resolution: String

    init(_ d: Decision) {
        id = d.id; year = d.year; code = d.code; title = d.title; content = d.content; kind = d.kind.rawValue; basis = d.basis
        proposerId = d.proposerID; responsibleLeaderId = d.responsibleLeaderID; state = d.state.rawValue; resolution = d.resolution
    }

    var value: Decision {
        Decision(id: id, year: year, code: code, title: title, content: content, kind: DecisionKind(rawValue: kind) ?? .ordinary,
                 basis: basis, proposerID: proposerId, responsibleLeaderID: responsibleLeaderId,
                 state: DecisionState(rawValue: state) ?? .draft, resolution: resolution)
    }
}

struct OpinionRow: Codable {
    var id: UUID
    var decisionId: UUID
    var advisorName: String
    var advisorField: String
    var stance: String
    var text: String
    var day: String

    init(_ o: Opinion) {
        id = o.id; decisionId = o.decisionID; advisorName = o.advisorName; advisorField = o.advisorField
        stance = o.stance.rawValue; text = o.text; day = o.day.description
    }

    var value: Opinion {
        Opinion(id: id, decisionID: decisionId, advisorName: advisorName, advisorField: advisorField,
                stance: Stance(rawValue: stance) ?? .support, text: text, day: Day(day) ?? LocalClock.china.today())
    }
}

struct MeetingRow: Codable {
    var id: UUID
    var kind: String
    var title: String
    var seriesId: UUID?
    var day: String
    var startTime: String
    var place: String
    var chairId: UUID
    var minutes: String

    init(_ m: Meeting) {
        id = m.id; kind = m.kind.rawValue; title = m.title; seriesId = m.seriesID; day = m.day.description
        startTime = m.startTime; place = m.place; chairId = m.chairID; minutes = m.minutes
    }

    func value(members: [MeetingMember]) -> Meeting {
        Meeting(id: id, kind: MeetingKind(rawValue: kind) ?? .jointPartyGovernment, title: title, seriesID: seriesId,
                day: Day(day) ?? LocalClock.china.today(), startTime: startTime, place: place, chairID: chairId,
                members: members, minutes: minutes)
    }
}

struct MemberRow: Codable {
    var meetingId: UUID
    var personId: UUID
    var memberOrder: Int
    var attendance: String
    var leaveReason: String

    var value: MeetingMember {
        MeetingMember(personID: personId, attendance: Attendance(rawValue: attendance) ?? .expected, leaveReason: leaveReason)
    }
}

struct AgendaItemRow: Codable {
    var id: UUID
    var meetingId: UUID
    var itemOrder: Int
    var kind: String
    var decisionId: UUID?
    var title: String
    var outcome: String
    var note: String
    var carriedFromId: UUID?
    var taskId: UUID?
    var instruction: String?
    var instructionTaskId: UUID?

    init(_ i: AgendaItem) {
        id = i.id; meetingId = i.meetingID; itemOrder = i.order; kind = i.kind.rawValue; decisionId = i.decisionID
        title = i.title; outcome = i.outcome.rawValue; note = i.note; carriedFromId = i.carriedFromID
        taskId = i.taskID; instruction = i.instruction; instructionTaskId = i.instructionTaskID
    }

    var value: AgendaItem {
        AgendaItem(id: id, meetingID: meetingId, order: itemOrder, kind: AgendaItemKind(rawValue: kind) ?? .report,
                   decisionID: decisionId, title: title, outcome: AgendaOutcome(rawValue: outcome) ?? .pending, note: note,
                   carriedFromID: carriedFromId, taskID: taskId, instruction: instruction, instructionTaskID: instructionTaskId)
    }
}

struct SeriesRow: Codable {
    var id: UUID
    var kind: String
    var title: String
    var rhythm: String
    var chairId: UUID
    var place: String
    var startTime: String

    init(_ s: MeetingSeries) {
        id = s.id; kind = s.kind.rawValue; title = s.title; rhythm = s.rhythm.rawValue; chairId = s.chairID
        place = s.place; startTime = s.startTime
    }

    func value(members: [UUID]) -> MeetingSeries {
        MeetingSeries(id: id, kind: MeetingKind(rawValue: kind) ?? .weeklyMonday, title: title,
                      rhythm: ReportingRhythm(rawValue: rhythm) ?? .weekly, chairID: chairId, memberIDs: members, place: place,
                      startTime: startTime)
    }
}

/// A key task carrying out a decision, as the decision's page lists it.
public struct DecisionTask: Sendable, Equatable {
    public var id: UUID
    public var code: String
    public var title: String
    public var status: TaskStatus
    public var progress: Double
    public var start: Day
    public var deadline: Day
    public var responsibleUnitID: UUID
}

/// An agenda item with its meeting, for a decision's history.
public struct AgendaEntry: Sendable {
    public var item: AgendaItem
    public var meetingID: UUID
    public var meetingTitle: String
    public var meetingDay: Day
}

public struct MeetingFilter: Sendable {
    public var from: Day?
    public var to: Day?
    public var kind: MeetingKind?
    public var seriesID: UUID?
    /// Only meetings this person is a member of.
    public var memberID: UUID?
    public init(from: Day? = nil, to: Day? = nil, kind: MeetingKind? = nil, seriesID: UUID? = nil, memberID: UUID? = nil) {
        self.from = from; self.to = to; self.kind = kind; self.seriesID = seriesID; self.memberID = memberID
    }
}

public struct DecisionFilter: Sendable {
    public var year: Int?
    public var state: DecisionState?
    public var kind: DecisionKind?
    public var search: String?
    /// Those who read no deliberations see only what was decided, not personnel matters.
    public var decidedNonPersonnelOnly: Bool
    public init(year: Int? = nil, state: DecisionState? = nil, kind: DecisionKind? = nil, search: String? = nil,
                decidedNonPersonnelOnly: Bool = false) {
        self.year = year; self.state = state; self.kind = kind; self.search = search; self.decidedNonPersonnelOnly = decidedNonPersonnelOnly
    }
}

enum DecisionReads {
    static func decision(id: UUID, sql: any SQLDatabase) async throws -> Decision? {
        try await sql.select().column(SQLLiteral.all).from("decisions").where("id", .equal, SQLBind(id))
            .first(decoding: DecisionRow.self, keyDecodingStrategy: .convertFromSnakeCase)?.value
    }

    static func meeting(id: UUID, sql: any SQLDatabase) async throws -> Meeting? {
        guard let row = try await sql.select().column(SQLLiteral.all).from("meetings").where("id", .equal, SQLBind(id))
            .first(decoding: MeetingRow.self, keyDecodingStrategy: .convertFromSnakeCase) else { return nil }
        return row.value(members: try await members(meetingIDs: [id], sql: sql)[id] ?? [])
    }

    static func members(meetingIDs: [UUID], sql: any SQLDatabase) async throws -> [UUID: [MeetingMember]] {
        guard !meetingIDs.isEmpty else { return [:] }
        let rows = try await sql.select().column(SQLLiteral.all).from("meeting_members")
            .where("meeting_id", .in, SQLBind.group(meetingIDs)).orderBy("member_order")
            .all(decoding: MemberRow.self, keyDecodingStrategy: .convertFromSnakeCase)
        return Dictionary(grouping: rows, by: \.meetingId).mapValues { $0.map(\.value) }
    }

    static func items(meetingID: UUID, sql: any SQLDatabase) async throws -> [AgendaItem] {
        try await sql.select().column(SQLLiteral.all).from("agenda_items").where("meeting_id", .equal, SQLBind(meetingID))
            .orderBy("item_order").all(decoding: AgendaItemRow.self, keyDecodingStrategy: .convertFromSnakeCase).map(\.value)
    }

    static func item(id: UUID, sql: any SQLDatabase) async throws -> AgendaItem? {
        try await sql.select().column(SQLLiteral.all).from("agenda_items").where("id", .equal, SQLBind(id))
            .first(decoding: AgendaItemRow.self, keyDecodingStrategy: .convertFromSnakeCase)?.value
    }

    static func votes(itemIDs: [UUID], sql: any SQLDatabase) async throws -> [Vote] {
        guard !itemIDs.isEmpty else { return [] }
        struct Row: Decodable { var itemId: UUID; var personId: UUID; var choice: String }
        return try await sql.select().column("item_id").column("person_id").column("choice").from("votes")
            .where("item_id", .in, SQLBind.group(itemIDs))
            .all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
            .compactMap { row in VoteChoice(rawValue: row.choice).map { Vote(itemID: row.itemId, personID: row.personId, choice: $0) } }
    }

    static func series(id: UUID, sql: any SQLDatabase) async throws -> MeetingSeries? {
        guard let row = try await sql.select().column(SQLLiteral.all).from("meeting_series").where("id", .equal, SQLBind(id))
            .first(decoding: SeriesRow.self, keyDecodingStrategy: .convertFromSnakeCase) else { return nil }
        let members = try await sql.select().column("person_id").from("meeting_series_members")
            .where("series_id", .equal, SQLBind(id)).orderBy("member_order").all(decodingColumn: "person_id", as: UUID.self)
        return row.value(members: members)
    }

    static func opinions(decisionID: UUID, sql: any SQLDatabase) async throws -> [Opinion] {
        try await sql.select().column(SQLLiteral.all).from("decision_opinions").where("decision_id", .equal, SQLBind(decisionID))
            .orderBy("day").all(decoding: OpinionRow.self, keyDecodingStrategy: .convertFromSnakeCase).map(\.value)
    }
}

extension Store {
    public func decision(id: UUID) async throws -> Decision? { try await DecisionReads.decision(id: id, sql: sql) }

    public func decisions(_ filter: DecisionFilter, offset: Int, limit: Int) async throws -> Page<Decision> {
        var query = sql.select().column(SQLLiteral.all).from("decisions")
        if let year = filter.year { query = query.where("year", .equal, SQLBind(year)) }
        if let state = filter.state { query = query.where("state", .equal, SQLBind(state.rawValue)) }
        if let kind = filter.kind { query = query.where("kind", .equal, SQLBind(kind.rawValue)) }
        if let matches = SearchPredicate(filter.search, columns: ["title", "code"]) { query = query.where(matches) }
        if filter.decidedNonPersonnelOnly {
            query = query.where("state", .in, SQLBind.group([DecisionState.decided, .decomposed, .completed].map(\.rawValue)))
                .where("kind", .notEqual, SQLBind(DecisionKind.personnel.rawValue))
        }
        let rows = try await query.orderBy("year", .descending).orderBy("code", .descending).offset(offset).limit(limit + 1)
            .all(decoding: DecisionRow.self, keyDecodingStrategy: .convertFromSnakeCase)
        return Page(items: rows.prefix(limit).map(\.value), offset: offset, limit: limit, hasMore: rows.count > limit)
    }

    public func opinions(decisionID: UUID) async throws -> [Opinion] { try await DecisionReads.opinions(decisionID: decisionID, sql: sql) }

    /// The key tasks carrying out a decision, with their figures.
    public func decisionTasks(decisionID: UUID) async throws -> [DecisionTask] {
        struct Row: Decodable {
            var id: UUID; var code: String; var title: String; var status: String; var rolledProgress: Double; var startDay: String
            var deadline: String; var responsibleUnitId: UUID
        }
        return try await sql.select().column("id").column("code").column("title").column("status").column("rolled_progress")
            .column("start_day").column("deadline").column("responsible_unit_id").from("tasks")
            .where("decision_id", .equal, SQLBind(decisionID)).where("parent_id", .is, SQLLiteral.null).orderBy("code")
            .all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
            .map { DecisionTask(id: $0.id, code: $0.code, title: $0.title, status: TaskStatus(rawValue: $0.status) ?? .notStarted,
                                progress: $0.rolledProgress, start: Day($0.startDay) ?? LocalClock.china.today(),
                                deadline: Day($0.deadline) ?? LocalClock.china.today(),
                                responsibleUnitID: $0.responsibleUnitId) }
    }

    /// Where a decision has been on agendas, oldest first.
    public func agendaHistory(decisionID: UUID) async throws -> [AgendaEntry] {
        let items = try await sql.select().column(SQLLiteral.all).from("agenda_items").where("decision_id", .equal, SQLBind(decisionID))
            .all(decoding: AgendaItemRow.self, keyDecodingStrategy: .convertFromSnakeCase).map(\.value)
        guard !items.isEmpty else { return [] }
        let meetings = Dictionary(try await sql.select().column(SQLLiteral.all).from("meetings")
            .where("id", .in, SQLBind.group(items.map(\.meetingID)))
            .all(decoding: MeetingRow.self, keyDecodingStrategy: .convertFromSnakeCase).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return items.compactMap { item in
            meetings[item.meetingID].map { AgendaEntry(item: item, meetingID: $0.id, meetingTitle: $0.title,
                                                       meetingDay: Day($0.day) ?? LocalClock.china.today()) }
        }.sorted { $0.meetingDay < $1.meetingDay }
    }

    public func meeting(id: UUID) async throws -> Meeting? { try await DecisionReads.meeting(id: id, sql: sql) }

    public func meetings(_ filter: MeetingFilter, offset: Int, limit: Int) async throws -> Page<Meeting> {
        var query = sql.select().column(SQLLiteral.all).from("meetings")
        if let from = filter.from { query = query.where("day", .greaterThanOrEqual, SQLBind(from.description)) }
        if let to = filter.to { query = query.where("day", .lessThanOrEqual, SQLBind(to.description)) }
        if let kind = filter.kind { query = query.where("kind", .equal, SQLBind(kind.rawValue)) }
        if let seriesID = filter.seriesID { query = query.where("series_id", .equal, SQLBind(seriesID)) }
        if let memberID = filter.memberID {
            query = query.where(SQLIdentifier("id"), .in, SQLGroupExpression(
                sql.select().column("meeting_id").from("meeting_members").where("person_id", .equal, SQLBind(memberID)).select))
        }
        let rows = try await query.orderBy("day", .descending).orderBy("start_time", .descending)
            .offset(offset).limit(limit + 1).all(decoding: MeetingRow.self, keyDecodingStrategy: .convertFromSnakeCase)
        let page = Array(rows.prefix(limit))
        let members = try await DecisionReads.members(meetingIDs: page.map(\.id), sql: sql)
        return Page(items: page.map { $0.value(members: members[$0.id] ?? []) }, offset: offset, limit: limit, hasMore: rows.count > limit)
    }

    public func agendaItems(meetingID: UUID) async throws -> [AgendaItem] { try await DecisionReads.items(meetingID: meetingID, sql: sql) }

    public func agendaItem(id: UUID) async throws -> AgendaItem? { try await DecisionReads.item(id: id, sql: sql) }

    public func votes(itemIDs: [UUID]) async throws -> [Vote] { try await DecisionReads.votes(itemIDs: itemIDs, sql: sql) }

    public func decisions(ids: [UUID]) async throws -> [UUID: Decision] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await sql.select().column(SQLLiteral.all).from("decisions").where("id", .in, SQLBind.group(ids))
            .all(decoding: DecisionRow.self, keyDecodingStrategy: .convertFromSnakeCase)
        return Dictionary(rows.map { ($0.id, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// Every series with its members, in two statements.
    public func meetingSeries() async throws -> [MeetingSeries] {
        let rows = try await sql.select().column(SQLLiteral.all).from("meeting_series").orderBy("title")
            .all(decoding: SeriesRow.self, keyDecodingStrategy: .convertFromSnakeCase)
        guard !rows.isEmpty else { return [] }
        struct Member: Decodable { var seriesId: UUID; var personId: UUID }
        let members = Dictionary(grouping: try await sql.select().column("series_id").column("person_id").from("meeting_series_members")
            .orderBy("member_order").all(decoding: Member.self, keyDecodingStrategy: .convertFromSnakeCase), by: \.seriesId)
        return rows.map { $0.value(members: members[$0.id]?.map(\.personId) ?? []) }
    }

    public func meetingSeries(id: UUID) async throws -> MeetingSeries? { try await DecisionReads.series(id: id, sql: sql) }

    /// The person a calendar link's token (its hash) belongs to.
    public func calendarPerson(tokenHash: String) async throws -> UUID? {
        try await sql.select().column("person_id").from("calendar_links").where("token_hash", .equal, SQLBind(tokenHash))
            .first(decodingColumn: "person_id", as: UUID.self)
    }

    /// People's names by id, in one statement (a meeting's members, a decision's leaders).
    public func personNames(ids: [UUID]) async throws -> [UUID: String] {
        let unique = Array(Set(ids))
        guard !unique.isEmpty else { return [:] }
        struct Row: Decodable { var id: UUID; var name: String }
        let rows = try await sql.select().column("id").column("name").from("people").where("id", .in, SQLBind.group(unique))
            .all(decoding: Row.self)
        return Dictionary(rows.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    }

    /// Who may sit in a meeting: district leaders and section-level heads, by name.
    public func meetingCandidates() async throws -> [Person] {
        try await PersonModel.query(on: database)
            .filter(\.$rank ~~ [PersonRank.districtLeader.rawValue, PersonRank.sectionLevel.rawValue]).sort(\.$rank).sort(\.$name)
            .all().map(\.value)
    }

    /// Matters that may go on an agenda: in consultation, or deferred by an earlier meeting.
    public func decisionsAwaitingAgenda() async throws -> [Decision] {
        try await sql.select().column(SQLLiteral.all).from("decisions")
            .where("state", .in, SQLBind.group([DecisionState.consultation, .deferred].map(\.rawValue)))
            .orderBy("year", .descending).orderBy("code").limit(200)
            .all(decoding: DecisionRow.self, keyDecodingStrategy: .convertFromSnakeCase).map(\.value)
    }

    /// Whether the person still has an account that is not disabled (a calendar link of a
    /// disabled account stops working).
    public func hasActiveAccount(personID: UUID) async throws -> Bool {
        try await AccountModel.query(on: database).filter(\.$personID == personID).filter(\.$isDisabled == false).first() != nil
    }

    /// Decisions decided and not yet completed, for the task form's picker.
    public func decisionsToCarryOut(year: Int?) async throws -> [Decision] {
        var query = sql.select().column(SQLLiteral.all).from("decisions")
            .where("state", .in, SQLBind.group([DecisionState.decided, .decomposed].map(\.rawValue)))
        if let year { query = query.where("year", .equal, SQLBind(year)) }
        return try await query.orderBy("code").all(decoding: DecisionRow.self, keyDecodingStrategy: .convertFromSnakeCase).map(\.value)
    }
}

extension WriteTransaction {
    public func decision(id: UUID) async throws -> Decision? { try await DecisionReads.decision(id: id, sql: sql) }

    public func decisionCodeTaken(year: Int, code: String) async throws -> Bool {
        try await sql.select().column("id").from("decisions").where("year", .equal, SQLBind(year))
            .where("code", .equal, SQLBind(code)).first() != nil
    }

    public func decisionCount(year: Int) async throws -> Int {
        try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("decisions")
            .where("year", .equal, SQLBind(year)).first(decodingColumn: "n", as: Int.self) ?? 0
    }

    public func insert(_ decision: Decision) async throws {
        try await sql.insert(into: "decisions").model(DecisionRow(decision), keyEncodingStrategy: .convertToSnakeCase).run()
    }

    public func update(_ decision: Decision) async throws {
        try await sql.update("decisions").set(model: DecisionRow(decision), keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil)
            .where("id", .equal, SQLBind(decision.id)).run()
    }

    public func opinionCount(decisionID: UUID) async throws -> Int {
        try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("decision_opinions")
            .where("decision_id", .equal, SQLBind(decisionID)).first(decodingColumn: "n", as: Int.self) ?? 0
    }

    public func insert(_ opinion: Opinion) async throws {
        try await sql.insert(into: "decision_opinions").model(OpinionRow(opinion), keyEncodingStrategy: .convertToSnakeCase).run()
    }

    /// Key tasks of a decision still open (neither completed nor cancelled).
    public func openTaskCount(decisionID: UUID) async throws -> Int {
        try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("tasks")
            .where("decision_id", .equal, SQLBind(decisionID)).where("parent_id", .is, SQLLiteral.null)
            .where("status", .in, SQLBind.group([TaskStatus.notStarted, .inProgress].map(\.rawValue)))
            .first(decodingColumn: "n", as: Int.self) ?? 0
    }

    public func meeting(id: UUID) async throws -> Meeting? { try await DecisionReads.meeting(id: id, sql: sql) }

    public func insert(_ meeting: Meeting) async throws {
        try await sql.insert(into: "meetings").model(MeetingRow(meeting), keyEncodingStrategy: .convertToSnakeCase).run()
        for (order, member) in meeting.members.enumerated() {
            try await sql.insert(into: "meeting_members").columns("meeting_id", "person_id", "member_order", "attendance", "leave_reason")
                .values(SQLBind(meeting.id), SQLBind(member.personID), SQLBind(order), SQLBind(member.attendance.rawValue),
                        SQLBind(member.leaveReason)).run()
        }
    }

    /// The meeting's own fields (not its members).
    public func update(_ meeting: Meeting) async throws {
        try await sql.update("meetings").set(model: MeetingRow(meeting), keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil)
            .where("id", .equal, SQLBind(meeting.id)).run()
    }

    public func setMember(_ member: MeetingMember, meetingID: UUID) async throws {
        try await sql.update("meeting_members").set("attendance", to: SQLBind(member.attendance.rawValue))
            .set("leave_reason", to: SQLBind(member.leaveReason))
            .where("meeting_id", .equal, SQLBind(meetingID)).where("person_id", .equal, SQLBind(member.personID)).run()
    }

    public func agendaItems(meetingID: UUID) async throws -> [AgendaItem] { try await DecisionReads.items(meetingID: meetingID, sql: sql) }

    public func agendaItem(id: UUID) async throws -> AgendaItem? { try await DecisionReads.item(id: id, sql: sql) }

    public func insert(_ item: AgendaItem) async throws {
        try await sql.insert(into: "agenda_items").model(AgendaItemRow(item), keyEncodingStrategy: .convertToSnakeCase).run()
    }

    public func update(_ item: AgendaItem) async throws {
        try await sql.update("agenda_items").set(model: AgendaItemRow(item), keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil)
            .where("id", .equal, SQLBind(item.id)).run()
    }

    public func votes(itemID: UUID) async throws -> [Vote] { try await DecisionReads.votes(itemIDs: [itemID], sql: sql) }

    /// A member's vote on an item: a later vote replaces the earlier one while the item is pending.
    public func setVote(_ vote: Vote) async throws {
        try await sql.delete(from: "votes").where("item_id", .equal, SQLBind(vote.itemID))
            .where("person_id", .equal, SQLBind(vote.personID)).run()
        try await sql.insert(into: "votes").columns("item_id", "person_id", "choice")
            .values(SQLBind(vote.itemID), SQLBind(vote.personID), SQLBind(vote.choice.rawValue)).run()
    }

    public func series(id: UUID) async throws -> MeetingSeries? { try await DecisionReads.series(id: id, sql: sql) }

    public func insert(_ series: MeetingSeries) async throws {
        try await sql.insert(into: "meeting_series").model(SeriesRow(series), keyEncodingStrategy: .convertToSnakeCase).run()
        for (order, personID) in series.memberIDs.enumerated() {
            try await sql.insert(into: "meeting_series_members").columns("series_id", "person_id", "member_order")
                .values(SQLBind(series.id), SQLBind(personID), SQLBind(order)).run()
        }
    }

    /// The latest occurrence of a series (by day).
    public func latestMeeting(seriesID: UUID) async throws -> Meeting? {
        guard let id = try await sql.select().column("id").from("meetings").where("series_id", .equal, SQLBind(seriesID))
            .orderBy("day", .descending).limit(1).first(decodingColumn: "id", as: UUID.self) else { return nil }
        return try await DecisionReads.meeting(id: id, sql: sql)
    }

    public func setCalendarLink(personID: UUID, tokenHash: String) async throws {
        try await sql.delete(from: "calendar_links").where("person_id", .equal, SQLBind(personID)).run()
        try await sql.insert(into: "calendar_links").columns("person_id", "token_hash")
            .values(SQLBind(personID), SQLBind(tokenHash)).run()
    }
}
