// Meeting pages (会议): the list, calling a meeting or a series, a meeting's page (attendance,
// agenda, votes, outcomes, minutes), the printable agenda and minutes, and a person's meetings as
// an iCalendar feed behind a secret link.
import Foundation
import LuoshiDomain
import LuoshiStorage
import LuoshiUseCases
import Vapor

enum MeetingsController {
    static func list(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        let filter = MeetingFilter(kind: Parse.query(request, "kind").flatMap(MeetingKind.init(rawValue:)),
                                   memberID: caller.readsDeliberations ? nil : (caller.personID ?? UUID()))
        let page = try await request.store.meetings(filter, offset: Parse.offset(request), limit: 50)
        let names = try await DecisionNames.people(page.items.map(\.chairID), store: request.store)
        let series = try await request.store.meetingSeries()
            .filter { caller.readsDeliberations || caller.personID.map($0.memberIDs.contains) ?? false }
        return HTMLResponse.make(MeetingPages.list(page, kind: filter.kind, names: names, series: series,
                                                   canCall: (try? caller.requireManageDecisions()) != nil, context: PageContext(request)))
    }

    static func show(_ request: Request) async throws -> Response { try await page(request, error: nil, status: .ok) }

    /// A meeting the caller may read, with what its pages show.
    static func detail(_ request: Request, meetingID: UUID? = nil) async throws -> MeetingPages.Detail {
        let caller = try request.requireCaller()
        let store = request.store
        guard let meeting = try await store.meeting(id: try meetingID ?? Parse.pathID(request)) else { throw RuleViolation(.recordNotFound) }
        try caller.requireRead(meeting: meeting)
        let items = try await store.agendaItems(meetingID: meeting.id)
        let decisions = try await store.decisions(ids: items.compactMap(\.decisionID))
        let mayRun = (try? caller.requireRunMeeting(chairID: meeting.chairID)) != nil
        let candidates = mayRun ? try await store.decisionsAwaitingAgenda() : []
        let dispatchTasks = try await store.tasks(ids: items.compactMap(\.taskID))
        let directory = try await store.directory().byID
        var unitNames: [UUID: String] = [:]
        for task in dispatchTasks.values {
            for unitID in [task.responsibleUnitID] + task.cooperatingUnitIDs { unitNames[unitID] = directory[unitID]?.name }
        }
        return MeetingPages.Detail(
            meeting: meeting, items: items, votes: try await store.votes(itemIDs: items.map(\.id)), decisions: decisions,
            names: try await DecisionNames.people(meeting.members.map(\.personID) + [meeting.chairID], store: store),
            candidates: candidates, series: try await meeting.seriesID.asyncMap { try await store.meetingSeries(id: $0) } ?? nil,
            mayRun: mayRun, mayRecord: (try? caller.requireRecordOutcome(chairID: meeting.chairID)) != nil,
            callerPersonID: caller.personID, dispatchTasks: dispatchTasks, unitNames: unitNames)
    }

    static func page(_ request: Request, error: String?, status: HTTPResponseStatus) async throws -> Response {
        HTMLResponse.make(MeetingPages.show(try await detail(request), error: error, context: PageContext(request)), status: status)
    }

    static func showPage(_ request: Request, error: String?, status: HTTPResponseStatus, meetingID: UUID? = nil) async throws -> Response {
        HTMLResponse.make(MeetingPages.show(try await detail(request, meetingID: meetingID), error: error, context: PageContext(request)),
                          status: status)
    }

    static func printAgenda(_ request: Request) async throws -> Response {
        HTMLResponse.make(MeetingPages.printable(try await detail(request), minutes: false, context: PageContext(request)))
    }

    static func printMinutes(_ request: Request) async throws -> Response {
        HTMLResponse.make(MeetingPages.printable(try await detail(request), minutes: true, context: PageContext(request)))
    }

    struct MeetingForm: Content {
        var kind: String?
        var title: String?
        var day: String?
        var startTime: String?
        var place: String?
        var chairId: String?
        var memberIds: [String]?
        var rhythm: String?

        var values: MeetingPages.FormValues {
            MeetingPages.FormValues(kind: kind ?? MeetingKind.jointPartyGovernment.rawValue, title: title ?? "", day: day ?? "",
                                    startTime: startTime ?? "09:00", place: place ?? "", chairID: chairId ?? "",
                                    memberIDs: memberIds ?? [], rhythm: rhythm ?? ReportingRhythm.weekly.rawValue)
        }

        func draft() throws(RuleViolation) -> MeetingDraft {
            guard let day = try Parse.day(day, field: .fieldDay) else { throw RuleViolation(.fieldRequired, field: .fieldDay) }
            var members: [UUID] = []
            for text in memberIds ?? [] where !text.isEmpty {
                guard let id = UUID(uuidString: text) else { throw RuleViolation(.fieldInvalidChoice, field: .fieldMembers) }
                members.append(id)
            }
            return MeetingDraft(kind: try Parse.requiredChoice(kind, as: MeetingKind.self, field: .fieldMeetingKind), title: title ?? "",
                                day: day, startTime: (startTime ?? "").isEmpty ? "09:00" : startTime ?? "09:00", place: place ?? "",
                                chairID: try Parse.requiredUUID(chairId, field: .fieldChair), memberIDs: members)
        }
    }

    static func form(_ request: Request, values: MeetingPages.FormValues, series: Bool, error: String?, status: HTTPResponseStatus = .ok) async throws -> Response {
        let store = request.store
        let units = try await store.directory()
        // District leaders first, then the units' heads in the unit tree's order.
        let order = Dictionary(UnitOrdering.treeOrder(units.units).enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { a, _ in a })
        let people = try await store.meetingCandidates().sorted {
            ($0.rank == .districtLeader ? 0 : 1, order[$0.unitID] ?? Int.max, $0.name) < ($1.rank == .districtLeader ? 0 : 1, order[$1.unitID] ?? Int.max, $1.name)
        }
        return HTMLResponse.make(MeetingPages.form(values, series: series, leaders: try await store.leaders(), people: people,
                                                   unitNames: units.byID.mapValues(\.name), error: error, context: PageContext(request)),
                                 status: status)
    }

    static func new(_ request: Request) async throws -> Response {
        try request.requireCaller().requireManageDecisions()
        var values = MeetingForm().values
        values.day = request.clock.today().description
        return try await form(request, values: values, series: false, error: nil)
    }

    static func create(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        try caller.requireManageDecisions()
        let form = try request.content.decode(MeetingForm.self)
        do {
            let meeting = try await createMeeting(try form.draft(), context: request.context(caller))
            return request.redirect(to: SitePath.meeting.with(meeting.id) + "?done=" + L10nKey.meetingSaved.rawValue, redirectType: .normal)
        } catch let violation as RuleViolation where violation.rule.kind == .invalid || violation.rule.kind == .conflict {
            return try await self.form(request, values: form.values, series: false, error: violation.message(in: request.language),
                                       status: LuoshiErrorMiddleware.status(of: violation.rule.kind))
        }
    }

    static func newSeries(_ request: Request) async throws -> Response {
        try request.requireCaller().requireManageDecisions()
        var values = MeetingForm().values
        values.kind = MeetingKind.weeklyMonday.rawValue
        values.day = request.clock.today().description
        return try await form(request, values: values, series: true, error: nil)
    }

    static func createSeries(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        try caller.requireManageDecisions()
        let form = try request.content.decode(MeetingForm.self)
        do {
            let draft = try form.draft()
            let (_, meeting) = try await createMeetingSeries(
                kind: draft.kind, title: draft.title, rhythm: try Parse.requiredChoice(form.rhythm, as: ReportingRhythm.self, field: .fieldRhythm),
                chairID: draft.chairID, memberIDs: draft.memberIDs, place: draft.place, startTime: draft.startTime, firstDay: draft.day,
                context: request.context(caller))
            return request.redirect(to: SitePath.meeting.with(meeting.id) + "?done=" + L10nKey.meetingSaved.rawValue, redirectType: .normal)
        } catch let violation as RuleViolation where violation.rule.kind == .invalid || violation.rule.kind == .conflict {
            return try await self.form(request, values: form.values, series: true, error: violation.message(in: request.language),
                                       status: LuoshiErrorMiddleware.status(of: violation.rule.kind))
        }
    }

    /// Runs a form's action on a meeting's page: done → back to the page with its notice; a rule
    /// refused → the page again with the message.
    static func act(_ request: Request, meetingID: UUID, done: L10nKey, _ body: (Caller) async throws -> Void) async throws -> Response {
        let caller = try request.requireCaller()
        do {
            try await body(caller)
            return request.redirect(to: SitePath.meeting.with(meetingID) + "?done=" + done.rawValue, redirectType: .normal)
        } catch let violation as RuleViolation where violation.rule.kind == .invalid || violation.rule.kind == .conflict {
            return try await pageFor(request, meetingID: meetingID, error: violation.message(in: request.language),
                                     status: LuoshiErrorMiddleware.status(of: violation.rule.kind))
        }
    }

    /// The meeting's page for a request whose path names something else (an agenda item).
    static func pageFor(_ request: Request, meetingID: UUID, error: String, status: HTTPResponseStatus) async throws -> Response {
        request.parameters.set("id", to: meetingID.uuidString.lowercased())
        return try await page(request, error: error, status: status)
    }

    struct AttendanceForm: Content {
        var personId: String?
        var attendance: String?
        var leaveReason: String?
    }

    static func attendance(_ request: Request) async throws -> Response {
        let id = try Parse.pathID(request)
        try await runnable(request, id)
        let form = try request.content.decode(AttendanceForm.self)
        return try await act(request, meetingID: id, done: .meetingSaved) { caller in
            _ = try await setAttendance(meetingID: id, personID: try Parse.requiredUUID(form.personId, field: .fieldPerson),
                                        attendance: try Parse.requiredChoice(form.attendance, as: Attendance.self, field: .fieldAttendance),
                                        leaveReason: form.leaveReason ?? "", context: request.context(caller))
        }
    }

    struct ItemForm: Content {
        var decisionId: String?
        var title: String?
    }

    static func addItem(_ request: Request) async throws -> Response {
        let id = try Parse.pathID(request)
        try await runnable(request, id)
        let form = try request.content.decode(ItemForm.self)
        return try await act(request, meetingID: id, done: .meetingSaved) { caller in
            let decisionID = try Parse.uuid(form.decisionId, field: .fieldDecision)
            if decisionID == nil && (form.title ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
                throw RuleViolation(.fieldRequired, field: .fieldSubject)
            }
            _ = try await addAgendaItem(meetingID: id, decisionID: decisionID, title: form.title ?? "", context: request.context(caller))
        }
    }

    struct MinutesForm: Content { var minutes: String? }

    static func saveMinutes(_ request: Request) async throws -> Response {
        let id = try Parse.pathID(request)
        try await runnable(request, id)
        let form = try request.content.decode(MinutesForm.self)
        return try await act(request, meetingID: id, done: .meetingSaved) { caller in
            _ = try await setMinutes(meetingID: id, minutes: form.minutes ?? "", context: request.context(caller))
        }
    }

    static func next(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        let id = try Parse.pathID(request)
        try await runnable(request, id)
        do {
            let next = try await scheduleNextMeeting(after: id, context: request.context(caller))
            return request.redirect(to: SitePath.meeting.with(next.id) + "?done=" + L10nKey.meetingSaved.rawValue, redirectType: .normal)
        } catch let violation as RuleViolation where violation.rule.kind == .invalid || violation.rule.kind == .conflict {
            return try await page(request, error: violation.message(in: request.language), status: LuoshiErrorMiddleware.status(of: violation.rule.kind))
        }
    }

    struct VoteForm: Content {
        var personId: String?
        var choice: String?
    }

    static func vote(_ request: Request) async throws -> Response {
        let (item, meeting) = try await readableItem(request)
        let form = try request.content.decode(VoteForm.self)
        // Whose vote, and may the caller cast it, before what the form lacks.
        let caller = try request.requireCaller()
        guard let voter = (try? Parse.uuid(form.personId, field: .fieldPerson)) ?? caller.personID else { throw RuleViolation(.meetingNotMember) }
        try caller.requireVote(meeting: meeting, for: voter)
        return try await act(request, meetingID: item.meetingID, done: .voteRecorded) { caller in
            _ = try await castVote(itemID: item.id, personID: voter, choice: try Parse.requiredChoice(form.choice, as: VoteChoice.self, field: .fieldVote),
                                   context: request.context(caller))
        }
    }

    struct OutcomeForm: Content {
        var outcome: String?
        var note: String?
    }

    static func outcome(_ request: Request) async throws -> Response {
        let (item, meeting) = try await readableItem(request)
        try request.requireCaller().requireRecordOutcome(chairID: meeting.chairID)
        let form = try request.content.decode(OutcomeForm.self)
        return try await act(request, meetingID: item.meetingID, done: .outcomeRecorded) { caller in
            _ = try await recordOutcome(itemID: item.id, outcome: try Parse.requiredChoice(form.outcome, as: AgendaOutcome.self, field: .fieldOutcome),
                                        note: form.note ?? "", context: request.context(caller))
        }
    }

    /// The meeting exists and the caller may read it (so a stranger hears "not yours", not a rule).
    @discardableResult
    static func readable(_ request: Request, _ id: UUID) async throws -> Meeting {
        guard let meeting = try await request.store.meeting(id: id) else { throw RuleViolation(.recordNotFound) }
        try request.requireCaller().requireRead(meeting: meeting)
        return meeting
    }

    /// A meeting the caller may run (the office or its chair), asked before the form is read, so a
    /// refused caller hears "not allowed", not what the form lacks.
    static func runnable(_ request: Request, _ id: UUID) async throws {
        let meeting = try await readable(request, id)
        try request.requireCaller().requireRunMeeting(chairID: meeting.chairID)
    }

    static func readableItem(_ request: Request) async throws -> (AgendaItem, Meeting) {
        guard let item = try await request.store.agendaItem(id: try Parse.pathID(request)) else { throw RuleViolation(.recordNotFound) }
        return (item, try await readable(request, item.meetingID))
    }

    /// GET /calendar/<token>: the meetings of the link's person, from 90 days ago, as iCalendar.
    static func calendar(_ request: Request) async throws -> Response {
        let token = request.parameters.get("id") ?? ""
        let bare = token.hasSuffix(".ics") ? String(token.dropLast(4)) : token
        guard bare.hasPrefix("lsc_"), let personID = try await request.store.calendarPerson(tokenHash: SecretToken.hash(bare)),
              try await request.store.hasActiveAccount(personID: personID) else {
            throw RuleViolation(.recordNotFound)
        }
        let today = request.clock.today()
        let meetings = try await request.store.meetings(MeetingFilter(from: today.adding(days: -90), memberID: personID), offset: 0, limit: 500).items
        let body = ICalendar.feed(meetings, clock: request.clock, catalogue: request.catalogue, now: Date())
        let response = Response(status: .ok, body: .init(string: body))
        response.headers.replaceOrAdd(name: .contentType, value: "text/calendar; charset=utf-8")
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, max-age=300")
        return response
    }
}

/// RFC 5545, as calendar apps read it: one VEVENT a meeting (an hour and a half from its start,
/// in the configured zone's offset written as UTC).
enum ICalendar {
    static func feed(_ meetings: [Meeting], clock: LocalClock, catalogue: Catalogue, now: Date) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Luoshi//Meetings//ZH", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
                     "X-WR-CALNAME:\(escape(catalogue[.navMeetings]))"]
        let stamp = utc(now)
        for meeting in meetings {
            let parts = meeting.startTime.split(separator: ":").compactMap { Int($0) }
            let start = clock.start(of: meeting.day).addingTimeInterval(TimeInterval((parts.first ?? 9) * 3600 + (parts.dropFirst().first ?? 0) * 60))
            lines += ["BEGIN:VEVENT", "UID:\(meeting.id.uuidString.lowercased())@luoshi", "DTSTAMP:\(stamp)",
                      "DTSTART:\(utc(start))", "DTEND:\(utc(start.addingTimeInterval(90 * 60)))",
                      "SUMMARY:\(escape(meeting.title))", "LOCATION:\(escape(meeting.place))",
                      "DESCRIPTION:\(escape(catalogue[meeting.kind.labelKey]))", "END:VEVENT"]
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    static func utc(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ";", with: "\\;")
            .replacingOccurrences(of: ",", with: "\\,").replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "")
    }

    /// Lines longer than 75 octets are folded (a CRLF and a space), never inside a character.
    static func fold(_ line: String) -> String {
        var out = "", count = 0
        for character in line {
            let size = String(character).utf8.count
            if count + size > 75 { out += "\r\n "; count = 1 }
            out.append(character)
            count += size
        }
        return out
    }
}
