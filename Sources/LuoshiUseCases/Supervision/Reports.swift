// Use cases of reporting: submit a progress report under the reporting rule, sign it off or
// return it, verify a reported result and close the task (销号), lock and unlock a period.
// A report counts once signed off: only then does it move the task's progress, mark its period
// reported, open the accountability case it names, and ask the office to verify a result.
import Crypto
import Foundation
import LuoshiDomain
import LuoshiStorage

/// A file sent with a report.
public struct AttachmentUpload: Sendable {
    public var fileName: String
    public var data: Data
    public init(fileName: String, data: Data) { self.fileName = fileName; self.data = data }
}

public enum AttachmentRules {
    public static let maxBytes = 10 * 1024 * 1024
    public static let maxFiles = 5
    /// What is accepted, by extension, and the type it is served as (always as a download).
    static let types: [String: String] = [
        "pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "doc": "application/msword", "xls": "application/vnd.ms-excel", "txt": "text/plain",
    ]

    /// The checked file name and media type: the extension must be accepted and the bytes must
    /// start as that kind of file does (a script renamed .png is refused).
    public static func check(_ upload: AttachmentUpload) throws(RuleViolation) -> (String, String) {
        let name = String(upload.fileName.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last ?? "")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let refuse = RuleViolation(.attachmentRefused, limit: maxBytes / 1024 / 1024, value: String(name.prefix(80)))
        guard !name.isEmpty, name.count <= 200, !upload.data.isEmpty, upload.data.count <= maxBytes else { throw refuse }
        guard !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { throw refuse }
        let ext = name.split(separator: ".").last.map { $0.lowercased() } ?? ""
        guard name.contains("."), let type = types[ext] else { throw refuse }
        let head = [UInt8](upload.data.prefix(8))
        let matches: Bool
        switch ext {
        case "pdf": matches = head.starts(with: Array("%PDF".utf8))
        case "png": matches = head.starts(with: [0x89, 0x50, 0x4E, 0x47])
        case "jpg", "jpeg": matches = head.starts(with: [0xFF, 0xD8, 0xFF])
        case "docx", "xlsx": matches = head.starts(with: [0x50, 0x4B, 0x03, 0x04])
        case "doc", "xls": matches = head.starts(with: [0xD0, 0xCF, 0x11, 0xE0])
        default: matches = String(data: upload.data, encoding: .utf8) != nil
        }
        guard matches else { throw refuse }
        return (name, type)
    }
}

public func submitReport(taskID: UUID, _ draft: ReportDraft, attachments: [AttachmentUpload] = [],
                         context: UseCaseContext) async throws -> ProgressReport {
    let files = try attachments.prefix(AttachmentRules.maxFiles + 1).map { try AttachmentRules.check($0) }
    if files.count > AttachmentRules.maxFiles { throw RuleViolation(.fieldOutOfRange, field: .fieldAttachment) }
    return try await context.store.write { tx in
        guard let task = try await tx.task(id: taskID) else { throw RuleViolation(.recordNotFound) }
        let scope = try await tx.scope(of: task)
        try context.performer.caller?.requireWriteReport(task: scope)
        let followUp = try await tx.followUp(taskID: taskID)
        guard task.status.isOpen, followUp?.awaitingClosure != true else { throw RuleViolation(.reportTaskClosed) }
        let today = context.today
        let current = ReportPeriod(containing: today, rhythm: task.rhythm)
        // The current period unless the writer chooses an earlier one (the page offers the one owed first).
        var period = current
        if let key = draft.periodKey?.trimmingCharacters(in: .whitespaces), !key.isEmpty {
            guard let chosen = ReportPeriod(key: key), chosen.rhythm == task.rhythm, chosen <= current, chosen.end >= task.start else {
                throw RuleViolation(.reportPeriodInvalid, field: .fieldReportPeriod)
            }
            period = chosen
        }
        try await ReportEffects.checkUnlocked(period, in: tx)
        // Once a new date is committed to (找原因), it is the date reports are held to.
        let deadline = max(task.deadline, followUp?.committedDay ?? task.deadline)
        let (kind, checked) = try ReportingRule.check(draft, deadline: deadline, today: today)
        if let person = checked.accountablePersonID, try await tx.person(id: person) == nil {
            throw RuleViolation(.personMissing, field: .fieldAccountablePerson)
        }
        let signs = context.performer.caller?.signsOff(task: scope) ?? true
        let report = ProgressReport(
            id: UUID(), taskID: taskID, periodKey: period.key, kind: kind, progress: checked.progress ?? task.progress,
            situation: checked.situation, problems: checked.problems, nextSteps: checked.nextSteps, result: checked.result,
            evidence: checked.evidence, delayReason: checked.delayReason, remedy: checked.remedy, committedDay: checked.committedDay,
            accountablePersonID: checked.accountablePersonID, authorPersonID: context.performer.caller?.personID,
            authorName: context.performer.name, reportedOn: today, late: period.isLate(reportedOn: today),
            state: signs ? .signedOff : .awaitingSignOff, reviewerName: signs ? context.performer.name : "")
        try await tx.insert(report, at: context.now)
        for (upload, (name, type)) in zip(attachments, files) {
            let info = AttachmentInfo(id: UUID(), reportID: report.id, fileName: name, mediaType: type, byteCount: upload.data.count)
            let digest = SHA256.hash(data: upload.data).map { String(format: "%02x", $0) }.joined()
            try await tx.insert(attachment: AttachmentFile(info: info, content: upload.data), sha256: digest)
        }
        try await tx.record(.create, kind: .report, id: report.id.uuidString, before: nil as ProgressReport?, after: report, in: context)
        if signs {
            try await ReportEffects.apply(report, task: task, in: tx, context: context)
        } else {
            let text = InboxText(.notifyTextReportToSignOff, ["author": context.performer.name, "task": task.title])
            try await Notify.unit(task.responsibleUnitID, roles: [.unitHead], kind: .reportToSignOff, text: text,
                                  link: "/tasks/\(task.id.uuidString.lowercased())#reports", in: tx, context: context)
        }
        return report
    }
}

/// Signs off a report (it then counts) or returns it with a comment (the author writes it again).
public func signOffReport(id: UUID, approve: Bool, comment: String, context: UseCaseContext) async throws -> ProgressReport {
    let comment = comment.trimmingCharacters(in: .whitespacesAndNewlines)
    if !comment.isEmpty { try FieldRules.prose(comment, field: .fieldReviewComment, maxLength: 2000) }
    if !approve && comment.isEmpty { throw RuleViolation(.fieldRequired, field: .fieldReviewComment) }
    return try await context.store.write { tx in
        guard let before = try await tx.report(id: id), let task = try await tx.task(id: before.taskID) else {
            throw RuleViolation(.recordNotFound)
        }
        try context.performer.caller?.requireSignOff(task: try await tx.scope(of: task))
        guard before.state == .awaitingSignOff else { throw RuleViolation(.reportNotAwaiting) }
        if let period = ReportPeriod(key: before.periodKey) { try await ReportEffects.checkUnlocked(period, in: tx) }
        // A result already awaiting verification is not moved by an older progress report.
        if approve, try await tx.followUp(taskID: task.id)?.awaitingClosure == true { throw RuleViolation(.reportTaskClosed) }
        var after = before
        after.state = approve ? .signedOff : .returned
        after.reviewerName = context.performer.name
        after.reviewComment = comment
        try await tx.update(after)
        try await tx.record(.update, kind: .report, id: id.uuidString, before: before, after: after, in: context)
        if approve {
            guard task.status.isOpen else { throw RuleViolation(.reportTaskClosed) }
            try await ReportEffects.apply(after, task: task, in: tx, context: context)
        } else if let author = before.authorPersonID {
            let text = InboxText(.notifyTextReportReturned, ["task": task.title, "comment": comment])
            try await Notify.person(author, kind: .reportReturned, text: text,
                                    link: "/tasks/\(task.id.uuidString.lowercased())#reports", in: tx, context: context)
        }
        return after
    }
}

/// The office verifies a reported result (销号): the task is completed; or sends it back with the
/// reason, and the task goes on.
public func closeTask(id: UUID, verified: Bool, comment: String, context: UseCaseContext) async throws -> KeyTask {
    try context.performer.caller?.requireSupervise()
    let comment = comment.trimmingCharacters(in: .whitespacesAndNewlines)
    if !comment.isEmpty { try FieldRules.prose(comment, field: .fieldReviewComment, maxLength: 2000) }
    if !verified && comment.isEmpty { throw RuleViolation(.fieldRequired, field: .fieldReviewComment) }
    return try await context.store.write { tx in
        guard let task = try await tx.task(id: id), let followUp = try await tx.followUp(taskID: id) else {
            throw RuleViolation(.recordNotFound)
        }
        guard followUp.awaitingClosure, task.status.isOpen else { throw RuleViolation(.taskNotAwaitingClosure) }
        try await tx.setFollowUp(taskID: id, reportedThrough: followUp.reportedThrough, awaitingClosure: false,
                                 committedDay: followUp.committedDay)
        let closure = ClosureRecord(awaitingClosure: true, verified: verified, comment: comment)
        try await tx.record(.update, kind: .task, id: id.uuidString, before: ClosureRecord(awaitingClosure: true, verified: nil, comment: ""),
                            after: closure, in: context)
        var after = task
        let text: InboxText
        if verified {
            after = try await changeTaskStatus(id: id, to: .completed, progress: nil, reason: nil, closing: true, refreshingLights: false,
                                               in: tx, context: context)
            text = InboxText(.notifyTextClosed, ["task": task.title])
        } else {
            text = InboxText(.notifyTextClosureRefused, ["task": task.title, "comment": comment])
        }
        try await Notify.unit(task.responsibleUnitID, roles: [.unitHead], kind: .verification, text: text,
                              link: "/tasks/\(id.uuidString.lowercased())", in: tx, context: context)
        if let assignee = task.assigneeID {
            try await Notify.person(assignee, kind: .verification, text: text, link: "/tasks/\(id.uuidString.lowercased())", in: tx, context: context)
        }
        try await TaskLights.refresh(after, in: tx, context: context)
        return after
    }
}

/// What the trail keeps of a verification.
struct ClosureRecord: Codable {
    var awaitingClosure: Bool
    var verified: Bool?
    var comment: String
}

/// Locks a reporting period: its reports can no longer be written, signed off or returned.
public func lockPeriod(key: String, context: UseCaseContext) async throws -> PeriodLock {
    try context.performer.caller?.requireSupervise()
    guard let period = ReportPeriod(key: key.trimmingCharacters(in: .whitespaces)) else {
        throw RuleViolation(.reportPeriodInvalid, field: .fieldReportPeriod)
    }
    return try await context.store.write { tx in
        if let existing = try await tx.periodLock(key: period.key) { return existing }
        let lock = PeriodLock(periodKey: period.key, lockedBy: context.performer.name, lockedOn: context.today)
        try await tx.insert(lock)
        try await tx.record(.create, kind: .periodLock, id: period.key, before: nil as LockRecord?,
                            after: LockRecord(periodKey: period.key, reason: ""), in: context)
        return lock
    }
}

/// Unlocks a period; the reason is kept in the trail.
public func unlockPeriod(key: String, reason: String, context: UseCaseContext) async throws {
    try context.performer.caller?.requireSupervise()
    let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
    try FieldRules.text(reason, field: .fieldUnlockReason, maxLength: 500)
    try await context.store.write { tx in
        guard try await tx.periodLock(key: key) != nil else { throw RuleViolation(.recordNotFound) }
        try await tx.deletePeriodLock(key: key)
        try await tx.record(.delete, kind: .periodLock, id: key, before: LockRecord(periodKey: key, reason: ""),
                            after: LockRecord(periodKey: key, reason: reason), in: context)
    }
}

struct LockRecord: Codable {
    var periodKey: String
    var reason: String
}

enum ReportEffects {
    /// What a report that counts does: moves the task's own progress (a task with sub-tasks takes
    /// theirs), marks its period reported, opens the accountability case it names, and for a result
    /// asks the office to verify; then the task's light is computed again.
    static func apply(_ report: ProgressReport, task: KeyTask, in tx: WriteTransaction, context: UseCaseContext) async throws {
        let followUp = try await tx.followUp(taskID: task.id)
        // Reported through the last period without a gap: a report for a later period leaves a missed one missing.
        let through = ReportPeriod.reportedThrough(start: task.start, rhythm: task.rhythm, through: followUp?.reportedThrough,
                                                   reported: try await tx.reportedPeriodKeys(taskID: task.id))
        try await tx.setFollowUp(taskID: task.id, reportedThrough: through,
                                 awaitingClosure: report.kind == .result || followUp?.awaitingClosure == true,
                                 committedDay: report.kind == .delay ? report.committedDay : followUp?.committedDay)
        // The task's own progress (a task with sub-tasks takes theirs); its rise restarts the stall clock.
        let hasSubTasks = try await tx.childNodes(of: task.id).contains { $0.status != .cancelled }
        var after = task
        if !hasSubTasks && report.progress != task.progress {
            after = try await changeTaskStatus(id: task.id, to: report.progress > 0 ? .inProgress : task.status, progress: report.progress,
                                               reason: nil, refreshingLights: false, in: tx, context: context)
        } else if task.status == .notStarted {
            after = try await changeTaskStatus(id: task.id, to: .inProgress, progress: nil, reason: nil, refreshingLights: false,
                                               in: tx, context: context)
        }
        if report.accountablePersonID != nil {
            try await Accountability.open(taskID: task.id, unitID: task.responsibleUnitID, personID: report.accountablePersonID,
                                          problem: report.problems, reportID: report.id, noticeID: nil, title: task.title,
                                          in: tx, context: context)
        }
        if report.kind == .result {
            let text = InboxText(.notifyTextAwaitingClosure, ["task": task.title])
            for person in try await tx.peopleWithRole([.supervisor]) {
                try await Notify.person(person, kind: .verification, text: text, link: "/tasks/\(task.id.uuidString.lowercased())",
                                        in: tx, context: context)
            }
        }
        try await TaskLights.refresh(after, in: tx, context: context)
    }

    /// Refuses a report of a locked period, or of one whose last day falls in a locked period.
    static func checkUnlocked(_ period: ReportPeriod, in tx: WriteTransaction) async throws {
        if let lock = try await tx.lock(covering: period) { throw RuleViolation(.reportPeriodLocked, value: lock.key) }
    }
}

enum Notify {
    /// Puts a message in a person's inbox, written in their language.
    static func person(_ personID: UUID, kind: NotificationKind, text: InboxText, link: String, dedupeKey: String? = nil,
                       in tx: WriteTransaction, context: UseCaseContext) async throws {
        let language = try await tx.language(ofPerson: personID) ?? .fallback
        try await tx.insert(InboxEntry(personID: personID, kind: kind, text: text.render(Catalogue.for(language)), link: link,
                                       createdOn: context.today), dedupeKey: dedupeKey)
    }

    static func unit(_ unitID: UUID, roles: [Role], kind: NotificationKind, text: InboxText, link: String,
                     in tx: WriteTransaction, context: UseCaseContext) async throws {
        for person in try await tx.unitPeople(unitID: unitID, roles: roles) {
            try await self.person(person, kind: kind, text: text, link: link, in: tx, context: context)
        }
    }
}
