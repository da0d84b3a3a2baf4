// Use cases of field inspections (实地督查), bulletins (督查通报) and dispatch meetings (调度会).
import Foundation
import LuoshiDomain
import LuoshiStorage

extension UseCaseContext {
    /// The same actor, for a record a checked action makes on its behalf (a resolution's task, an
    /// instruction's task): the action's own rule has already admitted the caller.
    var onBehalf: UseCaseContext {
        var context = self
        context.performer.caller = nil
        return context
    }
}

public struct InspectionDraft: Sendable {
    public var day: Day
    public var leaderID: UUID
    public var keyObjectID: UUID?
    public var place: String
    public var inspectors: String
    public var summary: String
    public var hearings: [InspectionHearing]
    public var resolutions: [OnSiteResolution]
    public var criticisms: [Criticism]
    public var photos: [AttachmentUpload]

    public init(day: Day, leaderID: UUID, keyObjectID: UUID? = nil, place: String = "", inspectors: String = "", summary: String = "",
                hearings: [InspectionHearing] = [], resolutions: [OnSiteResolution] = [], criticisms: [Criticism] = [],
                photos: [AttachmentUpload] = []) {
        self.day = day; self.leaderID = leaderID; self.keyObjectID = keyObjectID; self.place = place; self.inspectors = inspectors
        self.summary = summary; self.hearings = hearings; self.resolutions = resolutions; self.criticisms = criticisms; self.photos = photos
    }
}

/// Records an inspection with everything it found, in one transaction: each matter settled on the
/// spot becomes a key task of its unit (tier 区委推动, due by its deadline), each criticism goes on
/// the unit's or person's record, the photos are kept.
public func recordInspection(_ draft: InspectionDraft, context: UseCaseContext) async throws -> InspectionRecord {
    try context.performer.caller?.requireSupervise()
    let place = draft.place.trimmingCharacters(in: .whitespacesAndNewlines)
    let inspectors = draft.inspectors.trimmingCharacters(in: .whitespacesAndNewlines)
    let summary = draft.summary.trimmingCharacters(in: .whitespacesAndNewlines)
    if draft.keyObjectID == nil { try FieldRules.text(place, field: .fieldSite, maxLength: 200) }
    if !inspectors.isEmpty { try FieldRules.text(inspectors, field: .fieldInspectors, maxLength: 500) }
    if !summary.isEmpty { try FieldRules.prose(summary, field: .fieldSummary, maxLength: 8000) }
    for hearing in draft.hearings {
        for (text, field) in [(hearing.progress, L10nKey.fieldHearingProgress), (hearing.problems, .fieldProblems), (hearing.nextSteps, .fieldNextSteps)]
        where !text.isEmpty { try FieldRules.prose(text, field: field, maxLength: 2000) }
    }
    for resolution in draft.resolutions { try InspectionRules.check(resolution: resolution, day: draft.day) }
    for criticism in draft.criticisms { try InspectionRules.check(criticism: criticism) }
    let photos = try draft.photos.map { upload throws(RuleViolation) in
        let (name, type) = try AttachmentRules.check(upload)
        guard type == "image/jpeg" || type == "image/png" else {
            throw RuleViolation(.attachmentRefused, limit: AttachmentRules.maxBytes / 1024 / 1024, value: name)
        }
        return (name, type, upload.data)
    }
    return try await context.store.write { tx in
        guard let leader = try await tx.person(id: draft.leaderID), leader.rank == .districtLeader else {
            throw RuleViolation(.personNotLeader, field: .fieldInspectionLeader)
        }
        var site = place
        if let keyObjectID = draft.keyObjectID {
            guard let object = try await tx.keyObject(id: keyObjectID) else { throw RuleViolation(.fieldInvalidChoice, field: .fieldKeyObject) }
            if site.isEmpty { site = object.name }
        }
        let inspection = Inspection(id: UUID(), day: draft.day, leaderID: draft.leaderID, keyObjectID: draft.keyObjectID, place: site,
                                    inspectors: inspectors, summary: summary, recordedBy: context.performer.name)
        var resolutions: [OnSiteResolution] = []
        for resolution in draft.resolutions {
            guard try await tx.unit(id: resolution.unitID) != nil else { throw RuleViolation(.fieldInvalidChoice, field: .fieldResponsibleUnit) }
            let text = resolution.text.trimmingCharacters(in: .whitespacesAndNewlines)
            let task = try await createTask(TaskDraft(year: draft.day.year, title: text, tier: .pushed,
                                                      requirements: Catalogue.for(.zhHans).format(.inspectionResolutionOrigin,
                                                                                                   ["day": draft.day.description, "site": site]),
                                                      start: draft.day, deadline: resolution.deadline, leadLeaderID: draft.leaderID,
                                                      responsibleUnitID: resolution.unitID),
                                            in: tx, context: context.onBehalf)
            resolutions.append(OnSiteResolution(text: text, unitID: resolution.unitID, deadline: resolution.deadline, taskID: task.id))
            try await Notify.unit(resolution.unitID, roles: [.unitHead], kind: .instruction,
                                  text: InboxText(.notifyTextResolution, ["site": site, "task": text,
                                                                                             "deadline": resolution.deadline.description]),
                                  link: "/tasks/\(task.id.uuidString.lowercased())", in: tx, context: context)
        }
        for hearing in draft.hearings where try await tx.unit(id: hearing.unitID) == nil {
            throw RuleViolation(.fieldInvalidChoice, field: .fieldUnit)
        }
        var criticisms: [Criticism] = []
        for criticism in draft.criticisms {
            if let unitID = criticism.unitID, try await tx.unit(id: unitID) == nil { throw RuleViolation(.fieldInvalidChoice, field: .fieldCriticised) }
            if let personID = criticism.personID, try await tx.person(id: personID) == nil { throw RuleViolation(.personMissing, field: .fieldCriticised) }
            criticisms.append(Criticism(unitID: criticism.unitID, personID: criticism.personID,
                                        reason: criticism.reason.trimmingCharacters(in: .whitespacesAndNewlines), day: draft.day,
                                        inspectionID: inspection.id))
        }
        let record = InspectionRecord(inspection: inspection, hearings: draft.hearings, resolutions: resolutions, criticisms: criticisms, photos: [])
        try await tx.insert(record)
        var infos: [AttachmentInfo] = []
        for (name, type, data) in photos {
            let info = AttachmentInfo(id: UUID(), reportID: inspection.id, fileName: name, mediaType: type, byteCount: data.count)
            try await tx.insert(photo: AttachmentFile(info: info, content: data), inspectionID: inspection.id)
            infos.append(info)
        }
        try await tx.record(.create, kind: .inspection, id: inspection.id.uuidString, before: nil as InspectionSnapshot?,
                            after: InspectionSnapshot(record, photos: infos.map(\.fileName)), in: context)
        for criticism in criticisms {
            try await tx.record(.create, kind: .criticism, id: criticism.id.uuidString, before: nil as Criticism?, after: criticism, in: context)
        }
        var saved = record
        saved.photos = infos
        return saved
    }
}

/// What the trail keeps of an inspection (the photos by name, not their bytes).
struct InspectionSnapshot: Encodable {
    var inspection: Inspection
    var hearings: [InspectionHearing]
    var resolutions: [OnSiteResolution]
    var criticisms: Int
    var photos: [String]

    init(_ record: InspectionRecord, photos: [String]) {
        inspection = record.inspection; hearings = record.hearings; resolutions = record.resolutions
        criticisms = record.criticisms.count; self.photos = photos
    }
}

// MARK: Bulletins

/// Starts a bulletin for a period; its figures are computed from the data until it is published.
public func createBulletin(periodKey: String, title: String, context: UseCaseContext) async throws -> Bulletin {
    try context.performer.caller?.requireSupervise()
    guard let period = ReportPeriod(key: periodKey.trimmingCharacters(in: .whitespaces)) else {
        throw RuleViolation(.reportPeriodInvalid, field: .fieldReportPeriod)
    }
    let typed = title.trimmingCharacters(in: .whitespacesAndNewlines)
    let title = typed.isEmpty ? Catalogue.for(.zhHans).format(.bulletinDefaultTitle, ["period": period.label(Catalogue.for(.zhHans))]) : typed
    try FieldRules.text(title, field: .fieldBulletinTitle, maxLength: 200)
    return try await context.store.write { tx in
        let year = period.start.year
        try await tx.serialise(on: "bulletin-code-\(year)")
        let bulletin = Bulletin(id: UUID(), code: String(format: "TB-%04d-%02d", year, try await tx.bulletinCount(year: year) + 1),
                                periodKey: period.key, title: title)
        try await tx.insert(bulletin)
        try await tx.record(.create, kind: .bulletin, id: bulletin.id.uuidString, before: nil as Bulletin?, after: bulletin, in: context)
        return bulletin
    }
}

/// Edits a draft bulletin's words; a published one is frozen.
public func updateBulletin(id: UUID, title: String, intro: String, praise: String, criticism: String,
                           context: UseCaseContext) async throws -> Bulletin {
    try context.performer.caller?.requireSupervise()
    let title = title.trimmingCharacters(in: .whitespacesAndNewlines)
    try FieldRules.text(title, field: .fieldBulletinTitle, maxLength: 200)
    let texts = [intro, praise, criticism].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    for (text, field) in zip(texts, [L10nKey.fieldIntro, .fieldPraise, .fieldCriticismText]) where !text.isEmpty {
        try FieldRules.prose(text, field: field, maxLength: 8000)
    }
    return try await context.store.write { tx in
        guard let before = try await tx.bulletin(id: id) else { throw RuleViolation(.recordNotFound) }
        guard before.state == .draft else { throw RuleViolation(.bulletinFrozen) }
        var after = before
        after.title = title; after.intro = texts[0]; after.praise = texts[1]; after.criticism = texts[2]
        guard after != before else { return before }
        try await tx.update(after)
        try await tx.record(.update, kind: .bulletin, id: id.uuidString, before: before, after: after, in: context)
        return after
    }
}

/// Publishes a bulletin: its figures are computed once more and kept as they are; it changes no more.
public func publishBulletin(id: UUID, context: UseCaseContext) async throws -> Bulletin {
    try context.performer.caller?.requireSupervise()
    return try await context.store.write { tx in
        guard let before = try await tx.bulletin(id: id) else { throw RuleViolation(.recordNotFound) }
        guard before.state == .draft, let period = ReportPeriod(key: before.periodKey) else { throw RuleViolation(.bulletinFrozen) }
        var after = before
        after.state = .published
        after.publishedOn = context.today
        after.figures = try await tx.bulletinFigures(period: period, today: context.today)
        try await tx.update(after)
        try await tx.record(.update, kind: .bulletin, id: id.uuidString, before: before, after: after, in: context)
        return after
    }
}

// MARK: Dispatch meetings

/// Fills a dispatch meeting's agenda from what is due: red key tasks, open key tasks of the tier
/// whose rhythm the meeting's series keeps, and tasks with urge notices unanswered past their date;
/// each once, at most `limit`, none already on the agenda.
public func generateDispatchAgenda(meetingID: UUID, limit: Int = 30, context: UseCaseContext) async throws -> [AgendaItem] {
    try await context.store.write { tx in
        guard let meeting = try await tx.meeting(id: meetingID) else { throw RuleViolation(.recordNotFound) }
        try context.performer.caller?.requireRunMeeting(chairID: meeting.chairID)
        guard let seriesID = meeting.seriesID, let series = try await tx.meetingSeries(id: seriesID) else {
            throw RuleViolation(.meetingNotInSeries)
        }
        let existing = try await tx.agendaItems(meetingID: meetingID)
        let taken = Set(existing.compactMap(\.taskID))
        let tier = Tier.allCases.first { $0.defaultRhythm == series.rhythm } ?? .pushed
        let candidates = try await tx.dispatchCandidates(year: meeting.day.year, tier: tier, today: context.today, limit: limit * 2)
        var order = existing.map(\.order).max() ?? 0
        var added: [AgendaItem] = []
        let catalogue = Catalogue.for(.zhHans)
        for candidate in candidates where !taken.contains(candidate.id) && added.count < limit {
            order += 1
            let reason = catalogue[candidate.cause.labelKey] + "：" + candidate.verdict.explanation(catalogue)
            let item = AgendaItem(id: UUID(), meetingID: meetingID, order: order, kind: .report, decisionID: nil,
                                  title: String("\(candidate.code) \(candidate.title)（\(reason)）".prefix(200)), taskID: candidate.id)
            try await tx.insert(item)
            try await tx.record(.create, kind: .agendaItem, id: item.id.uuidString, before: nil as AgendaItem?, after: item, in: context)
            added.append(item)
        }
        return added
    }
}

/// Records what a dispatch item heard and the chair's instruction (批示); the instruction may
/// become a sub-task of the item's task for a unit, due by `deadline`.
public func recordInstruction(itemID: UUID, reportHeard: String, instruction: String, taskUnitID: UUID?, deadline: Day?,
                              context: UseCaseContext) async throws -> AgendaItem {
    let heard = reportHeard.trimmingCharacters(in: .whitespacesAndNewlines)
    let instruction = instruction.trimmingCharacters(in: .whitespacesAndNewlines)
    if !heard.isEmpty { try FieldRules.prose(heard, field: .fieldReportHeard, maxLength: 4000) }
    try FieldRules.prose(instruction, field: .fieldInstruction, maxLength: 2000)
    return try await context.store.write { tx in
        guard let before = try await tx.agendaItem(id: itemID), let meeting = try await tx.meeting(id: before.meetingID) else {
            throw RuleViolation(.recordNotFound)
        }
        try context.performer.caller?.requireRecordOutcome(chairID: meeting.chairID)
        guard before.kind == .report, before.outcome == .pending || before.outcome == .heard else { throw RuleViolation(.meetingItemSettled) }
        var after = before
        after.note = heard.isEmpty ? before.note : heard
        after.instruction = instruction
        after.outcome = .heard
        if let taskUnitID, before.instructionTaskID == nil {
            guard let deadline else { throw RuleViolation(.fieldRequired, field: .fieldDeadline) }
            var draft = TaskDraft(year: meeting.day.year, title: String(instruction.prefix(200)), tier: .pushed,
                                  requirements: Catalogue.for(.zhHans).format(.instructionOrigin, ["meeting": meeting.title, "day": meeting.day.description]),
                                  start: meeting.day, deadline: deadline, leadLeaderID: meeting.chairID, responsibleUnitID: taskUnitID)
            if let parentID = before.taskID, let parent = try await tx.task(id: parentID), parent.status.isOpen,
               deadline <= parent.deadline, try await tx.unit(id: taskUnitID).map({ unit in true }) == true {
                draft.parentID = parentID; draft.tier = parent.tier; draft.leadLeaderID = parent.leadLeaderID
            }
            let task = try await createTask(draft, in: tx, context: context.onBehalf)
            after.instructionTaskID = task.id
            try await Notify.unit(taskUnitID, roles: [.unitHead], kind: .instruction,
                                  text: InboxText(.notifyTextInstruction, ["meeting": meeting.title, "task": task.title,
                                                                                              "deadline": deadline.description]),
                                  link: "/tasks/\(task.id.uuidString.lowercased())", in: tx, context: context)
        }
        try await tx.update(after)
        try await tx.record(.update, kind: .agendaItem, id: itemID.uuidString, before: before, after: after, in: context)
        return after
    }
}
