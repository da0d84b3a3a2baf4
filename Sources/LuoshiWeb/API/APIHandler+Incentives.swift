// Incentives and constraints through the API: observation events and score sheets, assessment
// schemes, runs (preview, league table, breakdown, publish), bonuses, commendations, the register
// of consequences, recommendations put to a meeting, and the eligibility answer. Same use cases and
// access rules (Caller+Incentives) as the pages: the role or the record's scope first, then the body.
import Foundation
import LuoshiAPI
import LuoshiDomain
import LuoshiStorage
import LuoshiUseCases
import Vapor

extension APIHandler {
    // MARK: Observation events

    func listObservations(_ input: Operations.ListObservations.Input) async throws -> Operations.ListObservations.Output {
        let (request, caller) = try current()
        let events = try await request.store.observationEvents(year: try year(input.query.year))
        let units = try await request.store.directory().byID
        // A list carries no scores: standings are read one event at a time.
        return .ok(.init(body: .json(.init(items: events.map { IncentiveMapping.observation($0, caller: caller, standings: nil, sheet: nil, units: units) }))))
    }

    func createObservation(_ input: Operations.CreateObservation.Input) async throws -> Operations.CreateObservation.Output {
        let (request, caller) = try current()
        try caller.requireManageAssessment()
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        let event = try await LuoshiUseCases.createObservationEvent(try IncentiveMapping.observationDraft(body), context: request.context(caller))
        return .created(.init(body: .json(try await observationBody(event, caller: caller, request: request))))
    }

    func getObservation(_ input: Operations.GetObservation.Input) async throws -> Operations.GetObservation.Output {
        let (request, caller) = try current()
        guard let event = try await request.store.observationEvent(id: try APIMapping.pathID(input.path.observationId)) else {
            throw RuleViolation(.recordNotFound)
        }
        return .ok(.init(body: .json(try await observationBody(event, caller: caller, request: request))))
    }

    func submitObservationSheet(_ input: Operations.SubmitObservationSheet.Input) async throws -> Operations.SubmitObservationSheet.Output {
        let (request, caller) = try current()
        let eventID = try APIMapping.pathID(input.path.observationId)
        guard let event = try await request.store.observationEvent(id: eventID) else { throw RuleViolation(.recordNotFound) }
        // Only a rater, and only while the event is scoring, before the body is read.
        try caller.requireScore(event)
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        let scores = try IncentiveMapping.sheet(body)
        // The use case names a unit not observed (or a criterion the event lacks) as its units; here it is the entry's unitId.
        let sheet = try await Self.naming(.fieldUnits, as: .fieldUnit) {
            try await LuoshiUseCases.submitObservationSheet(eventID: eventID, scores: scores, context: request.context(caller))
        }
        return .ok(.init(body: .json(.init(scores: sheet.map(IncentiveMapping.score)))))
    }

    func closeObservation(_ input: Operations.CloseObservation.Input) async throws -> Operations.CloseObservation.Output {
        let (request, caller) = try current()
        try caller.requireManageAssessment()
        let event = try await LuoshiUseCases.closeObservationEvent(id: try APIMapping.pathID(input.path.observationId), context: request.context(caller))
        return .ok(.init(body: .json(try await observationBody(event, caller: caller, request: request))))
    }

    /// One event as the caller may read it: the standings once closed (the office's before), and
    /// a rater's own sheet; nobody reads another rater's sheet.
    private func observationBody(_ event: ObservationEvent, caller: Caller, request: Request) async throws -> Components.Schemas.Observation {
        let store = request.store
        let standings = caller.readsStandings(of: event)
            ? ObservationRules.standings(of: event, scores: try await store.observationScores(eventID: event.id)) : nil
        let sheet = event.raterIDs.contains(caller.accountID) ? try await store.observationScores(eventID: event.id, raterID: caller.accountID) : nil
        return IncentiveMapping.observation(event, caller: caller, standings: standings, sheet: sheet, units: try await store.directory().byID)
    }

    // MARK: Schemes

    func listAssessmentSchemes(_ input: Operations.ListAssessmentSchemes.Input) async throws -> Operations.ListAssessmentSchemes.Output {
        let (request, _) = try current()
        let schemes = try await request.store.assessmentSchemes(year: try year(input.query.year))
        return .ok(.init(body: .json(.init(items: schemes.filter { $0.group != .notAssessed }.map(IncentiveMapping.scheme)))))
    }

    func saveAssessmentScheme(_ input: Operations.SaveAssessmentScheme.Input) async throws -> Operations.SaveAssessmentScheme.Output {
        let (request, caller) = try current()
        try caller.requireManageAssessment()
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        try SupervisionMapping.visibleLine(body.title, field: .fieldIncentiveTitle, maxLength: 200)
        let scheme = try await LuoshiUseCases.saveAssessmentScheme(year: body.year, group: try IncentiveMapping.assessmentGroup(body.group),
                                                                   title: body.title, items: try IncentiveMapping.items(body.items),
                                                                   grading: try IncentiveMapping.grading(body.grading), context: request.context(caller))
        return .created(.init(body: .json(IncentiveMapping.scheme(scheme))))
    }

    // MARK: Runs

    func listAssessmentRuns(_ input: Operations.ListAssessmentRuns.Input) async throws -> Operations.ListAssessmentRuns.Output {
        let (request, caller) = try current()
        // Previews are drafts: the office's, the auditors' and the leaders'.
        let runs = try await request.store.assessmentRuns(year: try year(input.query.year), state: caller.readsAssessmentDrafts ? nil : .published)
        return .ok(.init(body: .json(.init(items: runs.map(IncentiveMapping.run)))))
    }

    func previewAssessment(_ input: Operations.PreviewAssessment.Input) async throws -> Operations.PreviewAssessment.Output {
        let (request, caller) = try current()
        try caller.requireManageAssessment()
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        let run = try await LuoshiUseCases.previewAssessment(year: body.year, group: try IncentiveMapping.assessmentGroup(body.group),
                                                             context: request.context(caller))
        return .created(.init(body: .json(IncentiveMapping.run(run))))
    }

    func getAssessmentRun(_ input: Operations.GetAssessmentRun.Input) async throws -> Operations.GetAssessmentRun.Output {
        let (request, caller) = try current()
        let run = try await readableRun(input.path.runId, caller: caller, request: request)
        let store = request.store
        let items = try await store.assessmentScheme(id: run.schemeID)?.items ?? []
        // Each unit beside its line in the previous year's published run of the group.
        let previousRun = try await store.publishedRun(year: run.year - 1, group: run.group)
        var previous: [LeagueLine] = []
        if let previousRun { previous = try await store.leagueTable(runID: previousRun.id) }
        let previousByUnit = Dictionary(previous.map { ($0.unitID, $0) }, uniquingKeysWith: { a, _ in a })
        let lines = try await store.leagueTable(runID: run.id).map { IncentiveMapping.line($0, previous: previousByUnit[$0.unitID]) }
        return .ok(.init(body: .json(.init(run: IncentiveMapping.run(run), items: items.map(IncentiveMapping.item), lines: lines,
                                           previousRunId: previousRun.map { IncentiveMapping.id($0.id) }))))
    }

    func publishAssessmentRun(_ input: Operations.PublishAssessmentRun.Input) async throws -> Operations.PublishAssessmentRun.Output {
        let (request, caller) = try current()
        try caller.requireManageAssessment()
        let (run, consequences) = try await LuoshiUseCases.publishAssessmentRun(id: try APIMapping.pathID(input.path.runId),
                                                                                context: request.context(caller))
        let names = try await ConsequenceNames.load(consequences, store: request.store)
        return .ok(.init(body: .json(.init(run: IncentiveMapping.run(run), consequences: consequences.map {
            IncentiveMapping.consequence($0, names: names, catalogue: request.catalogue)
        }))))
    }

    func getAssessmentBreakdown(_ input: Operations.GetAssessmentBreakdown.Input) async throws -> Operations.GetAssessmentBreakdown.Output {
        let (request, caller) = try current()
        let run = try await readableRun(input.path.runId, caller: caller, request: request)
        guard let unit = try await request.store.unit(id: try APIMapping.pathID(input.path.unitId)) else { throw RuleViolation(.recordNotFound) }
        // A unit's head and staff read their own unit's breakdown only.
        try caller.requireReadBreakdown(unitPath: unit.path)
        guard let result = try await request.store.assessmentResult(runID: run.id, unitID: unit.id) else { throw RuleViolation(.recordNotFound) }
        return .ok(.init(body: .json(IncentiveMapping.breakdown(result, run: run))))
    }

    /// A run the caller may read: a published one is everyone's, a preview the drafts' readers'.
    private func readableRun(_ text: String, caller: Caller, request: Request) async throws -> AssessmentRun {
        guard let run = try await request.store.assessmentRun(id: try APIMapping.pathID(text)) else { throw RuleViolation(.recordNotFound) }
        if run.state == .preview { try caller.requireReadAssessmentDrafts() }
        return run
    }

    // MARK: Bonuses and commendations

    func listAssessmentBonuses(_ input: Operations.ListAssessmentBonuses.Input) async throws -> Operations.ListAssessmentBonuses.Output {
        let (request, caller) = try current()
        try caller.requireReadAssessmentDrafts()
        let unitID = try APIMapping.strictID(input.query.unitId, field: .fieldUnit)
        let bonuses = try await request.store.bonuses(year: try year(input.query.year), unitID: unitID)
        let units = try await request.store.directory().byID
        return .ok(.init(body: .json(.init(items: bonuses.map { IncentiveMapping.bonus($0, units: units) }))))
    }

    func recordAssessmentBonus(_ input: Operations.RecordAssessmentBonus.Input) async throws -> Operations.RecordAssessmentBonus.Output {
        let (request, caller) = try current()
        try caller.requireManageAssessment()
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        try SupervisionMapping.visibleLine(body.reason, field: .fieldBonusReason, maxLength: 200)
        try SupervisionMapping.prose(body.evidence, field: .fieldEvidence, maxLength: 2000)
        let bonus = try await LuoshiUseCases.recordBonus(year: body.year, unitID: try Parse.requiredUUID(body.unitId, field: .fieldUnit),
                                                         points: body.points, reason: body.reason, evidence: body.evidence,
                                                         context: request.context(caller))
        return .created(.init(body: .json(IncentiveMapping.bonus(bonus, units: try await request.store.directory().byID))))
    }

    func recordCommendation(_ input: Operations.RecordCommendation.Input) async throws -> Operations.RecordCommendation.Output {
        let (request, caller) = try current()
        try caller.requireManageAssessment()
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        try SupervisionMapping.visibleLine(body.title, field: .fieldCommendationTitle, maxLength: 200)
        try SupervisionMapping.prose(body.basis, field: .fieldCommendationBasis, maxLength: 2000)
        let commendation = try await LuoshiUseCases.recordCommendation(
            year: body.year, unitID: try Parse.requiredUUID(body.unitId, field: .fieldUnit),
            personID: try APIMapping.strictID(body.personId, field: .fieldPerson), title: body.title, basis: body.basis,
            context: request.context(caller))
        return .created(.init(body: .json(try await consequenceBody(commendation, request: request))))
    }

    // MARK: Consequences


    func listConsequences(_ input: Operations.ListConsequences.Input) async throws -> Operations.ListConsequences.Output {
        let (request, caller) = try current()
        try caller.requireReadAssessmentDrafts()
        let paging = try APIPaging(limit: input.query.limit, offset: input.query.offset, search: nil)
        let year = try input.query.year.map { value throws(RuleViolation) in try self.year(value) }
        let kind = input.query.kind.flatMap { ConsequenceKind(rawValue: $0.rawValue) }
        let unitID = try APIMapping.strictID(input.query.unitId, field: .fieldUnit)
        let runID = try APIMapping.strictID(input.query.runId, field: .recordKindAssessmentRun)
        // One more than the page, to tell whether another follows.
        let matching = try await request.store.consequences(runID: runID, unitID: unitID, kind: kind, year: year,
                                                            offset: paging.offset, limit: paging.limit + 1)
        let page = Array(matching.prefix(paging.limit))
        let names = try await ConsequenceNames.load(page, store: request.store)
        return .ok(.init(body: .json(.init(items: page.map { IncentiveMapping.consequence($0, names: names, catalogue: request.catalogue) },
                                           offset: paging.offset, limit: paging.limit,
                                           hasMore: matching.count > paging.limit))))
    }

    func referRecommendation(_ input: Operations.ReferRecommendation.Input) async throws -> Operations.ReferRecommendation.Output {
        let (request, caller) = try current()
        try caller.requireManageAssessment()
        let (consequence, decision) = try await LuoshiUseCases.referRecommendation(id: try APIMapping.pathID(input.path.consequenceId),
                                                                                   context: request.context(caller))
        return .ok(.init(body: .json(.init(consequence: try await consequenceBody(consequence, request: request),
                                           decision: DecisionMapping.decision(decision)))))
    }

    private func consequenceBody(_ consequence: Consequence, request: Request) async throws -> Components.Schemas.Consequence {
        IncentiveMapping.consequence(consequence, names: try await ConsequenceNames.load([consequence], store: request.store),
                                     catalogue: request.catalogue)
    }

    // MARK: Eligibility

    func getEligibility(_ input: Operations.GetEligibility.Input) async throws -> Operations.GetEligibility.Output {
        let (request, caller) = try current()
        guard let (person, _) = try await request.store.person(id: try APIMapping.pathID(input.path.personId)) else {
            throw RuleViolation(.recordNotFound)
        }
        try caller.requireReadCadreFile(personID: person.id)
        let today = request.clock.today()
        let consequences = try await request.store.consequences(personID: person.id, personUnitID: person.unitID)
        let answers = Eligibility.answer(consequences: consequences, on: today)
        let names = try await ConsequenceNames.load(answers.flatMap(\.restrictions), store: request.store)
        return .ok(.init(body: .json(IncentiveMapping.eligibility(answers, person: person, day: today, names: names, catalogue: request.catalogue))))
    }
}
