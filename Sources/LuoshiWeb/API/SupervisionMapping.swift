// Between the supervision mechanism's values (reports, period locks, notices, accountability
// cases, inboxes) and the API's generated types; and the checks that make the server refuse
// exactly what the document refuses where the use cases are more lenient (they trim first).
import Foundation
import LuoshiAPI
import LuoshiDomain
import LuoshiStorage
import LuoshiUseCases

enum SupervisionMapping {
    static func id(_ uuid: UUID) -> String { APIMapping.id(uuid) }

    // MARK: Out

    static func report(_ r: ProgressReport, attachments: [AttachmentInfo], catalogue: Catalogue,
                       task: (code: String, title: String)? = nil) -> Components.Schemas.Report {
        .init(id: id(r.id), taskId: id(r.taskID), taskCode: task?.code, taskTitle: task?.title, period: r.periodKey,
              periodLabel: periodLabel(r.periodKey, catalogue: catalogue), kind: .init(rawValue: r.kind.rawValue) ?? .progress,
              progress: r.progress, situation: r.situation, problems: r.problems, nextSteps: r.nextSteps, result: r.result,
              evidence: r.evidence, delayReason: r.delayReason, remedy: r.remedy, committedDay: r.committedDay?.description,
              accountablePersonId: r.accountablePersonID.map(id), authorName: r.authorName, reportedOn: r.reportedOn.description,
              late: r.late, state: .init(rawValue: r.state.rawValue) ?? .awaitingSignOff, reviewerName: r.reviewerName,
              reviewComment: r.reviewComment,
              attachments: attachments.map { .init(id: id($0.id), fileName: $0.fileName, mediaType: $0.mediaType, byteCount: $0.byteCount) })
    }

    static func periodLabel(_ key: String, catalogue: Catalogue) -> String {
        ReportPeriod(key: key)?.label(catalogue) ?? key
    }

    static func lock(_ lock: PeriodLock, catalogue: Catalogue) -> Components.Schemas.PeriodLock {
        .init(period: lock.periodKey, periodLabel: periodLabel(lock.periodKey, catalogue: catalogue), lockedBy: lock.lockedBy,
              lockedOn: lock.lockedOn.description)
    }

    static func notice(_ listing: NoticeListing, today: Day) -> Components.Schemas.Notice {
        notice(listing.notice, taskCode: listing.taskCode, taskTitle: listing.taskTitle, today: today)
    }

    static func notice(_ n: UrgeNotice, taskCode: String, taskTitle: String, today: Day) -> Components.Schemas.Notice {
        .init(id: id(n.id), code: n.code, kind: .init(rawValue: n.kind.rawValue) ?? .urge,
                     grade: n.grade.flatMap { .init(rawValue: $0.rawValue) }, taskId: id(n.taskID), taskCode: taskCode,
                     taskTitle: taskTitle, unitId: id(n.unitID), text: n.text, issuedOn: n.issuedOn.description,
                     issuedBy: n.issuedBy, replyBy: n.replyBy.description, deduction: n.deduction,
                     state: .init(rawValue: n.state.rawValue) ?? .awaitingReply, reply: n.reply, repliedOn: n.repliedOn?.description,
                     repliedBy: n.repliedBy, raisedFromId: n.raisedFromID.map(id), overdue: n.isOverdue(today: today))
    }

    static func accountabilityCase(_ c: AccountabilityCase) -> Components.Schemas.AccountabilityCase {
        .init(id: id(c.id), taskId: id(c.taskID), reportId: c.reportID.map(id), noticeId: c.noticeID.map(id), unitId: id(c.unitID),
              personId: c.personID.map(id), problem: c.problem, openedOn: c.openedOn.description, concluded: c.concluded,
              conclusion: c.conclusion, concludedOn: c.concludedOn?.description)
    }

    static func notification(_ n: InboxEntry) -> Components.Schemas.Notification {
        .init(id: id(n.id), kind: .init(rawValue: n.kind.rawValue) ?? .reportDue, text: n.text, link: n.link,
              createdOn: n.createdOn.description, read: n.read)
    }

    // MARK: In

    static func draft(_ body: Components.Schemas.ReportInput) throws(RuleViolation) -> ReportDraft {
        let texts: [(String?, L10nKey)] = [(body.situation, .fieldSituation), (body.problems, .fieldProblems),
                                           (body.nextSteps, .fieldNextSteps), (body.result, .fieldResult),
                                           (body.evidence, .fieldEvidence), (body.delayReason, .fieldDelayReason),
                                           (body.remedy, .fieldRemedy)]
        for (text, field) in texts { try prose(text, field: field, maxLength: ReportingRule.maxText) }
        return ReportDraft(done: body.done ?? false, progress: body.progress, situation: body.situation ?? "",
                           problems: body.problems ?? "", nextSteps: body.nextSteps ?? "", result: body.result ?? "",
                           evidence: body.evidence ?? "", delayReason: body.delayReason ?? "", remedy: body.remedy ?? "",
                           committedDay: try day(body.committedDay, field: .fieldCommittedDay),
                           accountablePersonID: try APIMapping.strictID(body.accountablePersonId, field: .fieldAccountablePerson),
                           periodKey: try body.period.map { text throws(RuleViolation) in try period(text) })
    }

    static func noticeDraft(_ body: Components.Schemas.NoticeInput) throws(RuleViolation) -> NoticeDraft {
        try prose(body.text, field: .fieldNoticeText, maxLength: 2000)
        guard let replyBy = try day(body.replyBy, field: .fieldReplyBy) else { throw RuleViolation(.fieldRequired, field: .fieldReplyBy) }
        return NoticeDraft(kind: try Parse.requiredChoice(body.kind.rawValue, as: NoticeKind.self, field: .fieldNoticeKind),
                           grade: body.grade.flatMap { NoticeGrade(rawValue: $0.rawValue) },
                           text: body.text, replyBy: replyBy, deduction: body.deduction ?? 0)
    }

    /// A period's key exactly as the API writes it ("2026-11", not " 2026-11" or "2026-+1").
    static func period(_ text: String) throws(RuleViolation) -> String {
        guard let period = ReportPeriod(key: text), period.key == text else {
            throw RuleViolation(.reportPeriodInvalid, field: .fieldReportPeriod)
        }
        return text
    }

    /// A day exactly as the document's pattern has it (YYYY-MM-DD, a real day).
    static func day(_ text: String?, field: L10nKey) throws(RuleViolation) -> Day? {
        guard let text else { return nil }
        guard let day = Day(text), day.description == text else { throw RuleViolation(.fieldInvalidDay, field: field) }
        return day
    }

    /// One line of text as the document bounds it: no control characters (the use cases would trim a
    /// leading or trailing line break away; the document refuses it) and at most `maxLength`
    /// code points, counted as JSON Schema counts them.
    static func line(_ text: String?, field: L10nKey, maxLength: Int) throws(RuleViolation) {
        try check(text, field: field, maxLength: maxLength, allowing: [])
    }

    /// Text from a text area, as the document bounds it: as `line`, but line breaks and tabs are
    /// allowed (FieldRules.prose keeps them), and no other control character.
    static func prose(_ text: String?, field: L10nKey, maxLength: Int) throws(RuleViolation) {
        try check(text, field: field, maxLength: maxLength, allowing: ["\n", "\r", "\t"])
    }

    /// A line the document requires to show something (its pattern asks for one character that is
    /// neither white space nor a control), where the use case would take a blank one as absent.
    static func visibleLine(_ text: String?, field: L10nKey, maxLength: Int) throws(RuleViolation) {
        try line(text, field: field, maxLength: maxLength)
        guard let text else { return }
        // White space as JSON Schema's \s has it (ECMA-262: Unicode's White_Space and U+FEFF).
        guard text.unicodeScalars.contains(where: { !$0.properties.isWhitespace && $0 != "\u{FEFF}" }) else {
            throw RuleViolation(.fieldRequired, field: field)
        }
    }

    private static func check(_ text: String?, field: L10nKey, maxLength: Int, allowing: Set<Unicode.Scalar>) throws(RuleViolation) {
        guard let text else { return }
        if text.unicodeScalars.count > maxLength { throw RuleViolation(.fieldTooLong, field: field, limit: maxLength) }
        if text.unicodeScalars.contains(where: { !allowing.contains($0) && $0.properties.generalCategory == .control }) {
            throw RuleViolation(.fieldControlCharacters, field: field)
        }
    }
}
