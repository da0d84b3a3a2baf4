// The supervision mechanism through the API: progress reports and their sign-off, verification
// (销号), period locks, urge notices and supervision orders with their replies and escalation,
// accountability cases, the inbox and the lights. Same use cases and access checks as the pages:
// a record outside the caller's reading is refused as outside their scope before its use case
// asks about the role.
import Foundation
import LuoshiAPI
import LuoshiDomain
import LuoshiStorage
import LuoshiUseCases
import Vapor

extension APIHandler {
    // MARK: Reports

    func listTaskReports(_ input: Operations.ListTaskReports.Input) async throws -> Operations.ListTaskReports.Output {
        let (request, caller) = try current()
        let (task, _) = try await readableTask(input.path.taskId, request: request, caller: caller)
        let reports = try await request.store.reports(taskID: task.id)
        return .ok(.init(body: .json(.init(items: try await reportBodies(reports, request: request)))))
    }

    func submitReport(_ input: Operations.SubmitReport.Input) async throws -> Operations.SubmitReport.Output {
        let (request, caller) = try current()
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        let (task, scope) = try await readableTask(input.path.taskId, request: request, caller: caller)
        // The role before the body: a caller who may not report learns that, not what their body lacks.
        try caller.requireWriteReport(task: scope)
        let report = try await LuoshiUseCases.submitReport(taskID: task.id, try SupervisionMapping.draft(body), context: request.context(caller))
        return .created(.init(body: .json(try await reportBody(report, request: request))))
    }

    func listReports(_ input: Operations.ListReports.Input) async throws -> Operations.ListReports.Output {
        let (request, caller) = try current()
        let paging = try APIPaging(limit: input.query.limit, offset: input.query.offset, search: nil)
        // One more than a page tells whether another follows.
        let listing = caller.reportListing
        let listings = try await request.store.reportListings(state: input.query.state.flatMap { ReportState(rawValue: $0.rawValue) },
                                                              unitPath: listing.unitPath, taskScope: listing.taskScope,
                                                              offset: paging.offset, limit: paging.limit + 1)
        let page = Array(listings.prefix(paging.limit))
        let attachments = try await request.store.attachments(reportIDs: page.map(\.report.id))
        let items = page.map { listing in
            SupervisionMapping.report(listing.report, attachments: attachments[listing.report.id] ?? [], catalogue: request.catalogue,
                                      task: (listing.taskCode, listing.taskTitle))
        }
        return .ok(.init(body: .json(.init(items: items, offset: paging.offset, limit: paging.limit, hasMore: listings.count > paging.limit))))
    }

    func signOffReport(_ input: Operations.SignOffReport.Input) async throws -> Operations.SignOffReport.Output {
        let (request, caller) = try current()
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        let store = request.store
        guard let report = try await store.report(id: try APIMapping.pathID(input.path.reportId)),
              let task = try await store.task(id: report.taskID) else { throw RuleViolation(.recordNotFound) }
        let scope = try await store.scope(of: task)
        try caller.requireRead(task: scope)
        try caller.requireSignOff(task: scope)
        try SupervisionMapping.prose(body.comment, field: .fieldReviewComment, maxLength: 2000)
        let after = try await LuoshiUseCases.signOffReport(id: report.id, approve: body.approve, comment: body.comment ?? "",
                                                           context: request.context(caller))
        return .ok(.init(body: .json(try await reportBody(after, request: request))))
    }

    func closeTask(_ input: Operations.CloseTask.Input) async throws -> Operations.CloseTask.Output {
        let (request, caller) = try current()
        try caller.requireSupervise()
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        try SupervisionMapping.prose(body.comment, field: .fieldReviewComment, maxLength: 2000)
        let task = try await LuoshiUseCases.closeTask(id: try APIMapping.pathID(input.path.taskId), verified: body.verified,
                                                      comment: body.comment ?? "", context: request.context(caller))
        return .ok(.init(body: .json(try await taskBody(task, request: request))))
    }

    private func reportBody(_ report: ProgressReport, request: Request) async throws -> Components.Schemas.Report {
        try await reportBodies([report], request: request)[0]
    }

    /// Reports with their attachments, in one query for the files.
    private func reportBodies(_ reports: [ProgressReport], request: Request) async throws -> [Components.Schemas.Report] {
        let attachments = try await request.store.attachments(reportIDs: reports.map(\.id))
        return reports.map { SupervisionMapping.report($0, attachments: attachments[$0.id] ?? [], catalogue: request.catalogue) }
    }

    // MARK: Period locks

    func listPeriodLocks(_ input: Operations.ListPeriodLocks.Input) async throws -> Operations.ListPeriodLocks.Output {
        let (request, _) = try current()
        let locks = try await request.store.periodLocks()
        return .ok(.init(body: .json(.init(items: locks.map { SupervisionMapping.lock($0, catalogue: request.catalogue) }))))
    }

    func lockPeriod(_ input: Operations.LockPeriod.Input) async throws -> Operations.LockPeriod.Output {
        let (request, caller) = try current()
        try caller.requireSupervise()
        let lock = try await LuoshiUseCases.lockPeriod(key: try SupervisionMapping.period(input.path.period), context: request.context(caller))
        return .ok(.init(body: .json(SupervisionMapping.lock(lock, catalogue: request.catalogue))))
    }

    func unlockPeriod(_ input: Operations.UnlockPeriod.Input) async throws -> Operations.UnlockPeriod.Output {
        let (request, caller) = try current()
        try caller.requireSupervise()
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        let key = try SupervisionMapping.period(input.path.period)
        try SupervisionMapping.line(body.reason, field: .fieldUnlockReason, maxLength: 500)
        try await LuoshiUseCases.unlockPeriod(key: key, reason: body.reason, context: request.context(caller))
        return .noContent(.init())
    }

    // MARK: Notices

    func listNotices(_ input: Operations.ListNotices.Input) async throws -> Operations.ListNotices.Output {
        let (request, caller) = try current()
        let query = input.query
        let paging = try APIPaging(limit: query.limit, offset: query.offset, search: nil)
        // Those who read all work see every notice; others those sent to the units they read.
        let listings = try await request.store.noticeListings(
            taskID: try APIMapping.strictID(query.taskId, field: .recordKindTask), state: query.state.flatMap { NoticeState(rawValue: $0.rawValue) },
            taskScope: caller.taskReadScope, offset: paging.offset, limit: paging.limit + 1)
        let today = request.clock.today()
        return .ok(.init(body: .json(.init(items: listings.prefix(paging.limit).map { SupervisionMapping.notice($0, today: today) },
                                           offset: paging.offset, limit: paging.limit, hasMore: listings.count > paging.limit))))
    }

    func issueNotice(_ input: Operations.IssueNotice.Input) async throws -> Operations.IssueNotice.Output {
        let (request, caller) = try current()
        try caller.requireSupervise()
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        let (task, _) = try await readableTask(input.path.taskId, request: request, caller: caller)
        let notice = try await LuoshiUseCases.issueNotice(taskID: task.id, try SupervisionMapping.noticeDraft(body), context: request.context(caller))
        return .created(.init(body: .json(SupervisionMapping.notice(notice, taskCode: task.code, taskTitle: task.title,
                                                                    today: request.clock.today()))))
    }

    func getNotice(_ input: Operations.GetNotice.Input) async throws -> Operations.GetNotice.Output {
        let (request, caller) = try current()
        let (notice, task) = try await readableNotice(input.path.noticeId, request: request, caller: caller)
        return .ok(.init(body: .json(SupervisionMapping.notice(notice, taskCode: task.code, taskTitle: task.title, today: request.clock.today()))))
    }

    func replyNotice(_ input: Operations.ReplyNotice.Input) async throws -> Operations.ReplyNotice.Output {
        let (request, caller) = try current()
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        let (notice, task) = try await readableNotice(input.path.noticeId, request: request, caller: caller)
        let after = try await LuoshiUseCases.replyNotice(id: notice.id, reply: try replyText(body.reply, caller: caller, notice: notice, request: request),
                                                         context: request.context(caller))
        return .ok(.init(body: .json(SupervisionMapping.notice(after, taskCode: task.code, taskTitle: task.title, today: request.clock.today()))))
    }

    /// The reply's text, once the caller is known to be one who answers (the role before the body).
    private func replyText(_ text: String, caller: Caller, notice: UrgeNotice, request: Request) async throws -> String {
        guard let unit = try await request.store.unit(id: notice.unitID) else { throw RuleViolation(.recordNotFound) }
        try caller.requireReplyNotice(unitPath: unit.path)
        try SupervisionMapping.prose(text, field: .fieldReply, maxLength: 4000)
        return text
    }

    func escalateNotice(_ input: Operations.EscalateNotice.Input) async throws -> Operations.EscalateNotice.Output {
        let (request, caller) = try current()
        try caller.requireSupervise()
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        let escalation = try await LuoshiUseCases.escalateNotice(
            id: try APIMapping.pathID(input.path.noticeId), grade: body.grade.flatMap { NoticeGrade(rawValue: $0.rawValue) },
            replyBy: try SupervisionMapping.day(body.replyBy, field: .fieldReplyBy), deduction: body.deduction ?? 0,
            context: request.context(caller))
        switch escalation {
        case .order(let order):
            let task = try await request.store.task(id: order.taskID)
            return .ok(.init(body: .json(.init(notice: SupervisionMapping.notice(order, taskCode: task?.code ?? "", taskTitle: task?.title ?? "",
                                                                                 today: request.clock.today())))))
        case .accountability(let item):
            return .ok(.init(body: .json(.init(accountabilityCase: SupervisionMapping.accountabilityCase(item)))))
        }
    }

    /// A notice the caller may read: by its task, or as the unit it was sent to.
    private func readableNotice(_ text: String, request: Request, caller: Caller) async throws -> (UrgeNotice, KeyTask) {
        let store = request.store
        guard let notice = try await store.notice(id: try APIMapping.pathID(text)), let task = try await store.task(id: notice.taskID),
              let unit = try await store.unit(id: notice.unitID) else { throw RuleViolation(.recordNotFound) }
        guard caller.canReadSupervision(task: try await store.scope(of: task), unitPath: unit.path) else { throw RuleViolation(.outsideScope) }
        return (notice, task)
    }

    // MARK: Accountability cases

    func listAccountabilityCases(_ input: Operations.ListAccountabilityCases.Input) async throws -> Operations.ListAccountabilityCases.Output {
        let (request, caller) = try current()
        let store = request.store
        let openOnly = input.query.open ?? false
        let listing = caller.caseListing
        let cases = try await store.accountabilityCases(unitPath: listing.unitPath, taskScope: listing.taskScope, openOnly: openOnly)
        return .ok(.init(body: .json(.init(items: cases.map(SupervisionMapping.accountabilityCase)))))
    }

    func concludeCase(_ input: Operations.ConcludeCase.Input) async throws -> Operations.ConcludeCase.Output {
        let (request, caller) = try current()
        try caller.requireSupervise()
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        try SupervisionMapping.prose(body.conclusion, field: .fieldConclusion, maxLength: 4000)
        let item = try await LuoshiUseCases.concludeCase(id: try APIMapping.pathID(input.path.caseId), conclusion: body.conclusion,
                                                         context: request.context(caller))
        return .ok(.init(body: .json(SupervisionMapping.accountabilityCase(item))))
    }

    // MARK: Inbox and lights

    func listNotifications(_ input: Operations.ListNotifications.Input) async throws -> Operations.ListNotifications.Output {
        let (request, caller) = try current()
        guard let personID = caller.personID else { return .ok(.init(body: .json(.init(items: [], unread: 0)))) }
        let items = try await request.store.notifications(personID: personID)
        let unread = try await request.store.unreadNotificationCount(personID: personID)
        return .ok(.init(body: .json(.init(items: items.map(SupervisionMapping.notification), unread: unread))))
    }

    func markNotificationsRead(_ input: Operations.MarkNotificationsRead.Input) async throws -> Operations.MarkNotificationsRead.Output {
        let (request, caller) = try current()
        // An account without a person has no inbox (the use case says the same).
        guard caller.personID != nil else { throw RuleViolation(.roleNotAllowed) }
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        if let ids = body.ids, ids.count > 500 { throw RuleViolation(.fieldOutOfRange, field: .recordKindNotification, limit: 500) }
        let ids = try body.ids.map { try APIMapping.ids($0, field: .recordKindNotification) }
        try await LuoshiUseCases.markNotificationsRead(ids: ids, context: request.context(caller))
        return .noContent(.init())
    }

    func recomputeLights(_ input: Operations.RecomputeLights.Input) async throws -> Operations.RecomputeLights.Output {
        let (request, caller) = try current()
        try caller.requireSupervise()
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        let year = try body.year.map { value throws(RuleViolation) in try self.year(value) }
        let result = try await LuoshiUseCases.recomputeLights(year: year, context: request.context(caller))
        return .ok(.init(body: .json(.init(read: result.read, changed: result.changed))))
    }
}
