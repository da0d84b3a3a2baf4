// Supervision pages: a task's light, reports, notices and cases (a section of the task page), the
// sign-off queue, notices and a notice, accountability cases, period locks and the inbox.
import Foundation
import LuoshiDomain
import LuoshiStorage
import Plot

enum SupervisionPages {
    /// What the task page shows of supervision, and what the caller may do there.
    struct TaskSupervision {
        var followUp: TaskFollowUp?
        var reports: [ProgressReport]
        var attachments: [UUID: [AttachmentInfo]]
        var history: [LightRecord]
        var notices: [UrgeNotice]
        var cases: [AccountabilityCase]
        var people: [PersonListing]
        var names: [UUID: String]
        var periods: [ReportPeriod]
        /// The period the form offers first: the one owed (`ReportDuty`), unless already written.
        var owed: ReportPeriod?
        var canWrite: Bool
        var canSignOff: Bool
        var supervises: Bool
        var overdue: Bool
        var values: [String: String]?

        static func load(task: KeyTask, scope: TaskScope, units: [UUID: Unit], caller: Caller, values: [String: String]?,
                         store: Store, today: Day) async throws -> TaskSupervision {
            let reports = try await store.reports(taskID: task.id)
            let canWrite = (try? caller.requireWriteReport(task: scope)) != nil
            let people = canWrite ? try await store.people(PeopleFilter(unitID: task.responsibleUnitID), offset: 0, limit: 300).items : []
            // The current period and up to three earlier ones since the task began that have no report that counts.
            let rhythm = task.rhythmOverride ?? task.tier.defaultRhythm
            var periods: [ReportPeriod] = []
            var period = ReportPeriod(containing: today, rhythm: rhythm)
            let reported = Set(reports.filter { $0.state.counts }.map(\.periodKey))
            for index in 0..<4 where period.end >= task.start {
                if index == 0 || !reported.contains(period.key) { periods.append(period) }
                period = period.previous
            }
            let cases = try await store.accountabilityCases(taskID: task.id)
            let followUp = try await store.followUp(taskID: task.id)
            let owed = ReportDuty.next(start: task.start, rhythm: rhythm, reportedThrough: followUp?.reportedThrough, today: today)
                .map(\.period).flatMap { reported.contains($0.key) ? nil : $0 }
            return TaskSupervision(
                followUp: followUp, reports: reports,
                attachments: try await store.attachments(reportIDs: reports.map(\.id)), history: try await store.lightHistory(taskID: task.id),
                notices: try await store.noticeListings(taskID: task.id, limit: 50).map(\.notice), cases: cases, people: people,
                names: try await store.personNames(ids: reports.compactMap(\.accountablePersonID) + cases.compactMap(\.personID)),
                periods: periods, owed: owed, canWrite: canWrite, canSignOff: caller.signsOff(task: scope), supervises: caller.supervises,
                overdue: task.deadline < today, values: values)
        }
    }

    static func lightBadge(_ verdict: LightVerdict, context: PageContext) -> Node<HTML.BodyContext> {
        .span(.class("light light-" + verdict.light.rawValue),
              .span(.class("lamp"), .attribute(named: "aria-hidden", value: "true")),
              .text(context[verdict.light.labelKey] + " · " + verdict.explanation(context.catalogue)))
    }

    static func taskSection(_ s: TaskSupervision, task: KeyTask, context: PageContext) -> Node<HTML.BodyContext> {
        let awaiting = s.followUp?.awaitingClosure == true
        return .group(
            .h2(.id("light-heading"), .text(context[.fieldLight])),
            .p(.id("light"), .unwrap(s.followUp) { lightBadge($0.verdict, context: context) }),
            .if(!s.history.isEmpty, .details(.id("light-history"),
                .summary(.text(context[.lightHistory])),
                .table(.class("compact"),
                       .thead(.tr(.th(.text(context[.fieldReportPeriod])), .th(.text(context[.fieldLight])))),
                       .tbody(.forEach(s.history) { record in
                           .tr(.td(.text(monthLabel(record.month, context: context))), .td(lightBadge(record.verdict, context: context)))
                       })))),
            .h2(.id("reports"), .text(context[.reportsTitle])),
            .if(awaiting, .div(.class("flash info"), .id("awaiting-closure"), .text(context[.taskAwaitingClosure]))),
            .if(awaiting && s.supervises && task.status.isOpen, closureForm(task, context: context)),
            s.reports.isEmpty ? .p(.class("empty"), .text(context[.reportsNone])) :
                .div(.class("reports"), .forEach(s.reports) { report in
                    reportCard(report, attachments: s.attachments[report.id] ?? [], names: s.names,
                               signOff: s.canSignOff && report.state == .awaitingSignOff, next: nil, context: context)
                }),
            .if(s.canWrite && task.status.isOpen && !awaiting, reportForm(s, task: task, context: context)),
            .h2(.id("notices"), .text(context[.noticesTitle])),
            s.notices.isEmpty ? .p(.class("empty"), .text(context[.none])) : noticeList(s.notices, context: context),
            .if(s.supervises && task.status.isOpen, noticeForm(task, context: context)),
            .if(!s.cases.isEmpty, .group(
                .h2(.text(context[.casesTitle])),
                .ul(.class("cases"), .forEach(s.cases) { item in
                    .li(.text(item.openedOn.description + " · " + item.problem),
                        .unwrap(item.personID.flatMap { s.names[$0] }) { .text(" · " + context[.fieldAccountablePerson] + "：" + $0) },
                        .text(" · " + (item.concluded ? context[.caseConcluded] + "：" + item.conclusion : context[.caseOpen])))
                })))
        )
    }

    static func monthLabel(_ month: String, context: PageContext) -> String {
        ReportPeriod(key: month).map { $0.label(context.catalogue) } ?? month
    }

    static func reportCard(_ report: ProgressReport, attachments: [AttachmentInfo], names: [UUID: String], signOff: Bool,
                           next: String?, context: PageContext) -> Node<HTML.BodyContext> {
        let period = ReportPeriod(key: report.periodKey).map { $0.label(context.catalogue) } ?? report.periodKey
        func field(_ key: L10nKey, _ text: String) -> Node<HTML.DescriptionListContext> {
            text.isEmpty ? .empty : .group(.dt(.text(context[key])), .dd(.class("prose"), .text(text)))
        }
        return .article(.class("report state-" + report.state.rawValue), .id("report-" + report.id.uuidString.lowercased()),
            .h3(.text(period + " · " + context[report.kind.labelKey]),
                .span(.class("badge state"), .text(context[report.state.labelKey])),
                .if(report.late, .span(.class("badge overdue"), .text(context[.reportLate])))),
            .p(.class("meta"), .text(report.authorName + " · " + report.reportedOn.description
                                     + (report.reviewerName.isEmpty ? "" : " · " + context[.reportReviewer] + "：" + report.reviewerName))),
            .dl(.class("facts"),
                .dt(.text(context[.fieldProgress])), .dd(.text("\(report.progress)%")),
                field(.fieldResult, report.result), field(.fieldEvidence, report.evidence),
                field(.fieldSituation, report.situation), field(.fieldProblems, report.problems), field(.fieldNextSteps, report.nextSteps),
                field(.fieldDelayReason, report.delayReason), field(.fieldRemedy, report.remedy),
                field(.fieldCommittedDay, report.committedDay?.description ?? ""),
                field(.fieldAccountablePerson, report.accountablePersonID.flatMap { names[$0] } ?? ""),
                field(.fieldReviewComment, report.reviewComment)),
            .if(!attachments.isEmpty, .ul(.class("attachments"), .forEach(attachments) { file in
                .li(.a(.href(esc(SitePath.attachment.with(file.id))), .text(file.fileName)),
                    .text(" (" + byteSize(file.byteCount) + ")"))
            })),
            .if(signOff, .form(.class("inline sign-off"), .action(esc(SitePath.reportSignOff.with(report.id))), .method(.post),
                Forms.csrf(context),
                .unwrap(next) { .input(.type(.hidden), .name("next"), .value(esc($0))) },
                Forms.text(context[.fieldReviewComment], name: "comment", value: nil, required: false),
                .button(.type(.submit), .name("decision"), .value("approve"), .text(context[.reportApprove])),
                .button(.type(.submit), .name("decision"), .value("return"), .class("secondary"), .text(context[.reportReturn]))))
        )
    }

    static func byteSize(_ bytes: Int) -> String {
        bytes >= 1024 * 1024 ? String(format: "%.1f MB", Double(bytes) / 1024 / 1024) : String(format: "%.0f KB", max(1, Double(bytes) / 1024))
    }

    static func reportForm(_ s: TaskSupervision, task: KeyTask, context: PageContext) -> Node<HTML.BodyContext> {
        let v = s.values ?? [:]
        func area(_ key: L10nKey, _ name: String, rows: Int = 3) -> Node<HTML.FormContext> {
            .label(.text(context[key]), .textarea(.name(name), .rows(rows), .text(v[name] ?? "")))
        }
        return .form(.id("report-form"), .class("report-form"), .action(esc(SitePath.taskReports.with(task.id))), .method(.post),
                     .enctype(.multipartData),
            Forms.csrf(context),
            .h3(.text(context[.reportWrite])),
            .p(.class("hint rule"), .text(context[.reportRuleHint])),
            Forms.select(context[.fieldReportPeriod], name: "period",
                         options: s.periods.map { ($0.key, $0.label(context.catalogue)) }, selected: v["period"] ?? s.owed?.key ?? s.periods.first?.key),
            .label(.class("check"), .input(.type(.checkbox), .name("done"), .value("1"), .checked(v["done"] == "1")),
                   .text(context[.fieldDone])),
            fieldset(context[.reportKindResult], cls: "",
                      area(.fieldResult, "result"), area(.fieldEvidence, "evidence", rows: 2),
                      .label(.text(context[.fieldAttachment]),
                             .input(.type(.file), .name("attachments[]"), .multiple(true),
                                    .attribute(named: "accept", value: ".pdf,.png,.jpg,.jpeg,.doc,.docx,.xls,.xlsx,.txt"))),
                      .p(.class("hint"), .text(context[.attachmentHint]))),
            fieldset(context[.reportKindProgress], cls: "",
                      Forms.text(context[.fieldProgress], name: "progress", value: v["progress"] ?? String(task.progress), type: .number, required: false),
                      area(.fieldSituation, "situation"), area(.fieldProblems, "problems", rows: 2), area(.fieldNextSteps, "nextSteps", rows: 2)),
            fieldset(context[.reportKindDelay], cls: s.overdue ? "required-now" : "",
                      .p(.class("hint"), .text(context[s.overdue ? .reportDelayNow : .reportDelayLater])),
                      area(.fieldDelayReason, "delayReason", rows: 2), area(.fieldRemedy, "remedy", rows: 2),
                      Forms.text(context[.fieldCommittedDay], name: "committedDay", value: v["committedDay"], type: .date, required: false)),
            Forms.select(context[.fieldAccountablePerson], name: "accountablePersonId",
                         options: s.people.map { ($0.person.id.uuidString.lowercased(), $0.person.name) },
                         selected: v["accountablePersonId"], includeBlank: context[.none]),
            Forms.submit(context[.reportSubmit]))
    }

    static func fieldset(_ legend: String, cls: String, _ nodes: Node<HTML.FormContext>...) -> Node<HTML.FormContext> {
        .element(named: "fieldset", nodes: [.class(cls), .element(named: "legend", text: legend)] + nodes)
    }

    static func closureForm(_ task: KeyTask, context: PageContext) -> Node<HTML.BodyContext> {
        .form(.id("closure-form"), .class("inline"), .action(esc(SitePath.taskClosure.with(task.id))), .method(.post),
              Forms.csrf(context),
              Forms.text(context[.fieldReviewComment], name: "comment", value: nil, required: false),
              .button(.type(.submit), .name("decision"), .value("verify"), .text(context[.taskVerify])),
              .button(.type(.submit), .name("decision"), .value("refuse"), .class("secondary"), .text(context[.taskRefuseClosure])))
    }

    static func noticeForm(_ task: KeyTask, context: PageContext) -> Node<HTML.BodyContext> {
        .details(.id("notice-new"),
            .summary(.text(context[.noticeIssue])),
            .form(.id("notice-form"), .action(esc(SitePath.taskNotices.with(task.id))), .method(.post),
                  Forms.csrf(context),
                  Forms.select(context[.fieldNoticeKind], name: "kind", options: NoticeKind.allCases.map { ($0.rawValue, context[$0.labelKey]) },
                               selected: NoticeKind.urge.rawValue),
                  Forms.select(context[.fieldGrade], name: "grade", options: NoticeGrade.allCases.map { ($0.rawValue, context[$0.labelKey]) },
                               selected: nil, includeBlank: context[.noticeGradeNone]),
                  .label(.text(context[.fieldNoticeText]), .textarea(.name("text"), .rows(3), .required(true))),
                  Forms.text(context[.fieldReplyBy], name: "replyBy", value: context.today.adding(days: 5).description, type: .date),
                  Forms.text(context[.fieldDeduction], name: "deduction", value: "0", type: .number, required: false),
                  Forms.submit(context[.noticeIssue])))
    }

    static func noticeList(_ notices: [UrgeNotice], context: PageContext) -> Node<HTML.BodyContext> {
        .ul(.class("notices"), .forEach(notices) { notice in
            .li(.a(.href(esc(SitePath.notice.with(notice.id))), .text(notice.code + " " + context[notice.kind.labelKey])),
                .unwrap(notice.grade) { .span(.class("badge grade-" + $0.rawValue), .text(context[$0.labelKey])) },
                .text(" · " + context[notice.state.labelKey] + " · " + context[.fieldReplyBy] + " " + notice.replyBy.description),
                .if(notice.isOverdue(today: context.today), .span(.class("badge overdue"), .text(context[.noticeOverdue]))))
        })
    }

    // MARK: Pages

    static func reports(waiting: [ReportListing], recent: [ReportListing], units: [UUID: Unit], canSignOff: Bool,
                        context: PageContext) -> String {
        func card(_ listing: ReportListing, signOff: Bool) -> Node<HTML.BodyContext> {
            .div(.class("report-listing"),
                 .p(.a(.href(esc(SitePath.task.with(listing.report.taskID)) + "#reports"), .text(listing.taskCode + " " + listing.taskTitle)),
                    .text(" · " + (units[listing.unitID]?.name ?? ""))),
                 reportCard(listing.report, attachments: [], names: [:], signOff: signOff, next: SitePath.reports.rawValue, context: context))
        }
        return Layout.render(title: context[.reportsQueueTitle], context: context,
            .h2(.text(context[.reportStateAwaiting] + " (\(waiting.count))")),
            waiting.isEmpty ? .p(.class("empty"), .id("queue-empty"), .text(context[.reportsQueueEmpty]))
                : .div(.id("queue"), .forEach(waiting) { card($0, signOff: canSignOff) }),
            .h2(.text(context[.reportsRecent])),
            recent.isEmpty ? .p(.class("empty"), .text(context[.none])) : .div(.forEach(recent) { card($0, signOff: false) }))
    }

    static func notices(_ listings: [NoticeListing], state: NoticeState?, units: [UUID: Unit], context: PageContext) -> String {
        Layout.render(title: context[.noticesTitle], context: context,
            .p(.class("actions"), .a(.href(SitePath.accountability.rawValue), .text(context[.casesTitle])),
               .a(.href(SitePath.periods.rawValue), .text(context[.periodsTitle]))),
            .form(.class("filters"), .method(.get), .action(SitePath.notices.rawValue),
                  Forms.select(context[.fieldStatus], name: "state", options: NoticeState.allCases.map { ($0.rawValue, context[$0.labelKey]) },
                               selected: state?.rawValue, includeBlank: context[.all]),
                  Forms.submit(context[.filter])),
            listings.isEmpty ? .p(.class("empty"), .text(context[.none])) :
            .table(.id("notices"), .class("tasks"),
                   .thead(.tr(.th(.text(context[.fieldCode])), .th(.text(context[.fieldNoticeKind])), .th(.text(context[.recordKindTask])),
                              .th(.text(context[.fieldUnit])), .th(.text(context[.fieldReplyBy])), .th(.text(context[.fieldStatus])))),
                   .tbody(.forEach(listings) { item in
                       let notice = item.notice
                       return .tr(.td(.class("code"), .a(.href(esc(SitePath.notice.with(notice.id))), .text(notice.code))),
                                  .td(.attribute(named: "data-label", value: context[.fieldNoticeKind]), .text(context[notice.kind.labelKey]),
                                      .unwrap(notice.grade) { .span(.class("badge grade-" + $0.rawValue), .text(context[$0.labelKey])) }),
                                  .td(.class("title"), .a(.href(esc(SitePath.task.with(notice.taskID))), .text(item.taskCode + " " + item.taskTitle))),
                                  .td(.attribute(named: "data-label", value: context[.fieldUnit]), .text(units[notice.unitID]?.name ?? "")),
                                  .td(.attribute(named: "data-label", value: context[.fieldReplyBy]), .text(notice.replyBy.description)),
                                  .td(.attribute(named: "data-label", value: context[.fieldStatus]), .text(context[notice.state.labelKey]),
                                      .if(notice.isOverdue(today: context.today), .span(.class("badge overdue"), .text(context[.noticeOverdue])))))
                   })))
    }

    static func notice(_ notice: UrgeNotice, task: KeyTask, unit: Unit, chain: [UrgeNotice], cases: [AccountabilityCase],
                       canReply: Bool, supervises: Bool, error: String?, context: PageContext) -> String {
        let overdue = notice.isOverdue(today: context.today)
        return Layout.render(title: notice.code + " " + context[notice.kind.labelKey], context: context, error: error,
            .dl(.class("facts"),
                .dt(.text(context[.recordKindTask])), .dd(.a(.href(esc(SitePath.task.with(task.id))), .text(task.code + " " + task.title))),
                .dt(.text(context[.fieldUnit])), .dd(.text(unit.name)),
                .unwrap(notice.grade) { .group(.dt(.text(context[.fieldGrade])), .dd(.span(.class("badge grade-" + $0.rawValue), .text(context[$0.labelKey])))) },
                .dt(.text(context[.fieldNoticeText])), .dd(.class("prose"), .text(notice.text)),
                .dt(.text(context[.noticeIssuedBy])), .dd(.text(notice.issuedBy + " · " + notice.issuedOn.description)),
                .dt(.text(context[.fieldReplyBy])), .dd(.text(notice.replyBy.description),
                                                        .if(overdue, .span(.class("badge overdue"), .text(context[.noticeOverdue])))),
                .dt(.text(context[.fieldDeduction])), .dd(.text(Numbers.grouped(notice.deduction))),
                .dt(.text(context[.fieldStatus])), .dd(.id("notice-state"), .text(context[notice.state.labelKey])),
                .if(notice.state == .replied, .group(
                    .dt(.text(context[.fieldReply])), .dd(.id("notice-reply"), .class("prose"), .text(notice.reply)),
                    .dt(.text(context[.noticeRepliedBy])), .dd(.text(notice.repliedBy + " · " + (notice.repliedOn?.description ?? "")))))),
            .if(canReply && notice.state == .awaitingReply, .form(.id("reply-form"), .action(esc(SitePath.noticeReply.with(notice.id))), .method(.post),
                Forms.csrf(context),
                .label(.text(context[.fieldReply]), .textarea(.name("reply"), .rows(4), .required(true))),
                Forms.submit(context[.noticeReplySubmit]))),
            // Raising is offered once the reply date has passed; before it, only when it will be.
            .if(supervises && notice.state == .awaitingReply && !overdue, .p(.class("hint"), .id("escalate-later"),
                                                                            .text(context[.noticeNotYetDueHint]))),
            .if(supervises && notice.state == .awaitingReply && overdue, .form(.id("escalate-form"), .action(esc(SitePath.noticeEscalate.with(notice.id))),
                .method(.post), Forms.csrf(context),
                .h2(.text(context[notice.kind == .urge ? .noticeRaiseToOrder : .noticeRaiseToCase])),
                .p(.class("hint"), .text(context[.noticeRaiseHint])),
                .if(notice.kind == .urge, .group(
                    Forms.select(context[.fieldGrade], name: "grade", options: NoticeGrade.allCases.map { ($0.rawValue, context[$0.labelKey]) },
                                 selected: NoticeGrade.blue.rawValue),
                    Forms.text(context[.fieldReplyBy], name: "replyBy", value: context.today.adding(days: 3).description, type: .date),
                    Forms.text(context[.fieldDeduction], name: "deduction", value: "0", type: .number, required: false))),
                Forms.submit(context[notice.kind == .urge ? .noticeRaiseToOrder : .noticeRaiseToCase]))),
            .if(chain.count > 1, .group(.h2(.text(context[.noticesOfTask])), noticeList(chain, context: context))),
            .if(!cases.isEmpty, .group(.h2(.text(context[.casesTitle])),
                .ul(.forEach(cases) { .li(.text($0.openedOn.description + " · " + $0.problem)) }))))
    }

    static func cases(_ items: [AccountabilityCase], tasks: [UUID: KeyTask], units: [UUID: Unit], names: [UUID: String],
                      supervises: Bool, context: PageContext) -> String {
        Layout.render(title: context[.casesTitle], context: context,
            items.isEmpty ? .p(.class("empty"), .text(context[.none])) :
            .div(.id("cases"), .forEach(items) { item in
                .article(.class("case " + (item.concluded ? "concluded" : "open")),
                    .h3(.text((tasks[item.taskID].map { $0.code + " " + $0.title } ?? "") + " · " + (units[item.unitID]?.name ?? ""))),
                    .p(.class("meta"), .text(item.openedOn.description + " · " + (item.concluded ? context[.caseConcluded] : context[.caseOpen]))),
                    .p(.class("prose"), .text(item.problem)),
                    .unwrap(item.personID.flatMap { names[$0] }) { .p(.text(context[.fieldAccountablePerson] + "：" + $0)) },
                    .if(item.concluded, .p(.class("prose"), .text(context[.fieldConclusion] + "：" + item.conclusion + " · "
                                                                 + (item.concludedOn?.description ?? "")))),
                    .if(supervises && !item.concluded, .form(.class("inline"), .action(esc(SitePath.accountabilityConclude.with(item.id))),
                        .method(.post), Forms.csrf(context),
                        Forms.text(context[.fieldConclusion], name: "conclusion", value: nil),
                        Forms.submit(context[.caseConclude]))))
            }))
    }

    static func periods(_ locks: [PeriodLock], today: Day, error: String? = nil, context: PageContext) -> String {
        let suggestions = ReportingRhythm.allCases.map { ReportPeriod(containing: today, rhythm: $0).previous }
        let manages = context.caller?.supervises == true
        return Layout.render(title: context[.periodsTitle], context: context, error: error,
            .p(.class("hint"), .text(context[.periodsHint])),
            .if(manages, .form(.id("lock-form"), .class("filters"), .action(SitePath.periodLock.rawValue), .method(.post),
                  Forms.csrf(context),
                  Forms.select(context[.fieldReportPeriod], name: "period",
                               options: suggestions.map { ($0.key, $0.label(context.catalogue)) }, selected: nil),
                  Forms.submit(context[.periodLock]))),
            locks.isEmpty ? .p(.class("empty"), .text(context[.none])) :
            .table(.id("locks"), .class("compact"),
                   .thead(.tr(.th(.text(context[.fieldReportPeriod])), .th(.text(context[.periodLockedBy])),
                              .if(manages, .th(.text(context[.periodUnlock]))))),
                   .tbody(.forEach(locks) { lock in
                       .tr(.td(.text((ReportPeriod(key: lock.periodKey)?.label(context.catalogue) ?? lock.periodKey))),
                           .td(.text(lock.lockedBy + " · " + lock.lockedOn.description)),
                           .if(manages, .td(.form(.class("inline"), .action(SitePath.periodUnlock.rawValue), .method(.post), Forms.csrf(context),
                                     .input(.type(.hidden), .name("period"), .value(esc(lock.periodKey))),
                                     Forms.text(context[.periodUnlockReason], name: "reason", value: nil),
                                     Forms.submit(context[.periodUnlock])))))
                   })))
    }

    static func inbox(_ items: [InboxEntry], context: PageContext) -> String {
        Layout.render(title: context[.inboxTitle], context: context,
            .if(items.contains { !$0.read }, .form(.action(SitePath.inboxRead.rawValue), .method(.post), Forms.csrf(context),
                                                   Forms.submit(context[.inboxMarkAllRead]))),
            items.isEmpty ? .p(.class("empty"), .text(context[.inboxEmpty])) :
            .ul(.id("inbox"), .class("inbox"), .forEach(items) { item in
                .li(.class(item.read ? "read" : "unread"),
                    .span(.class("badge"), .text(context[item.kind.labelKey])),
                    .text(" " + item.createdOn.description + " · "),
                    .a(.href(esc(item.link)), .text(item.text)))
            }))
    }

    static func refusal(_ message: String, back: String, context: PageContext) -> String {
        Layout.render(title: context[.actionRefused], context: context, error: message,
                      .p(.a(.href(esc(back)), .text(context[.back]))))
    }
}
