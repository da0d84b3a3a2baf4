// Supervision pages: a task's reports (written, signed off or returned, verified), the sign-off
// queue, attachments, urge notices and supervision orders with the units' replies, accountability
// cases, period locks, the inbox, and recomputing the lights. Every action checks the caller's role
// and scope before it reads a form, then goes through its use case.
import Foundation
import LuoshiDomain
import LuoshiStorage
import LuoshiUseCases
import Vapor

enum SupervisionController {
    // MARK: Reports

    struct ReportForm: Content {
        var done: String?
        var progress: String?
        var situation: String?
        var problems: String?
        var nextSteps: String?
        var result: String?
        var evidence: String?
        var delayReason: String?
        var remedy: String?
        var committedDay: String?
        var accountablePersonId: String?
        var period: String?
        var attachments: [File]?

        var values: [String: String] {
            ["done": done ?? "", "progress": progress ?? "", "situation": situation ?? "", "problems": problems ?? "",
             "nextSteps": nextSteps ?? "", "result": result ?? "", "evidence": evidence ?? "", "delayReason": delayReason ?? "",
             "remedy": remedy ?? "", "committedDay": committedDay ?? "", "accountablePersonId": accountablePersonId ?? "",
             "period": period ?? ""]
        }

        func draft() throws(RuleViolation) -> ReportDraft {
            ReportDraft(done: ["on", "true", "1"].contains(done ?? ""),
                        progress: try Parse.number(progress, field: .fieldProgress).map { value throws(RuleViolation) in
                            guard value == value.rounded() else { throw RuleViolation(.fieldInvalidNumber, field: .fieldProgress) }
                            return Int(value)
                        },
                        situation: situation ?? "", problems: problems ?? "", nextSteps: nextSteps ?? "", result: result ?? "",
                        evidence: evidence ?? "", delayReason: delayReason ?? "", remedy: remedy ?? "",
                        committedDay: try Parse.day(committedDay, field: .fieldCommittedDay),
                        accountablePersonID: try Parse.uuid(accountablePersonId, field: .fieldAccountablePerson),
                        periodKey: period)
        }
    }

    static func submitReport(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        let (task, scope, _) = try await TasksController.readable(request, caller: caller)
        try caller.requireWriteReport(task: scope)
        let form = try request.content.decode(ReportForm.self)
        do {
            let uploads = (form.attachments ?? []).filter { $0.data.readableBytes > 0 || !$0.filename.isEmpty }
                .map { AttachmentUpload(fileName: $0.filename, data: Data($0.data.readableBytesView)) }
            _ = try await LuoshiUseCases.submitReport(taskID: task.id, try form.draft(), attachments: uploads, context: request.context(caller))
            return request.redirect(to: SitePath.task.with(task.id) + "?done=" + L10nKey.reportSubmitted.rawValue + "#reports",
                                    redirectType: .normal)
        } catch let violation as RuleViolation where violation.rule.kind == .invalid || violation.rule.kind == .conflict {
            return try await TasksController.showPage(request, error: violation.message(in: request.language),
                                                      status: LuoshiErrorMiddleware.status(of: violation.rule.kind), reportValues: form.values)
        }
    }

    struct ReviewForm: Content {
        var decision: String?
        var comment: String?
        var next: String?
    }

    static func signOff(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        let store = request.store
        guard let report = try await store.report(id: try Parse.pathID(request)),
              let task = try await store.task(id: report.taskID) else { throw RuleViolation(.recordNotFound) }
        let scope = TaskScope(task, units: try await store.directory().byID)
        try caller.requireRead(task: scope)
        try caller.requireSignOff(task: scope)
        let form = try request.content.decode(ReviewForm.self)
        let next = form.next.map { Parse.safeNext($0) } ?? SitePath.task.with(task.id)
        do {
            let approve = form.decision == "approve"
            guard approve || form.decision == "return" else { throw RuleViolation(.fieldInvalidChoice, field: .fieldReviewComment) }
            _ = try await signOffReport(id: report.id, approve: approve, comment: form.comment ?? "", context: request.context(caller))
            return request.redirect(to: next + (next.contains("?") ? "&" : "?") + "done="
                                    + (approve ? L10nKey.reportSignedOff : L10nKey.reportReturnedDone).rawValue, redirectType: .normal)
        } catch let violation as RuleViolation where violation.rule.kind == .invalid || violation.rule.kind == .conflict {
            return try await TasksController.showPage(request, error: violation.message(in: request.language),
                                                      status: LuoshiErrorMiddleware.status(of: violation.rule.kind), taskID: task.id)
        }
    }

    static func close(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        try caller.requireSupervise()
        let (task, _, _) = try await TasksController.readable(request, caller: caller)
        let form = try request.content.decode(ReviewForm.self)
        do {
            let verified = form.decision == "verify"
            guard verified || form.decision == "refuse" else { throw RuleViolation(.fieldInvalidChoice, field: .fieldReviewComment) }
            _ = try await closeTask(id: task.id, verified: verified, comment: form.comment ?? "", context: request.context(caller))
            return request.redirect(to: SitePath.task.with(task.id) + "?done="
                                    + (verified ? L10nKey.taskClosedDone : L10nKey.taskClosureRefusedDone).rawValue, redirectType: .normal)
        } catch let violation as RuleViolation where violation.rule.kind == .invalid || violation.rule.kind == .conflict {
            return try await TasksController.showPage(request, error: violation.message(in: request.language),
                                                      status: LuoshiErrorMiddleware.status(of: violation.rule.kind))
        }
    }

    /// The reports waiting for sign-off that the caller may see: a unit head's unit, the office's
    /// whole district; with the latest signed-off and returned ones below.
    static func reports(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        let store = request.store
        let listing = caller.reportListing
        let waiting = try await store.reportListings(state: .awaitingSignOff, unitPath: listing.unitPath, taskScope: listing.taskScope, limit: 200)
        let recent = try await store.reportListings(state: nil, unitPath: listing.unitPath, taskScope: listing.taskScope, limit: 50)
            .filter { $0.report.state != .awaitingSignOff }
        let units = try await store.directory().byID
        return HTMLResponse.make(SupervisionPages.reports(waiting: waiting, recent: recent, units: units,
                                                          canSignOff: caller.role == .unitHead, context: PageContext(request)))
    }

    static func attachment(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        let store = request.store
        guard let file = try await store.attachment(id: try Parse.pathID(request)),
              let report = try await store.report(id: file.info.reportID),
              let task = try await store.task(id: report.taskID) else { throw RuleViolation(.recordNotFound) }
        try caller.requireRead(task: TaskScope(task, units: try await store.directory().byID))
        return SafeFile.response(file, download: true)
    }

    // MARK: Urge notices and supervision orders

    struct NoticeForm: Content {
        var kind: String?
        var grade: String?
        var text: String?
        var replyBy: String?
        var deduction: String?
        var reply: String?
    }

    static func issueNotice(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        try caller.requireSupervise()
        let (task, _, _) = try await TasksController.readable(request, caller: caller)
        let form = try request.content.decode(NoticeForm.self)
        do {
            let kind = try Parse.requiredChoice(form.kind, as: NoticeKind.self, field: .fieldNoticeKind)
            guard let replyBy = try Parse.day(form.replyBy, field: .fieldReplyBy) else { throw RuleViolation(.fieldRequired, field: .fieldReplyBy) }
            let notice = try await LuoshiUseCases.issueNotice(
                taskID: task.id, NoticeDraft(kind: kind, grade: try Parse.choice(form.grade, as: NoticeGrade.self, field: .fieldGrade),
                                             text: form.text ?? "", replyBy: replyBy,
                                             deduction: try Parse.number(form.deduction, field: .fieldDeduction) ?? 0),
                context: request.context(caller))
            return request.redirect(to: SitePath.notice.with(notice.id) + "?done=" + L10nKey.noticeIssued.rawValue, redirectType: .normal)
        } catch let violation as RuleViolation where violation.rule.kind == .invalid || violation.rule.kind == .conflict {
            return try await TasksController.showPage(request, error: violation.message(in: request.language),
                                                      status: LuoshiErrorMiddleware.status(of: violation.rule.kind))
        }
    }

    static func notices(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        let state = Parse.query(request, "state").flatMap(NoticeState.init(rawValue:))
        let listings = try await request.store.noticeListings(state: state, taskScope: caller.taskReadScope,
                                                              offset: Parse.offset(request), limit: 100)
        let units = try await request.store.directory().byID
        return HTMLResponse.make(SupervisionPages.notices(listings, state: state, units: units, context: PageContext(request)))
    }

    /// A notice the caller may read, with its task and unit.
    static func readableNotice(_ request: Request, caller: Caller) async throws -> (UrgeNotice, KeyTask, Unit) {
        let store = request.store
        let units = try await store.directory().byID
        guard let notice = try await store.notice(id: try Parse.pathID(request)), let task = try await store.task(id: notice.taskID),
              let unit = units[notice.unitID] else { throw RuleViolation(.recordNotFound) }
        guard caller.canReadSupervision(task: TaskScope(task, units: units), unitPath: unit.path) else { throw RuleViolation(.outsideScope) }
        return (notice, task, unit)
    }

    static func notice(_ request: Request) async throws -> Response {
        try await showNotice(request, error: nil, status: .ok)
    }

    static func showNotice(_ request: Request, error: String?, status: HTTPResponseStatus) async throws -> Response {
        let caller = try request.requireCaller()
        let (notice, task, unit) = try await readableNotice(request, caller: caller)
        let store = request.store
        let chain = try await store.noticeListings(taskID: task.id, limit: 50).map(\.notice)
        let cases = try await store.accountabilityCases(taskID: task.id).filter { $0.noticeID == notice.id }
        return HTMLResponse.make(SupervisionPages.notice(notice, task: task, unit: unit, chain: chain, cases: cases,
                                                         canReply: (try? caller.requireReplyNotice(unitPath: unit.path)) != nil,
                                                         supervises: caller.supervises, error: error, context: PageContext(request)),
                                 status: status)
    }

    static func reply(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        let (notice, _, unit) = try await readableNotice(request, caller: caller)
        try caller.requireReplyNotice(unitPath: unit.path)
        let form = try request.content.decode(NoticeForm.self)
        do {
            _ = try await replyNotice(id: notice.id, reply: form.reply ?? "", context: request.context(caller))
            return request.redirect(to: SitePath.notice.with(notice.id) + "?done=" + L10nKey.noticeReplied.rawValue, redirectType: .normal)
        } catch let violation as RuleViolation where violation.rule.kind == .invalid || violation.rule.kind == .conflict {
            return try await showNotice(request, error: violation.message(in: request.language), status: LuoshiErrorMiddleware.status(of: violation.rule.kind))
        }
    }

    static func escalate(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        try caller.requireSupervise()
        let (notice, _, _) = try await readableNotice(request, caller: caller)
        let form = try request.content.decode(NoticeForm.self)
        do {
            let result = try await escalateNotice(id: notice.id, grade: try Parse.choice(form.grade, as: NoticeGrade.self, field: .fieldGrade),
                                                  replyBy: try Parse.day(form.replyBy, field: .fieldReplyBy),
                                                  deduction: try Parse.number(form.deduction, field: .fieldDeduction) ?? 0,
                                                  context: request.context(caller))
            switch result {
            case .order(let order):
                return request.redirect(to: SitePath.notice.with(order.id) + "?done=" + L10nKey.noticeRaised.rawValue, redirectType: .normal)
            case .accountability:
                return request.redirect(to: SitePath.accountability.rawValue + "?done=" + L10nKey.caseOpenedDone.rawValue, redirectType: .normal)
            }
        } catch let violation as RuleViolation where violation.rule.kind == .invalid || violation.rule.kind == .conflict {
            return try await showNotice(request, error: violation.message(in: request.language), status: LuoshiErrorMiddleware.status(of: violation.rule.kind))
        }
    }

    // MARK: Accountability cases

    static func cases(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        let store = request.store
        let units = try await store.directory().byID
        let listing = caller.caseListing
        let items = try await store.accountabilityCases(unitPath: listing.unitPath, taskScope: listing.taskScope)
        let tasks = try await store.tasks(ids: items.map(\.taskID))
        let names = try await store.personNames(ids: items.compactMap(\.personID))
        return HTMLResponse.make(SupervisionPages.cases(items, tasks: tasks, units: units, names: names, supervises: caller.supervises,
                                                        context: PageContext(request)))
    }

    struct ConcludeForm: Content { var conclusion: String? }

    static func conclude(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        try caller.requireSupervise()
        let form = try request.content.decode(ConcludeForm.self)
        do {
            _ = try await concludeCase(id: try Parse.pathID(request), conclusion: form.conclusion ?? "", context: request.context(caller))
            return request.redirect(to: SitePath.accountability.rawValue + "?done=" + L10nKey.caseConcludedDone.rawValue, redirectType: .normal)
        } catch let violation as RuleViolation where violation.rule.kind == .invalid || violation.rule.kind == .conflict {
            return HTMLResponse.make(SupervisionPages.refusal(violation.message(in: request.language), back: SitePath.accountability.rawValue,
                                                              context: PageContext(request)),
                                     status: LuoshiErrorMiddleware.status(of: violation.rule.kind))
        }
    }

    // MARK: Periods

    /// The locked periods, read by everyone who reports (as the API lists them); locked and
    /// unlocked by the office.
    static func periods(_ request: Request) async throws -> Response {
        _ = try request.requireCaller()
        return HTMLResponse.make(SupervisionPages.periods(try await request.store.periodLocks(), today: request.clock.today(),
                                                          context: PageContext(request)))
    }

    struct PeriodForm: Content {
        var period: String?
        var reason: String?
    }

    static func lock(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        try caller.requireSupervise()
        let form = try request.content.decode(PeriodForm.self)
        do {
            _ = try await lockPeriod(key: form.period ?? "", context: request.context(caller))
            return request.redirect(to: SitePath.periods.rawValue + "?done=" + L10nKey.periodLocked.rawValue, redirectType: .normal)
        } catch let violation as RuleViolation where violation.rule.kind == .invalid || violation.rule.kind == .conflict {
            return HTMLResponse.make(SupervisionPages.periods(try await request.store.periodLocks(), today: request.clock.today(),
                                                              error: violation.message(in: request.language), context: PageContext(request)),
                                     status: LuoshiErrorMiddleware.status(of: violation.rule.kind))
        }
    }

    static func unlock(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        try caller.requireSupervise()
        let form = try request.content.decode(PeriodForm.self)
        do {
            try await unlockPeriod(key: form.period ?? "", reason: form.reason ?? "", context: request.context(caller))
            return request.redirect(to: SitePath.periods.rawValue + "?done=" + L10nKey.periodUnlocked.rawValue, redirectType: .normal)
        } catch let violation as RuleViolation where violation.rule.kind == .invalid || violation.rule.kind == .conflict {
            return HTMLResponse.make(SupervisionPages.periods(try await request.store.periodLocks(), today: request.clock.today(),
                                                              error: violation.message(in: request.language), context: PageContext(request)),
                                     status: LuoshiErrorMiddleware.status(of: violation.rule.kind))
        }
    }

    // MARK: Inbox and lights

    static func inbox(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        let items = try await caller.personID.asyncMap { try await request.store.notifications(personID: $0) } ?? []
        return HTMLResponse.make(SupervisionPages.inbox(items, context: PageContext(request)))
    }

    static func markRead(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        try await markNotificationsRead(ids: nil, context: request.context(caller))
        return request.redirect(to: SitePath.inbox.rawValue + "?done=" + L10nKey.inboxAllRead.rawValue, redirectType: .normal)
    }

    static func recompute(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        try caller.requireSupervise()
        _ = try await recomputeLights(year: nil, context: request.context(caller))
        return request.redirect(to: SitePath.tasks.rawValue + "?done=" + L10nKey.lightsRecomputed.rawValue, redirectType: .normal)
    }
}
