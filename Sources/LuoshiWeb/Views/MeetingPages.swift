// Meeting pages: the list with its series, the form, a meeting's page (members and attendance with
// the quorum, the agenda with votes and outcomes, the minutes) and the printable agenda and minutes.
import Foundation
import LuoshiDomain
import LuoshiStorage
import Plot

enum MeetingPages {
    static func list(_ page: Page<Meeting>, kind: MeetingKind?, names: [UUID: String], series: [MeetingSeries], canCall: Bool,
                     context: PageContext) -> String {
        Layout.render(title: context[.meetingsTitle], context: context,
            .if(canCall, .p(.a(.class("button"), .id("meeting-new"), .href(SitePath.meetingNew.rawValue), .text(context[.meetingNew])),
                            .text(" "),
                            .a(.class("button secondary"), .id("series-new"), .href(SitePath.meetingSeriesNew.rawValue), .text(context[.seriesNew])))),
            .form(.class("filters"), .method(.get), .action(SitePath.meetings.rawValue),
                  Forms.select(context[.fieldMeetingKind], name: "kind", options: MeetingKind.allCases.map { ($0.rawValue, context[$0.labelKey]) },
                               selected: kind?.rawValue, includeBlank: context[.all]),
                  Forms.submit(context[.filter])),
            page.items.isEmpty ? .p(.class("empty"), .text(context[.noResults])) :
            .table(.id("meetings"),
                .thead(.tr(.th(.text(context[.fieldDay])), .th(.text(context[.fieldMeetingTitle])), .th(.text(context[.fieldMeetingKind])),
                           .th(.text(context[.fieldChair])), .th(.text(context[.fieldMembers])))),
                .tbody(.forEach(page.items) { meeting in
                    .tr(.td(.text("\(meeting.day) \(meeting.startTime)")),
                        .td(.class("title"), .a(.href(SitePath.meeting.with(meeting.id)), .text(meeting.title))),
                        .td(.attribute(named: "data-label", value: context[.fieldMeetingKind]), .text(context[meeting.kind.labelKey])),
                        .td(.attribute(named: "data-label", value: context[.fieldChair]), .text(names[meeting.chairID] ?? "")),
                        .td(.attribute(named: "data-label", value: context[.fieldMembers]),
                            .text(context.catalogue.format(.meetingPresentOf, ["present": String(meeting.presentCount),
                                                                                "members": String(meeting.members.count)]))))
                })),
            Pagination.links(page, context: context, base: .meetings, query: [("kind", kind?.rawValue)]),
            .if(!series.isEmpty, .group(
                .h2(.text(context[.seriesTitle])),
                .ul(.id("series"), .forEach(series) { item in
                    .li(.text("\(item.title) · \(context[item.rhythm.labelKey]) · \(context[item.kind.labelKey])"))
                })))
        )
    }

    struct Detail {
        var meeting: Meeting
        var items: [AgendaItem]
        var votes: [Vote]
        var decisions: [UUID: Decision]
        var names: [UUID: String]
        /// Matters that may go on the agenda (in consultation or deferred), for those who run it.
        var candidates: [Decision]
        var series: MeetingSeries?
        var mayRun: Bool
        var mayRecord: Bool
        var callerPersonID: UUID?
        /// The tasks a dispatch meeting hears, with their units' names.
        var dispatchTasks: [UUID: KeyTask] = [:]
        var unitNames: [UUID: String] = [:]

        func tally(_ item: AgendaItem) -> (inFavour: Int, against: Int, abstain: Int) {
            let mine = votes.filter { $0.itemID == item.id }
            return (mine.filter { $0.choice == .inFavour }.count, mine.filter { $0.choice == .against }.count,
                    mine.filter { $0.choice == .abstain }.count)
        }

        var callerMayVote: Bool {
            guard let person = callerPersonID else { return false }
            return meeting.members.first { $0.personID == person }?.attendance == .present
        }
    }

    static func facts(_ detail: Detail, context: PageContext) -> Node<HTML.BodyContext> {
        let meeting = detail.meeting
        return .dl(.class("facts"),
            .dt(.text(context[.fieldMeetingKind])), .dd(.text(context[meeting.kind.labelKey])),
            .dt(.text(context[.fieldDay])), .dd(.text("\(meeting.day) \(meeting.startTime)")),
            .dt(.text(context[.fieldPlace])), .dd(.text(meeting.place.isEmpty ? context[.none] : meeting.place)),
            .dt(.text(context[.fieldChair])), .dd(.text(detail.names[meeting.chairID] ?? "")),
            .unwrap(detail.series) { series in .group(.dt(.text(context[.fieldSeries])),
                                                      .dd(.text("\(series.title) · \(context[series.rhythm.labelKey])"))) },
            .dt(.text(context[.fieldAttendance])),
            .dd(.id("quorum"), .text(quorumText(meeting, context: context))))
    }

    /// "应到 9 人，实到 6 人：可以对一般和重大事项作出决定；人事事项须至少 6 人出席。"
    static func quorumText(_ meeting: Meeting, context: PageContext) -> String {
        let members = meeting.members.count, present = meeting.presentCount
        let ordinary = (try? CollectiveRules.checkQuorum(members: members, present: present, kind: .ordinary)) != nil
        let personnel = (try? CollectiveRules.checkQuorum(members: members, present: present, kind: .personnel)) != nil
        let key: L10nKey = personnel ? .quorumAll : (ordinary ? .quorumNotPersonnel : .quorumNone)
        return context.catalogue.format(key, ["members": String(members), "present": String(present),
                                              "half": String(members / 2 + 1), "twoThirds": String((members * 2 + 2) / 3)])
    }

    static func show(_ detail: Detail, error: String?, context: PageContext) -> String {
        let meeting = detail.meeting
        return Layout.render(title: meeting.title, context: context, error: error,
            facts(detail, context: context),
            .p(.class("actions"),
               .a(.class("button secondary"), .id("print-agenda"), .href(SitePath.meetingAgenda.with(meeting.id)), .text(context[.meetingPrintAgenda])),
               .text(" "),
               .a(.class("button secondary"), .id("print-minutes"), .href(SitePath.meetingMinutes.with(meeting.id)), .text(context[.meetingPrintMinutes])),
               .if(detail.mayRun && meeting.seriesID != nil, .form(.class("inline"), .method(.post), .action(SitePath.meetingNext.with(meeting.id)),
                                                                  Forms.csrf(context), Forms.submit(context[.meetingNext])))),
            .h2(.text(context[.fieldMembers])),
            .table(.id("members"),
                .thead(.tr(.th(.text(context[.meetingMember])), .th(.text(context[.fieldAttendance])), .if(detail.mayRun, .th(.text(""))))),
                .tbody(.forEach(meeting.members) { member in
                    .tr(.td(.class("title"), .text(detail.names[member.personID] ?? "")),
                        .td(.attribute(named: "data-label", value: context[.fieldAttendance]),
                            .text(context[member.attendance.labelKey] + (member.leaveReason.isEmpty ? "" : "（\(member.leaveReason)）"))),
                        .if(detail.mayRun, .td(attendanceForm(meeting, member: member, context: context))))
                })),
            .h2(.text(context[.meetingAgendaTitle])),
            detail.items.isEmpty ? .p(.class("empty"), .text(context[.none])) :
            .ol(.id("agenda"), .class("agenda"), .forEach(detail.items) { item in
                agendaItem(item, detail: detail, context: context)
            }),
            .if(detail.mayRun && detail.series != nil,
                .form(.id("dispatch-form"), .class("inline"), .method(.post), .action(esc(SitePath.meetingDispatch.with(meeting.id))),
                      Forms.csrf(context), .p(.class("hint"), .text(context[.dispatchHint])), Forms.submit(context[.dispatchGenerate]))),
            .if(detail.mayRun, addItemForm(detail, context: context)),
            .h2(.text(context[.fieldMinutes])),
            detail.mayRun
                ? .form(.id("minutes-form"), .method(.post), .action(SitePath.meetingMinutes.with(meeting.id)), Forms.csrf(context),
                        .label(.text(context[.fieldMinutes]), .textarea(.name("minutes"), .rows(6), .text(meeting.minutes))),
                        Forms.submit(context[.save]))
                : .p(.class("prose"), .id("minutes"), .text(meeting.minutes.isEmpty ? context[.none] : meeting.minutes))
        )
    }

    /// What the chair heard and instructs on a dispatch item; the instruction may become a task.
    static func instructionForm(_ item: AgendaItem, detail: Detail, context: PageContext) -> Node<HTML.BodyContext> {
        let task = item.taskID.flatMap { detail.dispatchTasks[$0] }
        let units = task.map { [$0.responsibleUnitID] + $0.cooperatingUnitIDs } ?? []
        return .form(.class("instruction-form"), .method(.post), .action(esc(SitePath.agendaInstruction.with(item.id))), Forms.csrf(context),
            .label(.text(context[.fieldReportHeard]), .textarea(.name("reportHeard"), .rows(2), .text(item.note))),
            .label(.text(context[.fieldInstruction]), .textarea(.name("instruction"), .rows(2), .required(true), .text(item.instruction ?? ""))),
            Forms.select(context[.instructionAsTaskFor], name: "unitId", options: units.map { ($0.uuidString.lowercased(), detail.unitNames[$0] ?? "") },
                         selected: nil, includeBlank: context[.instructionNoTask]),
            Forms.text(context[.fieldDeadline], name: "deadline", value: nil, type: .date, required: false),
            Forms.submit(context[.instructionRecord]))
    }

    static func attendanceForm(_ meeting: Meeting, member: MeetingMember, context: PageContext) -> Node<HTML.BodyContext> {
        .form(.class("inline attendance"), .method(.post), .action(SitePath.meetingAttendance.with(meeting.id)),
              Forms.csrf(context), .input(.type(.hidden), .name("personId"), .value(member.personID.uuidString.lowercased())),
              .select(.attribute(named: "name", value: "attendance"), .attribute(named: "aria-label", value: context[.fieldAttendance]),
                      Forms.choices(Attendance.allCases.map { ($0.rawValue, context[$0.labelKey]) }, selected: member.attendance.rawValue)),
              .input(.type(.text), .name("leaveReason"), .value(esc(member.leaveReason)), .placeholder(context[.fieldLeaveReason])),
              Forms.submit(context[.save]))
    }

    static func agendaItem(_ item: AgendaItem, detail: Detail, context: PageContext) -> Node<HTML.ListContext> {
        let decision = item.decisionID.flatMap { detail.decisions[$0] }
        let tally = detail.tally(item)
        let members = detail.meeting.members.count
        return .li(.class("agenda-item"), .id("item-\(item.order)"),
            .p(.strong(.text("\(context[item.kind.labelKey])：")),
               .unwrap(decision, { .a(.href(SitePath.decision.with($0.id)), .text("\($0.code) \(item.title)")) }, else: .text(item.title)),
               .unwrap(decision) { .text("（\(context[$0.kind.labelKey])）") },
               .text(" · "), .span(.class("outcome outcome-\(item.outcome.rawValue)"), .text(context[item.outcome.labelKey])),
               .if(item.carriedFromID != nil, .span(.class("carried"), .text(" · " + context[.agendaCarried])))),
            .if(item.kind == .decision, .p(.class("tally"),
                .text(context.catalogue.format(.voteTally, ["for": String(tally.inFavour), "against": String(tally.against),
                                                            "abstain": String(tally.abstain), "members": String(members),
                                                            "needed": String(members / 2 + 1)])))),
            .if(!item.note.isEmpty, .p(.class("prose note"), .text(item.note))),
            .if(item.outcome == .pending && item.kind == .decision && (detail.callerMayVote || detail.mayRecord),
                voteForm(item, detail: detail, context: context)),
            .unwrap(item.taskID.flatMap { detail.dispatchTasks[$0] }) { task in
                .p(.class("dispatch-task"), .a(.href(esc(SitePath.task.with(task.id))), .text(task.code + " " + task.title)),
                   .text(" · " + (detail.unitNames[task.responsibleUnitID] ?? "")))
            },
            .unwrap(item.instruction) { instruction in
                .p(.class("prose instruction"), .strong(.text(context[.fieldInstruction] + "：")), .text(instruction),
                   .unwrap(item.instructionTaskID) { .a(.class("instruction-task"), .href(esc(SitePath.task.with($0))), .text(" → " + context[.instructionTask])) })
            },
            .if(item.taskID != nil && item.instructionTaskID == nil && (item.outcome == .pending || item.outcome == .heard) && detail.mayRecord,
                instructionForm(item, detail: detail, context: context)),
            .if(item.outcome == .pending && detail.mayRecord && item.taskID == nil, outcomeForm(item, context: context)))
    }

    static func voteForm(_ item: AgendaItem, detail: Detail, context: PageContext) -> Node<HTML.BodyContext> {
        let present = detail.meeting.members.filter { $0.attendance == .present }
        return .form(.class("inline vote"), .method(.post), .action(SitePath.agendaVote.with(item.id)), Forms.csrf(context),
            // The chair or a supervisor records a show of hands for any member present; a member votes as themselves.
            .if(detail.mayRecord,
                .select(.attribute(named: "name", value: "personId"), .attribute(named: "aria-label", value: context[.fieldPerson]),
                        Forms.choices(present.map { ($0.personID.uuidString.lowercased(), detail.names[$0.personID] ?? "") },
                                      selected: detail.callerPersonID?.uuidString.lowercased()))),
            .select(.attribute(named: "name", value: "choice"), .attribute(named: "aria-label", value: context[.fieldVote]),
                    Forms.choices(VoteChoice.allCases.map { ($0.rawValue, context[$0.labelKey]) }, selected: nil)),
            Forms.submit(context[.voteCast]))
    }

    static func outcomeForm(_ item: AgendaItem, context: PageContext) -> Node<HTML.BodyContext> {
        let outcomes: [AgendaOutcome] = item.kind == .decision ? [.decided, .rejected, .deferred] : [.heard]
        return .form(.class("outcome-form"), .method(.post), .action(SitePath.agendaOutcome.with(item.id)), Forms.csrf(context),
            Forms.select(context[.fieldOutcome], name: "outcome", options: outcomes.map { ($0.rawValue, context[$0.labelKey]) }, selected: nil),
            .label(.text(context[item.kind == .decision ? .fieldResolution : .agendaInstruction]), .textarea(.name("note"), .rows(2))),
            Forms.submit(context[.outcomeRecord]))
    }

    static func addItemForm(_ detail: Detail, context: PageContext) -> Node<HTML.BodyContext> {
        .form(.id("agenda-form"), .class("narrow"), .method(.post), .action(SitePath.meetingAgenda.with(detail.meeting.id)), Forms.csrf(context),
              .h3(.text(context[.agendaAdd])),
              Forms.select(context[.fieldDecision], name: "decisionId",
                           options: detail.candidates.map { ($0.id.uuidString.lowercased(), "\($0.code) \($0.title)（\(context[$0.state.labelKey])）") },
                           selected: nil, includeBlank: context[.agendaReportInstead]),
              Forms.text(context[.agendaReportTitle], name: "title", value: nil, required: false),
              Forms.submit(context[.agendaAdd]))
    }

    /// The agenda (议程) or the minutes (纪要) for print: the facts, the items with their outcomes
    /// and votes, attendance, and (minutes) the text.
    static func printable(_ detail: Detail, minutes: Bool, context: PageContext) -> String {
        let meeting = detail.meeting
        return Layout.render(title: "\(meeting.title) · \(context[minutes ? .fieldMinutes : .meetingAgendaTitle])", context: context,
            facts(detail, context: context),
            .h2(.text(context[.meetingAgendaTitle])),
            .ol(.id("print-agenda-items"), .forEach(detail.items) { item in
                let tally = detail.tally(item)
                return .li(.text(item.title),
                           .if(minutes, .text(" — " + context[item.outcome.labelKey])),
                           .if(minutes && item.kind == .decision,
                               .text("（" + context.catalogue.format(.voteTallyShort, ["for": String(tally.inFavour),
                                                                                       "against": String(tally.against),
                                                                                       "abstain": String(tally.abstain)]) + "）")),
                           .if(minutes && !item.note.isEmpty, .p(.class("prose"), .text(item.note))))
            }),
            .h2(.text(context[.fieldMembers])),
            .p(.id("print-members"), .text(meeting.members.map { member in
                (detail.names[member.personID] ?? "") + (minutes ? "（\(context[member.attendance.labelKey])）" : "")
            }.joined(separator: "、"))),
            .if(minutes, .group(.h2(.text(context[.fieldMinutes])),
                                .p(.class("prose"), .id("print-minutes-text"), .text(meeting.minutes.isEmpty ? context[.none] : meeting.minutes))))
        )
    }

    struct FormValues {
        var kind = MeetingKind.jointPartyGovernment.rawValue
        var title = ""
        var day = ""
        var startTime = "09:00"
        var place = ""
        var chairID = ""
        var memberIDs: [String] = []
        var rhythm = ReportingRhythm.weekly.rawValue
    }

    static func form(_ values: FormValues, series: Bool, leaders: [Person], people: [Person], unitNames: [UUID: String], error: String?,
                     context: PageContext) -> String {
        Layout.render(title: context[series ? .seriesNew : .meetingNew], context: context, error: error,
            .form(.id(series ? "series-form" : "meeting-form"), .method(.post),
                  .action(series ? SitePath.meetingSeriesNew.rawValue : SitePath.meetingNew.rawValue),
                  Forms.csrf(context),
                  Forms.select(context[.fieldMeetingKind], name: "kind", options: MeetingKind.allCases.map { ($0.rawValue, context[$0.labelKey]) },
                               selected: values.kind),
                  .if(series, Forms.select(context[.fieldRhythm], name: "rhythm",
                                           options: ReportingRhythm.allCases.map { ($0.rawValue, context[$0.labelKey]) }, selected: values.rhythm)),
                  Forms.text(context[.fieldMeetingTitle], name: "title", value: values.title),
                  Forms.text(context[.fieldDay], name: "day", value: values.day, type: .date),
                  Forms.text(context[.fieldStartTime], name: "startTime", value: values.startTime, type: .time),
                  Forms.text(context[.fieldPlace], name: "place", value: values.place, required: false),
                  Forms.select(context[.fieldChair], name: "chairId",
                               options: leaders.map { ($0.id.uuidString.lowercased(), "\($0.name) \($0.position)") }, selected: values.chairID),
                  .element(named: "fieldset", nodes: [
                      .class("members"), .element(named: "legend", text: context[.fieldMembers]),
                      .forEach(people) { person in
                          .label(.class("check"),
                                 .input(.type(.checkbox), .name("memberIds"), .value(person.id.uuidString.lowercased()),
                                        .checked(values.memberIDs.contains(person.id.uuidString.lowercased()))),
                                 .text(" \(person.name) \(person.position)"
                                       + (person.rank == .districtLeader ? "" : "（\(unitNames[person.unitID] ?? "")）")))
                      }]),
                  Forms.submit(context[.save])))
    }
}
