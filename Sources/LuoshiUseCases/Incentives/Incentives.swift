// Use cases of incentives and constraints (激励约束机制): observation events and their score sheets,
// assessment schemes (each change a new version), bonus points, previewing and publishing runs (a
// published run is frozen and applies the consequences promised in advance), commendations, and
// putting a recommendation to a meeting as a personnel matter. Each writes its audit event.
import Foundation
import LuoshiDomain
import LuoshiStorage

// MARK: Observation events

public struct ObservationDraft: Sendable {
    public var year: Int
    public var title: String
    public var day: Day
    public var criteria: [ObservationCriterion]
    public var unitIDs: [UUID]
    public var raterIDs: [UUID]
    public var dropsExtremes: Bool
    public init(year: Int, title: String, day: Day, criteria: [ObservationCriterion], unitIDs: [UUID], raterIDs: [UUID], dropsExtremes: Bool = true) {
        self.year = year; self.title = title; self.day = day; self.criteria = criteria; self.unitIDs = unitIDs; self.raterIDs = raterIDs
        self.dropsExtremes = dropsExtremes
    }
}

public func createObservationEvent(_ draft: ObservationDraft, context: UseCaseContext) async throws -> ObservationEvent {
    try context.performer.caller?.requireManageAssessment()
    let title = draft.title.trimmingCharacters(in: .whitespacesAndNewlines)
    try FieldRules.text(title, field: .fieldIncentiveTitle, maxLength: 200)
    guard (2000...2100).contains(draft.year) else { throw RuleViolation(.fieldOutOfRange, field: .fieldYear) }
    let criteria = draft.criteria.map { ObservationCriterion(name: $0.name.trimmingCharacters(in: .whitespacesAndNewlines), weight: $0.weight) }
    for criterion in criteria where !criterion.name.isEmpty { try FieldRules.text(criterion.name, field: .fieldCriteria, maxLength: 100) }
    func unique(_ ids: [UUID]) -> [UUID] { var seen = Set<UUID>(); return ids.filter { seen.insert($0).inserted } }
    let event = ObservationEvent(id: UUID(), year: draft.year, title: title, day: draft.day, criteria: criteria, unitIDs: unique(draft.unitIDs),
                                 raterIDs: unique(draft.raterIDs), dropsExtremes: draft.dropsExtremes)
    try ObservationRules.check(event)
    guard event.unitIDs.count <= 500, event.raterIDs.count <= 50 else { throw RuleViolation(.fieldOutOfRange, field: .fieldUnits) }
    let directory = try await context.store.directory()
    guard event.unitIDs.allSatisfy({ directory.byID[$0] != nil }) else { throw RuleViolation(.recordNotFound, field: .fieldUnits) }
    return try await context.store.write { tx in
        for rater in event.raterIDs {
            guard let account = try await tx.account(id: rater), !account.isDisabled else { throw RuleViolation(.recordNotFound, field: .fieldRaters) }
        }
        try await tx.insert(event)
        try await tx.record(.create, kind: .observationEvent, id: event.id.uuidString, before: nil as ObservationEvent?, after: event, in: context)
        return event
    }
}

/// A rater's sheet: their scores of each unit on each criterion; it replaces their earlier sheet.
public func submitObservationSheet(eventID: UUID, scores: [(unitID: UUID, criterion: Int, score: Double)],
                                   context: UseCaseContext) async throws -> [ObservationScore] {
    guard let caller = context.performer.caller else { throw RuleViolation(.observationNotRater) }
    for entry in scores { try ObservationRules.checkScore(entry.score) }
    return try await context.store.write { tx in
        guard let event = try await tx.observationEvent(id: eventID) else { throw RuleViolation(.recordNotFound) }
        try caller.requireScore(event)
        let units = Set(event.unitIDs)
        guard scores.allSatisfy({ units.contains($0.unitID) && event.criteria.indices.contains($0.criterion) }) else {
            throw RuleViolation(.fieldInvalidChoice, field: .fieldUnits)
        }
        var latest: [String: ObservationScore] = [:]
        for entry in scores {
            latest["\(entry.unitID)-\(entry.criterion)"] = ObservationScore(raterID: caller.accountID, unitID: entry.unitID, criterion: entry.criterion, score: entry.score)
        }
        let sheet = latest.values.sorted { ($0.unitID.uuidString, $0.criterion) < ($1.unitID.uuidString, $1.criterion) }
        let before = try await tx.observationScores(eventID: eventID, raterID: caller.accountID)
        try await tx.replaceSheet(eventID: eventID, raterID: caller.accountID, with: sheet)
        struct Sheet: Encodable { var eventID: UUID; var scores: [ObservationScore] }
        try await tx.record(before.isEmpty ? .create : .update, kind: .observationSheet, id: eventID.uuidString,
                            before: before.isEmpty ? nil : Sheet(eventID: eventID, scores: before), after: Sheet(eventID: eventID, scores: sheet), in: context)
        return sheet
    }
}

/// Closes an event: its scores are final and its ranking is read by all and by the assessment.
public func closeObservationEvent(id: UUID, context: UseCaseContext) async throws -> ObservationEvent {
    try context.performer.caller?.requireManageAssessment()
    return try await context.store.write { tx in
        guard let before = try await tx.observationEvent(id: id) else { throw RuleViolation(.recordNotFound) }
        guard before.state == .scoring else { throw RuleViolation(.observationClosed) }
        var after = before
        after.state = .closed
        try await tx.update(after)
        try await tx.record(.update, kind: .observationEvent, id: id.uuidString, before: before, after: after, in: context)
        return after
    }
}

// MARK: Schemes

/// Saves a year's scheme for a group as its next version; earlier versions stay as they were, and
/// runs name the version they used.
public func saveAssessmentScheme(year: Int, group: AssessmentGroup, title: String, items: [AssessmentItem], grading: GradeRule,
                                 context: UseCaseContext) async throws -> AssessmentScheme {
    try context.performer.caller?.requireManageAssessment()
    guard (2000...2100).contains(year) else { throw RuleViolation(.fieldOutOfRange, field: .fieldYear) }
    guard group != .notAssessed else { throw RuleViolation(.fieldInvalidChoice, field: .fieldAssessmentGroup) }
    let title = title.trimmingCharacters(in: .whitespacesAndNewlines)
    try FieldRules.text(title, field: .fieldIncentiveTitle, maxLength: 200)
    guard items.count <= 40 else { throw RuleViolation(.fieldOutOfRange, field: .fieldItemName, limit: 40) }
    let items = items.map { item -> AssessmentItem in
        var item = item
        item.key = item.key.trimmingCharacters(in: .whitespaces); item.name = item.name.trimmingCharacters(in: .whitespacesAndNewlines)
        item.indicatorCode = item.indicatorCode?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        return item
    }
    for item in items { try AssessmentRules.check(item) }
    guard Set(items.map(\.key)).count == items.count else { throw RuleViolation(.fieldInvalidChoice, field: .fieldItemKey) }
    try AssessmentRules.check(grading)
    return try await context.store.write { tx in
        try await tx.serialise(on: "scheme-\(year)-\(group.rawValue)")
        let previous = try await tx.currentScheme(year: year, group: group)
        let scheme = AssessmentScheme(id: UUID(), year: year, group: group, version: (previous?.version ?? 0) + 1, title: title, items: items,
                                      grading: grading, createdOn: context.today, createdBy: context.performer.name)
        if let previous, previous.items == items, previous.grading == grading, previous.title == title { return previous }
        try await tx.insert(scheme)
        try await tx.record(.create, kind: .assessmentScheme, id: scheme.id.uuidString, before: previous, after: scheme, in: context)
        return scheme
    }
}

/// Bonus points for a unit, with their evidence; a run adds them up to its bonus item's points.
public func recordBonus(year: Int, unitID: UUID, points: Double, reason: String, evidence: String, context: UseCaseContext) async throws -> AssessmentBonus {
    try context.performer.caller?.requireManageAssessment()
    guard (2000...2100).contains(year) else { throw RuleViolation(.fieldOutOfRange, field: .fieldYear) }
    guard points.isFinite, points > 0, points <= 100 else { throw RuleViolation(.fieldOutOfRange, field: .fieldPoints, limit: 100) }
    let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines), evidence = evidence.trimmingCharacters(in: .whitespacesAndNewlines)
    try FieldRules.text(reason, field: .fieldBonusReason, maxLength: 200)
    try FieldRules.prose(evidence, field: .fieldEvidence, maxLength: 2000)
    guard try await context.store.directory().byID[unitID] != nil else { throw RuleViolation(.recordNotFound, field: .fieldUnit) }
    let bonus = AssessmentBonus(year: year, unitID: unitID, points: points, reason: reason, evidence: evidence, day: context.today,
                                recordedBy: context.performer.name)
    return try await context.store.write { tx in
        try await tx.insert(bonus)
        try await tx.record(.create, kind: .bonus, id: bonus.id.uuidString, before: nil as AssessmentBonus?, after: bonus, in: context)
        return bonus
    }
}

// MARK: Runs

/// The day a run reads the data as of: today, or the year's last day once the year is over.
public func assessmentDay(year: Int, today: Day) -> Day { min(today, Day(year: year, month: 12, day: 31)!) }

/// Computes a run for a year's group under its current scheme and keeps it as a preview (replacing
/// earlier previews of the same year and group); nothing follows from a preview.
public func previewAssessment(year: Int, group: AssessmentGroup, context: UseCaseContext) async throws -> AssessmentRun {
    try context.performer.caller?.requireManageAssessment()
    guard (2000...2100).contains(year) else { throw RuleViolation(.fieldOutOfRange, field: .fieldYear) }
    guard let scheme = try await context.store.currentScheme(year: year, group: group) else { throw RuleViolation(.assessmentNoScheme) }
    if try await context.store.publishedRun(year: year, group: group) != nil { throw RuleViolation(.assessmentAlreadyPublished) }
    let asOf = assessmentDay(year: year, today: context.today)
    // The facts are read outside the write: a city's group is read in a few statements, then written at once.
    let facts = try await context.store.assessmentFacts(year: year, group: group, asOf: asOf)
    let results = AssessmentRules.results(for: facts, scheme: scheme)
    let run = AssessmentRun(id: UUID(), year: year, group: group, schemeID: scheme.id, schemeVersion: scheme.version, state: .preview,
                            computedOn: asOf, unitCount: results.count)
    return try await context.store.write { tx in
        try await tx.serialise(on: "assessment-\(year)-\(group.rawValue)")
        if try await tx.publishedRun(year: year, group: group) != nil { throw RuleViolation(.assessmentAlreadyPublished) }
        try await tx.deletePreviews(year: year, group: group)
        try await tx.insert(run, results: results)
        try await tx.record(.create, kind: .assessmentRun, id: run.id.uuidString, before: nil as AssessmentRun?, after: run, in: context)
        return run
    }
}

/// Publishes a preview as it stands: frozen from then on, and the consequences its scheme promised
/// are applied, each with its reason (the 225 rule, the four restrictions, recommendations).
public func publishAssessmentRun(id: UUID, context: UseCaseContext) async throws -> (run: AssessmentRun, consequences: [Consequence]) {
    try context.performer.caller?.requireManageAssessment()
    return try await context.store.write { tx in
        guard let before = try await tx.assessmentRun(id: id) else { throw RuleViolation(.recordNotFound) }
        try await tx.serialise(on: "assessment-\(before.year)-\(before.group.rawValue)")
        guard before.state == .preview else { throw RuleViolation(.assessmentRunFrozen) }
        if try await tx.publishedRun(year: before.year, group: before.group) != nil { throw RuleViolation(.assessmentAlreadyPublished) }
        guard let scheme = try await tx.assessmentScheme(id: before.schemeID) else { throw RuleViolation(.assessmentNoScheme) }
        var after = before
        after.state = .published
        after.publishedOn = context.today
        try await tx.update(after)
        try await tx.record(.update, kind: .assessmentRun, id: id.uuidString, before: before, after: after, in: context)
        let results = try await tx.assessmentResults(runID: id)
        let people = try await tx.unitPeople(unitIDs: results.map(\.unitID))
        let yellowLastYear = try await tx.yellowCards(year: before.year - 1)
        let criticisms = try await tx.criticismCounts(year: before.year)
        var applied: [Consequence] = []
        for result in results {
            let input = ConsequenceInput(result: result, heads: people[result.unitID]?.heads ?? [], people: people[result.unitID]?.people ?? [],
                                         yellowCardsLastYear: yellowLastYear[result.unitID] ?? [], criticismCount: criticisms[result.unitID] ?? 0)
            applied += ConsequenceRules.consequences(of: input, scheme: scheme, runID: id, on: context.today)
        }
        for consequence in applied {
            try await tx.insert(consequence)
            try await tx.record(.create, kind: .consequence, id: consequence.id.uuidString, before: nil as Consequence?, after: consequence, in: context)
        }
        return (after, applied)
    }
}

// MARK: Commendations and recommendations

/// Records a commendation (表彰) of a unit or one of its people, with its basis.
public func recordCommendation(year: Int, unitID: UUID, personID: UUID?, title: String, basis: String, context: UseCaseContext) async throws -> Consequence {
    try context.performer.caller?.requireManageAssessment()
    guard (2000...2100).contains(year) else { throw RuleViolation(.fieldOutOfRange, field: .fieldYear) }
    let title = title.trimmingCharacters(in: .whitespacesAndNewlines), basis = basis.trimmingCharacters(in: .whitespacesAndNewlines)
    try FieldRules.text(title, field: .fieldCommendationTitle, maxLength: 200)
    try FieldRules.prose(basis, field: .fieldCommendationBasis, maxLength: 2000)
    guard try await context.store.directory().byID[unitID] != nil else { throw RuleViolation(.recordNotFound, field: .fieldUnit) }
    return try await context.store.write { tx in
        if let personID {
            guard let person = try await tx.person(id: personID) else { throw RuleViolation(.personMissing, field: .fieldPerson) }
            guard person.unitID == unitID else { throw RuleViolation(.taskAssigneeOutsideUnit, field: .fieldPerson) }
        }
        let commendation = Consequence(kind: .commendation, year: year, unitID: unitID, personID: personID, runID: nil, reason: .recorded,
                                       subject: title, note: basis, recordedOn: context.today)
        try await tx.insert(commendation)
        try await tx.record(.create, kind: .consequence, id: commendation.id.uuidString, before: nil as Consequence?, after: commendation, in: context)
        return commendation
    }
}

/// Puts a dismissal or demotion recommendation to a meeting: it becomes a personnel matter (人事事项)
/// in draft, decided by the meeting under its two-thirds quorum; the recommendation names it.
public func referRecommendation(id: UUID, context: UseCaseContext) async throws -> (consequence: Consequence, decision: Decision) {
    try context.performer.caller?.requireManageAssessment()
    return try await context.store.write { tx in
        guard let before = try await tx.consequence(id: id) else { throw RuleViolation(.recordNotFound) }
        guard before.kind.goesToMeeting, let personID = before.personID else { throw RuleViolation(.consequenceNotRecommendation) }
        guard before.decisionID == nil else { throw RuleViolation(.consequenceAlreadyReferred) }
        let person = try await tx.person(id: personID)
        let catalogue = Catalogue.for(.zhHans)
        let title = catalogue.format(.recommendationDecisionTitle, ["person": person?.name ?? "", "kind": catalogue[before.kind.labelKey]])
        let basis = ConsequenceText.reason(before, catalogue: catalogue)
        let draft = DecisionDraft(year: context.today.year, title: String(title.prefix(200)), kind: .personnel,
                                  content: catalogue.format(.recommendationDecisionContent, ["year": String(before.year), "reason": basis]),
                                  basis: basis)
        let decision = try await insertDecision(try draft.checked(), in: tx, context: context)
        var after = before
        after.decisionID = decision.id
        try await tx.update(after)
        try await tx.record(.update, kind: .consequence, id: id.uuidString, before: before, after: after, in: context)
        return (after, decision)
    }
}

/// A consequence's reason in words, with its figure: one wording for pages, API, CLI and meetings.
public enum ConsequenceText {
    public static func reason(_ consequence: Consequence, catalogue: Catalogue) -> String {
        let figure: String
        switch consequence.reason {
        case .planMet, .planMissed, .planMissedTwice: figure = Numbers.percent(consequence.figure)
        case .gradedPoor: figure = consequence.figure.map { String(format: "%.2f", $0) } ?? "—"
        case .repeatedCriticism: figure = consequence.figure.map { String(Int($0)) } ?? "—"
        case .vetoed, .yellowCard, .recorded: figure = ""
        }
        return catalogue.format(consequence.reason.labelKey, ["subject": consequence.subject, "figure": figure])
    }
}
