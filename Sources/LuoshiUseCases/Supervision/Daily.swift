// The daily jobs: recompute every light, remind of deadlines and due reports, mark inboxes read.
// The scheduler (LuoshiWeb) claims each job once per day; the CLI runs them by hand.
import Foundation
import LuoshiDomain
import LuoshiStorage

/// Recomputes the lights of all tasks (or a year's) on the context's day. The office (or the
/// system's scheduler) does this.
public func recomputeLights(year: Int?, context: UseCaseContext) async throws -> (read: Int, changed: Int) {
    try context.performer.caller?.requireSupervise()
    return try await context.store.write { tx in
        let result = try await tx.recomputeLights(year: year, today: context.today, policy: context.lightPolicy)
        try await tx.record(.create, kind: .dailyJob, id: "lights", before: nil as DailyJobRun?,
                            after: DailyJobRun(job: "lights", day: context.today.description, tasks: result.read, changed: result.changed),
                            in: context)
        return result
    }
}

/// What the trail keeps of a daily job's run (the job by its name; the figures it produced).
struct DailyJobRun: Codable {
    var job: String
    var day: String
    var tasks: Int?
    var changed: Int?
    var reminders: Int?
    var people: Int?
    var entries: Int?
}

/// What the trail keeps of marking an inbox read.
struct InboxRead: Codable {
    var allRead: Bool
    var entries: Int?
}

/// A reminder the daily job sends (or, dry, would send).
public struct Reminder: Equatable, Sendable {
    public var personID: UUID
    public var kind: NotificationKind
    public var message: InboxText
    public var link: String
    public var dedupeKey: String

    /// The reminder in Chinese (the dry run prints it; the inbox gets it in its reader's language).
    public var text: String { message.render(Catalogue.for(.fallback)) }
}

public enum Reminders {
    /// Days before a deadline the first reminder goes.
    public static let deadlineDays = 3
    /// Days before a period ends that a missing report is reminded of.
    public static let reportDays = 2

    /// Reminders due on `today`: open tasks whose deadline is at most `deadlineDays` away, and tasks
    /// whose current period ends within `reportDays` without a report. Each goes to the task's
    /// assignee, or without one to its unit's heads; a reminder is sent once (its dedupe key).
    public static func due(today: Day, store: Store) async throws -> [Reminder] {
        let tasks = try await store.reminderCandidates(today: today)
        var heads: [UUID: [UUID]] = [:]
        var reminders: [Reminder] = []
        for task in tasks {
            let link = "/tasks/\(task.id.uuidString.lowercased())"
            var recipients: [UUID] = task.assigneeID.map { [$0] } ?? []
            if recipients.isEmpty {
                if heads[task.unitID] == nil { heads[task.unitID] = try await store.unitHeads(unitID: task.unitID) }
                recipients = heads[task.unitID] ?? []
            }
            var texts: [(NotificationKind, InboxText, String)] = []
            let left = today.days(until: task.deadline)
            if left >= 0 && left <= deadlineDays {
                texts.append((.reportDue, InboxText(.notifyTextDeadlineNear, ["task": task.title, "deadline": task.deadline.description, "n": String(left)]),
                              "deadline:\(task.id.uuidString.lowercased()):\(task.deadline)"))
            }
            // The report owed (`ReportDuty`: a missed period first), once it is missed or due within the days.
            if let duty = ReportDuty.next(start: task.start, rhythm: task.rhythm, reportedThrough: task.reportedThrough, today: today),
               duty.late || today.days(until: duty.due) <= reportDays {
                texts.append((.reportDue, InboxText(.notifyTextReportDue, ["task": task.title, "end": duty.due.description], period: duty.period),
                              "report:\(task.id.uuidString.lowercased()):\(duty.period.key)"))
            }
            for person in recipients {
                for (kind, text, key) in texts {
                    reminders.append(Reminder(personID: person, kind: kind, message: text, link: link, dedupeKey: "\(key):\(person.uuidString.lowercased())"))
                }
            }
        }
        return reminders
    }
}

/// Sends the day's reminders to inboxes (each once). Returns the reminders considered.
public func sendReminders(context: UseCaseContext) async throws -> [Reminder] {
    try context.performer.caller?.requireSupervise()
    let reminders = try await Reminders.due(today: context.today, store: context.store)
    try await context.store.write { tx in
        for reminder in reminders {
            try await Notify.person(reminder.personID, kind: reminder.kind, text: reminder.message, link: reminder.link,
                                    dedupeKey: reminder.dedupeKey, in: tx, context: context)
        }
        try await tx.record(.create, kind: .dailyJob, id: "reminders", before: nil as DailyJobRun?,
                            after: DailyJobRun(job: "reminders", day: context.today.description, reminders: reminders.count), in: context)
    }
    return reminders
}

/// Marks the caller's inbox entries read (all, or the given ones).
public func markNotificationsRead(ids: [UUID]?, context: UseCaseContext) async throws {
    guard let personID = context.performer.caller?.personID else { throw RuleViolation(.roleNotAllowed) }
    try await context.store.write { tx in
        try await tx.markNotificationsRead(personID: personID, ids: ids)
        try await tx.record(.update, kind: .notification, id: personID.uuidString, before: nil as InboxRead?,
                            after: InboxRead(allRead: ids == nil, entries: ids?.count), in: context)
    }
}
