// The audit trail told in words (issue 8): which field changed, from what to what, with names
// for ids and labels for codes, in the reader's language ("进度 65 → 100；状态 推进中 → 已完成").
// The stored events keep their canonical JSON, which `luoshi audit verify` hashes; only the
// reading changes here.
import Foundation
import LuoshiDomain
import LuoshiStorage
import LuoshiUseCases
import Plot

enum AuditNarrative {
    /// One event in words: the record it concerns (with a link when it has a page) and its changes.
    struct Story {
        var recordLabel: String
        var recordPath: String?
        /// "进度 65 → 100" for an update; "字段：值" for what a creation set.
        var lines: [String]
    }

    /// The names every id in these events stands for, read once for the whole page.
    static func names(for events: [AuditEvent], store: Store) async throws -> [UUID: RecordName] {
        var ids: Set<UUID> = []
        func collect(_ value: Any) {
            if let text = value as? String, text.count == 36, let id = UUID(uuidString: text) { ids.insert(id) }
            if let list = value as? [Any] { list.forEach(collect) }
            if let object = value as? [String: Any] { object.values.forEach(collect) }
        }
        for event in events {
            if let id = UUID(uuidString: event.content.recordID) { ids.insert(id) }
            for snapshot in [event.content.before, event.content.after] {
                for (key, value) in object(snapshot) where key != "id" && key != "path" { collect(value) }
            }
        }
        return try await store.recordNames(ids: ids)
    }

    /// `lines: false` names the record only (a task's history shows a sub-task's creation by its name).
    static func story(_ event: AuditEvent, names: [UUID: RecordName], context: PageContext, lines wanted: Bool = true) -> Story {
        let content = event.content
        let kind = RecordKind(rawValue: content.recordKind)
        let before = flattened(object(content.before)), after = flattened(object(content.after))
        let id = UUID(uuidString: content.recordID)
        // The record by its name now, else by what its snapshot called it; a daily job by its name.
        let job = ((after.isEmpty ? before : after)["job"] as? String).flatMap(jobLabel)
        let period = kind == .periodLock ? ReportPeriod(key: content.recordID)?.label(context.catalogue) : nil
        let shown = after.isEmpty ? before : after
        // A run by its year and group.
        let run = kind == .assessmentRun ? (shown["group"] as? String).flatMap(AssessmentGroup.init(rawValue:))
            .map { context.catalogue.format(.runTitle, ["year": "\((shown["year"] as? NSNumber)?.intValue ?? 0)", "group": context[$0.labelKey]]) } : nil
        // A reading by its indicator.
        let reading = kind == .reading ? (shown["indicatorID"] as? String).flatMap(UUID.init(uuidString:)).flatMap { names[$0]?.label } : nil
        let label = id.flatMap { names[$0]?.label } ?? job.map { context[$0] } ?? period ?? run ?? reading ?? snapshotLabel(shown)
            ?? context[.auditUnknownRecord]
        let reportTask = ((after.isEmpty ? before : after)["taskID"] as? String).flatMap(UUID.init(uuidString:))
        let path: String? = switch (kind, id) {
        case (.report?, _): reportTask.map { SitePath.task.with($0) + "#reports" }
        case (.urgeNotice?, let id?): SitePath.notice.with(id)
        case (.inspection?, let id?): SitePath.inspection.with(id)
        case (.bulletin?, let id?): SitePath.bulletin.with(id)
        case (.task?, let id?): SitePath.task.with(id)
        case (.person?, let id?): SitePath.person.with(id)
        case (.unit?, let id?): SitePath.unit.with(id)
        case (.indicator?, let id?): SitePath.indicator.with(id)
        case (.keyObject?, let id?): SitePath.keyObject.with(id)
        case (.decision?, let id?): SitePath.decision.with(id)
        case (.meeting?, let id?): SitePath.meeting.with(id)
        case (.observationEvent?, let id?), (.observationSheet?, let id?): SitePath.observation.with(id)
        case (.assessmentScheme?, let id?): SitePath.assessmentScheme.with(id)
        case (.assessmentRun?, let id?): SitePath.assessmentRun.with(id)
        case (.consequence?, _), (.bonus?, _): SitePath.consequences.rawValue
        default: nil
        }
        var lines: [String] = []
        guard wanted else { return Story(recordLabel: label, recordPath: path, lines: []) }
        // A consequence's run is the page it was applied from, not a field of it.
        let keys = Set(before.keys).union(after.keys).subtracting(["id", "path", "job", "runID"]).sorted { order($0) < order($1) }
        if !before.isEmpty && !after.isEmpty {
            // A change of one part of a record (a member's attendance) names the part first.
            if let part = after["personID"], same(before["personID"], part), kind == .meeting || kind == .vote {
                lines.append("\(fieldLabel("personID", kind: kind, context: context))：\(value(part, key: "personID", kind: kind, names: names, context: context))")
            }
            for key in keys where !same(before[key], after[key]) {
                lines.append("\(fieldLabel(key, kind: kind, context: context)) \(value(before[key], key: key, kind: kind, names: names, context: context))"
                             + " → \(value(after[key], key: key, kind: kind, names: names, context: context))")
            }
        } else {
            for key in keys {
                let shown = value(after[key] ?? before[key], key: key, kind: kind, names: names, context: context)
                guard shown != context[.none] else { continue }
                lines.append("\(fieldLabel(key, kind: kind, context: context))：\(shown)")
            }
        }
        return Story(recordLabel: label, recordPath: path, lines: lines)
    }

    /// The changes of an update on one line, joined as a reader would write them.
    static func summary(_ story: Story) -> String { story.lines.joined(separator: "；") }

    // MARK: - Reading snapshots

    private static func object(_ text: String?) -> [String: Any] {
        guard let text, let data = text.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return object
    }

    /// Values parsed from JSON are Foundation objects: their own equality compares them deeply.
    private static func same(_ a: Any?, _ b: Any?) -> Bool {
        let a = a.flatMap { $0 is NSNull ? nil : $0 }, b = b.flatMap { $0 is NSNull ? nil : $0 }
        switch (a, b) {
        case (nil, nil): return true
        case let (a?, b?): return equal(a, b)
        default: return false
        }
    }

    private static func equal(_ a: Any, _ b: Any) -> Bool {
        switch (a, b) {
        case let (a as String, b as String): return a == b
        case let (a as [Any], b as [Any]): return a.count == b.count && zip(a, b).allSatisfy { equal($0, $1) }
        case let (a as [String: Any], b as [String: Any]):
            return a.count == b.count && a.allSatisfy { key, value in b[key].map { equal(value, $0) } ?? false }
        case let (a as NSNumber, b as NSNumber): return a == b
        default: return "\(a)" == "\(b)"
        }
    }

    /// An inspection's trail keeps the inspection beside its parts: read its fields as the record's own.
    private static func flattened(_ object: [String: Any]) -> [String: Any] {
        guard let inner = object["inspection"] as? [String: Any] else { return object }
        var flat = object
        flat["inspection"] = nil
        for (key, value) in inner { flat[key] = value }
        return flat
    }

    private static func jobLabel(_ job: String) -> L10nKey? {
        switch job {
        case "lights": .jobLights
        case "reminders": .jobReminders
        case "digest": .jobDigest
        default: nil
        }
    }

    private static func snapshotLabel(_ object: [String: Any]) -> String? {
        let name = (object["title"] ?? object["name"] ?? object["displayName"] ?? object["subject"] ?? object["reason"]) as? String
        let code = (object["code"] ?? object["username"]) as? String
        switch (code, name) {
        case let (code?, name?): return "\(code) \(name)"
        case let (nil, name?): return name
        case let (code?, nil): return code
        default: return nil
        }
    }

    /// Fields in the order a reader expects: what it is, then who and when, then the rest.
    private static let fieldOrder = ["code", "title", "name", "displayName", "username", "status", "progress", "value", "asOf",
                                     "responsibleUnitID", "cooperatingUnitIDs", "assigneeID", "leadLeaderID", "contractedLeaderID",
                                     "unitID", "ownerUnitID", "scopeUnitID", "parentID", "start", "deadline"]

    private static func order(_ key: String) -> (Int, String) { (fieldOrder.firstIndex(of: key) ?? fieldOrder.count, key) }

    static func fieldLabel(_ key: String, kind: RecordKind?, context: PageContext) -> String {
        let labelKey: L10nKey? = switch key {
        case "code": .fieldCode
        case "title": kind == .task ? .fieldTitle : .fieldSubject
        case "name": .fieldName
        case "kind": .fieldKind
        case "assessmentGroup": .fieldAssessmentGroup
        case "parentID": kind == .task ? .fieldParentTask : .fieldParent
        case "sortOrder": .fieldSortOrder
        case "position": .fieldPosition
        case "rank": .fieldRank
        case "unitID": .fieldUnit
        case "phone": .fieldPhone
        case "username": .fieldUsername
        case "displayName": .fieldDisplayName
        case "role": .fieldRole
        case "scopeUnitID": .fieldScopeUnit
        case "personID": kind == .vote || kind == .meeting ? .meetingMember : .fieldPerson
        case "language": .fieldLanguage
        case "isDisabled": .auditFieldDisabled
        case "readsEverything": .fieldReadsEverything
        case "overseenUnitIDs": .fieldOverseenUnits
        case "year": .fieldYear
        case "areaID": .fieldArea
        case "tier": .fieldTier
        case "target": kind == .indicator ? .fieldTargetValue : .fieldTarget
        case "requirements": .fieldRequirements
        case "start": .fieldStart
        case "deadline": .fieldDeadline
        case "milestones": .fieldMilestones
        case "leadLeaderID": .fieldLeadLeader
        case "responsibleUnitID": .fieldResponsibleUnit
        case "cooperatingUnitIDs": .fieldCooperatingUnits
        case "assigneeID": .fieldAssignee
        case "weight": .fieldWeight
        case "progress": .fieldProgress
        case "status": kind == .task ? .fieldStatus2 : .fieldStatus
        case "cancelReason": .fieldCancelReason
        case "rhythmOverride": .fieldRhythm
        case "rhythm": kind == .meetingSeries ? .fieldMeetingRhythm : .fieldRhythm
        case "decisionID": .fieldDecision
        case "content": .fieldDecisionContent
        case "basis": .fieldDecisionBasis
        case "proposerID": .fieldProposer
        case "responsibleLeaderID": .fieldResponsibleLeader
        case "state": kind == .decision ? .fieldDecisionState : .fieldStatus
        case "resolution": .fieldResolution
        case "advisorName": .fieldAdvisorName
        case "advisorField": .fieldAdvisorField
        case "stance": .fieldStance
        case "text": kind == .urgeNotice ? .fieldNoticeText : kind == .agendaItem ? .fieldSubject : .fieldOpinionText
        case "day": .fieldDay
        case "startTime": .fieldStartTime
        case "place": .fieldPlace
        case "chairID": .fieldChair
        case "members": .fieldMembers
        case "minutes": .fieldMinutes
        case "attendance": .fieldAttendance
        case "leaveReason": .fieldLeaveReason
        case "outcome": .fieldOutcome
        case "note": .fieldResolution
        case "choice": .fieldVote
        case "meetingID": .recordKindMeeting
        case "seriesID": .fieldSeries
        case "measure": .fieldMeasure
        case "direction": .fieldDirection
        case "period": .fieldPeriod
        case "baseline": .fieldBaseline
        case "ownerUnitID", "ownerPersonID": .fieldOwner
        case "rollUp": .fieldRollUp
        case "completionCap": .fieldCompletionCap
        case "value": .fieldValue
        case "asOf": .fieldAsOf
        case "comment": .fieldComment
        case "evidence": .fieldEvidence
        case "recordedBy": .auditFieldRecordedBy
        case "contractedLeaderID": .fieldContractedLeader
        case "delegatedPowers": .fieldDelegatedPowers
        case "investmentTotal": .fieldInvestmentTotal
        case "plannedInvestment": .fieldPlannedInvestment
        case "completion": .fieldCompletionDate
        case "location": .fieldLocation
        case "taskIDs": .navTasks
        case "itemID": .recordKindAgendaItem
        case "carriedFromID": .fieldCarriedFrom
        case "memberIDs": .fieldMembers
        case "order": .fieldSortOrder
        case "indicatorIDs", "indicatorID": .navIndicators
        // Supervision (issue 10).
        case "taskID": .recordKindTask
        case "periodKey": .fieldReportPeriod
        case "situation": .fieldSituation
        case "problems": .fieldProblems
        case "nextSteps": .fieldNextSteps
        case "result": .fieldResult
        case "delayReason": .fieldDelayReason
        case "remedy": .fieldRemedy
        case "committedDay": .fieldCommittedDay
        case "accountablePersonID": .fieldAccountablePerson
        case "authorPersonID", "authorName": .auditFieldAuthor
        case "reportedOn": .auditFieldReportedOn
        case "late": .auditFieldLate
        case "reviewerName": .reportReviewer
        case "reviewComment": .fieldReviewComment
        case "grade": .fieldGrade
        case "issuedOn": .auditFieldIssuedOn
        case "issuedBy": .noticeIssuedBy
        case "replyBy": .fieldReplyBy
        case "deduction": .fieldDeduction
        case "reply": .fieldReply
        case "repliedOn": .auditFieldRepliedOn
        case "repliedBy": .noticeRepliedBy
        case "raisedFromID": .auditFieldRaisedFrom
        case "reportID": .recordKindReport
        case "noticeID": .recordKindUrgeNotice
        case "problem": .fieldProblems
        case "openedOn": .auditFieldOpenedOn
        case "concluded": .auditFieldConcluded
        case "conclusion": .fieldConclusion
        case "concludedOn": .auditFieldConcludedOn
        case "awaitingClosure": .auditFieldAwaitingClosure
        case "verified": .auditFieldVerified
        case "reason": kind == .criticism ? .fieldCriticismReason : kind == .consequence ? .consequenceReason
            : kind == .bonus ? .fieldBonusReason : .fieldUnlockReason
        case "intro": .fieldIntro
        case "praise": .fieldPraise
        case "criticism": .fieldCriticismText
        case "criticisms": .inspectionCriticisms
        case "publishedOn": .auditFieldPublishedOn
        case "figures": .auditFieldFigures
        case "leaderID": .fieldInspectionLeader
        case "keyObjectID": .fieldKeyObject
        case "inspectors": .fieldInspectors
        case "summary": .fieldSummary
        case "hearings": .inspectionHearings
        case "resolutions": .inspectionResolutions
        case "photos": .fieldPhotos
        case "inspectionID": .recordKindInspection
        case "instruction": .fieldInstruction
        case "instructionTaskID": .auditFieldInstructionTask
        case "tasks": .auditFieldTasksRead
        case "changed": .auditFieldLightsChanged
        case "reminders": .auditFieldReminders
        case "people": .auditFieldPeople
        case "entries": .auditFieldEntries
        case "allRead": .auditFieldAllRead
        // Incentives (issue 11).
        case "criteria": .fieldCriteria
        case "unitIDs": .fieldUnits
        case "raterIDs": .fieldRaters
        case "dropsExtremes": .observationRule
        case "group": .fieldAssessmentGroup
        case "version", "schemeVersion": .schemeVersion
        case "items": .schemeItems
        case "grading": .fieldGradeFloors
        case "createdOn", "recordedOn": .auditFieldRecordedOn
        case "createdBy": .auditFieldRecordedBy
        case "schemeID": .recordKindAssessmentScheme
        case "computedOn": .runComputedOn
        case "unitCount": .runUnits
        case "points": .fieldPoints
        case "subject": .consequenceSubject
        case "figure": .consequenceFigure
        case "inForceUntil": .consequenceInForce
        case "runID": .recordKindAssessmentRun
        case "eventID": .recordKindObservationEvent
        case "scores": .observationMySheet
        default: nil
        }
        return labelKey.map { context[$0] } ?? context[.auditFieldOther]
    }

    static func value(_ raw: Any?, key: String, kind: RecordKind?, names: [UUID: RecordName], context: PageContext) -> String {
        guard let raw, !(raw is NSNull) else { return context[.none] }
        if let list = raw as? [Any] {
            if list.isEmpty { return context[.none] }
            if key == "members" {
                return list.compactMap { $0 as? [String: Any] }.map { member in
                    let name = (member["personID"] as? String).flatMap(UUID.init(uuidString:)).flatMap { names[$0]?.label } ?? context[.auditUnknownRecord]
                    let attendance = (member["attendance"] as? String).flatMap(Attendance.init(rawValue:)).map { context[$0.labelKey] } ?? ""
                    return attendance.isEmpty ? name : "\(name)（\(attendance)）"
                }.joined(separator: "、")
            }
            if key == "milestones" {
                return list.compactMap { $0 as? [String: Any] }
                    .map { "\($0["date"] as? String ?? "") \($0["target"] as? String ?? "")" }.joined(separator: "；")
            }
            if key == "items" || key == "criteria" || key == "scores" {
                // A scheme's items and an event's criteria by name and points; a sheet's scores by unit.
                return list.compactMap { $0 as? [String: Any] }.map { part in
                    if let score = part["score"] as? NSNumber {
                        let unit = (part["unitID"] as? String).flatMap(UUID.init(uuidString:)).flatMap { names[$0]?.label } ?? ""
                        return "\(unit) #\(((part["criterion"] as? NSNumber)?.intValue ?? 0) + 1) \(Numbers.grouped(score.doubleValue))"
                    }
                    let figure = (part["points"] as? NSNumber ?? part["weight"] as? NSNumber).map { Numbers.grouped($0.doubleValue) } ?? ""
                    return "\(part["key"] as? String ?? "") \(part["name"] as? String ?? "")（\(figure)）".trimmingCharacters(in: .whitespaces)
                }.joined(separator: "；")
            }
            if key == "hearings" || key == "resolutions" {
                // A unit heard (by name), or a matter settled (its words, its unit, its date).
                return list.compactMap { $0 as? [String: Any] }.map { part in
                    let unit = (part["unitID"] as? String).flatMap(UUID.init(uuidString:)).flatMap { names[$0]?.label } ?? ""
                    guard let text = part["text"] as? String else { return unit }
                    return "\(text)（\(unit) \(part["deadline"] as? String ?? "")）"
                }.joined(separator: "；")
            }
            return list.map { value($0, key: key, kind: kind, names: names, context: context) }.joined(separator: "、")
        }
        if key == "grading", let grading = raw as? [String: Any] {
            func number(_ name: String) -> String { Numbers.grouped((grading[name] as? NSNumber)?.doubleValue ?? 0) }
            return context.catalogue.format(.schemeGrading, ["quota": Numbers.grouped(((grading["excellenceQuota"] as? NSNumber)?.doubleValue ?? 0) * 100) + "%",
                                                              "excellent": number("excellentMin"), "good": number("goodMin"), "fair": number("fairMin"),
                                                              "criticisms": number("criticismsForRecommendation")])
        }
        if key == "figures", let figures = raw as? [String: Any] {
            return context.catalogue.format(.auditBulletinFigures, ["units": String((figures["units"] as? [Any])?.count ?? 0),
                                                                     "red": String((figures["redList"] as? [Any])?.count ?? 0),
                                                                     "late": String((figures["lateReporters"] as? [Any])?.count ?? 0)])
        }
        if raw is [String: Any] { return context[.auditFieldOther] }
        if let flag = raw as? Bool, booleanKeys.contains(key) { return context[flag ? .yes : .no] }
        if let number = raw as? NSNumber {
            return key == "progress" ? "\(number)%" : key == "year" || key == "version" || key == "schemeVersion" ? "\(number.intValue)" : Numbers.grouped(number.doubleValue)
        }
        guard let text = raw as? String else { return "\(raw)" }
        if text.isEmpty { return context[.none] }
        if text.count == 36, let id = UUID(uuidString: text) { return names[id]?.label ?? context[.auditUnknownRecord] }
        if key == "periodKey", let period = ReportPeriod(key: text) { return period.label(context.catalogue) }
        if let label = enumLabel(key: key, kind: kind, text: text) { return context[label] }
        return text
    }

    private static let booleanKeys: Set<String> = ["isDisabled", "readsEverything", "late", "concluded", "awaitingClosure", "verified",
                                                    "allRead", "dropsExtremes"]

    private static func enumLabel(key: String, kind: RecordKind?, text: String) -> L10nKey? {
        switch key {
        case "grade": NoticeGrade(rawValue: text)?.labelKey
        case "status": TaskStatus(rawValue: text)?.labelKey
        case "tier": Tier(rawValue: text)?.labelKey
        case "rhythmOverride": ReportingRhythm(rawValue: text)?.labelKey
        case "rank": PersonRank(rawValue: text)?.labelKey
        case "role": Role(rawValue: text)?.labelKey
        case "assessmentGroup": AssessmentGroup(rawValue: text)?.labelKey
        case "measure": MeasureUnit(rawValue: text)?.labelKey
        case "direction": Direction(rawValue: text)?.labelKey
        case "rollUp": RollUp(rawValue: text)?.labelKey
        case "language": Language(rawValue: text)?.labelKey
        case "kind":
            switch kind {
            case .keyObject?: KeyObjectKind(rawValue: text)?.labelKey
            case .decision?: DecisionKind(rawValue: text)?.labelKey
            case .meeting?, .meetingSeries?: MeetingKind(rawValue: text)?.labelKey
            case .agendaItem?: AgendaItemKind(rawValue: text)?.labelKey
            case .report?: ReportKind(rawValue: text)?.labelKey
            case .urgeNotice?: NoticeKind(rawValue: text)?.labelKey
            case .consequence?: ConsequenceKind(rawValue: text)?.labelKey
            default: UnitKind(rawValue: text)?.labelKey
            }
        case "state":
            switch kind {
            case .report?: ReportState(rawValue: text)?.labelKey
            case .urgeNotice?: NoticeState(rawValue: text)?.labelKey
            case .bulletin?: BulletinState(rawValue: text)?.labelKey
            case .observationEvent?: ObservationState(rawValue: text)?.labelKey
            case .assessmentRun?: RunState(rawValue: text)?.labelKey
            default: DecisionState(rawValue: text)?.labelKey
            }
        case "periodKey": nil
        case "stance": Stance(rawValue: text)?.labelKey
        case "attendance": Attendance(rawValue: text)?.labelKey
        case "outcome": AgendaOutcome(rawValue: text)?.labelKey
        case "choice": VoteChoice(rawValue: text)?.labelKey
        case "rhythm": ReportingRhythm(rawValue: text)?.labelKey
        case "group": AssessmentGroup(rawValue: text)?.labelKey
        case "reason" where kind == .consequence: ConsequenceReason(rawValue: text)?.shortLabelKey
        default: nil
        }
    }
}
