// Target-management assessment on the web: the hub of a year (schemes, runs, observation events),
// a scheme's versions and its items (each change a new version), previewing and publishing a run,
// the league table with last year's places beside it, a unit's breakdown, bonus points, the
// register of consequences (commendations, recommendations put to meetings), and cadre files with
// the eligibility answer. Role and scope first, then the form, then the use case.
import Foundation
import LuoshiDomain
import LuoshiStorage
import LuoshiUseCases
import Vapor

enum AssessmentController {
    static func year(_ request: Request) -> Int {
        Parse.query(request, "year").flatMap(Int.init).flatMap { (2000...2100).contains($0) ? $0 : nil } ?? request.clock.today().year
    }

    static func refused(_ violation: RuleViolation, back: String, request: Request) -> Response {
        HTMLResponse.make(SupervisionPages.refusal(violation.message(in: request.language), back: back, context: PageContext(request)),
                          status: LuoshiErrorMiddleware.status(of: violation.rule.kind))
    }

    // MARK: The hub

    static func hub(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        let store = request.store
        let year = year(request)
        let runs = try await store.assessmentRuns(year: year).filter { $0.state == .published || caller.readsAssessmentDrafts }
        let events = try await store.observationEvents(year: year)
        return HTMLResponse.make(AssessmentPages.hub(year: year, schemes: try await store.assessmentSchemes(year: year), runs: runs, events: events,
                                                     context: PageContext(request)))
    }

    // MARK: Schemes

    struct SchemeForm: Content {
        var year: String?
        var group: String?
        var title: String?
        var action: String?
        var key: String?
        var name: String?
        var kind: String?
        var points: String?
        var indicatorCode: String?
        var perCount: String?
        var completionCap: String?
        var thresholds: String?
        var applies225: String?
        var excellenceQuota: String?
        var excellentMin: String?
        var goodMin: String?
        var fairMin: String?
        var criticismsForRecommendation: String?
    }

    static func createScheme(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        try caller.requireManageAssessment()
        let form = try request.content.decode(SchemeForm.self)
        do {
            let year = try Parse.int(form.year, field: .fieldYear, default: request.clock.today().year)
            let group = try Parse.requiredChoice(form.group, as: AssessmentGroup.self, field: .fieldAssessmentGroup)
            let title = (form.title ?? "").trimmingCharacters(in: .whitespaces).isEmpty
                ? request.catalogue.format(.schemeDefaultTitle, ["year": String(year), "group": request.catalogue[group.labelKey]]) : form.title ?? ""
            let scheme = try await saveAssessmentScheme(year: year, group: group, title: title, items: AssessmentScheme.standardItems(for: group),
                                                        grading: GradeRule(), context: request.context(caller))
            return request.redirect(to: SitePath.assessmentScheme.with(scheme.id) + "?done=" + L10nKey.schemeSaved.rawValue, redirectType: .normal)
        } catch let violation as RuleViolation where violation.rule.kind == .invalid || violation.rule.kind == .conflict {
            return refused(violation, back: SitePath.assessment.rawValue, request: request)
        }
    }

    static func scheme(_ request: Request) async throws -> Response {
        _ = try request.requireCaller()
        let store = request.store
        guard let scheme = try await store.assessmentScheme(id: try Parse.pathID(request)) else { throw RuleViolation(.recordNotFound) }
        let versions = try await store.schemeVersions(year: scheme.year, group: scheme.group)
        return HTMLResponse.make(AssessmentPages.scheme(scheme, versions: versions, context: PageContext(request)))
    }

    /// Thresholds typed as "80:60, 100:100" (completion % : share of the points %).
    static func thresholds(_ text: String?) throws(RuleViolation) -> [AssessmentThreshold] {
        let parts = (text ?? "").split(whereSeparator: { $0 == "," || $0 == "，" || $0 == ";" || $0 == "；" })
        var out: [AssessmentThreshold] = []
        for part in parts {
            let pair = part.split(whereSeparator: { $0 == ":" || $0 == "：" }).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, let completion = Double(pair[0]), let share = Double(pair[1]) else {
                throw RuleViolation(.fieldInvalidNumber, field: .fieldThresholds)
            }
            out.append(AssessmentThreshold(completion: completion / 100, share: share / 100))
        }
        return out
    }

    static func editScheme(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        try caller.requireManageAssessment()
        guard let before = try await request.store.assessmentScheme(id: try Parse.pathID(request)) else { throw RuleViolation(.recordNotFound) }
        let form = try request.content.decode(SchemeForm.self)
        let back = SitePath.assessmentScheme.with(before.id)
        do {
            var items = before.items
            var grading = before.grading
            var title = before.title
            switch form.action {
            case "add":
                let kind = try Parse.requiredChoice(form.kind, as: AssessmentItemKind.self, field: .fieldItemKind)
                let item = AssessmentItem(
                    key: form.key ?? "", name: form.name ?? "", kind: kind,
                    points: try Parse.number(form.points, field: .fieldPoints) ?? 0,
                    indicatorCode: form.indicatorCode, perCount: try Parse.number(form.perCount, field: .fieldPerCount) ?? 0,
                    completionCap: (try Parse.number(form.completionCap, field: .fieldCompletionCap) ?? 100) / 100,
                    thresholds: try thresholds(form.thresholds), applies225: form.applies225 == "1")
                items.removeAll { $0.key == item.key.trimmingCharacters(in: .whitespaces) }
                items.append(item)
            case "remove":
                items.removeAll { $0.key == form.key }
            case "grading":
                grading = GradeRule(excellenceQuota: (try Parse.number(form.excellenceQuota, field: .fieldExcellenceQuota) ?? 30) / 100,
                                    excellentMin: try Parse.number(form.excellentMin, field: .fieldGradeFloors) ?? grading.excellentMin,
                                    goodMin: try Parse.number(form.goodMin, field: .fieldGradeFloors) ?? grading.goodMin,
                                    fairMin: try Parse.number(form.fairMin, field: .fieldGradeFloors) ?? grading.fairMin,
                                    criticismsForRecommendation: try Parse.int(form.criticismsForRecommendation, field: .fieldCriticismsForRecommendation,
                                                                              default: grading.criticismsForRecommendation))
                title = form.title ?? title
            default:
                throw RuleViolation(.malformedRequest)
            }
            let scheme = try await saveAssessmentScheme(year: before.year, group: before.group, title: title, items: items, grading: grading,
                                                        context: request.context(caller))
            return request.redirect(to: SitePath.assessmentScheme.with(scheme.id) + "?done=" + L10nKey.schemeSaved.rawValue, redirectType: .normal)
        } catch let violation as RuleViolation where violation.rule.kind == .invalid || violation.rule.kind == .conflict {
            return refused(violation, back: back, request: request)
        }
    }

    // MARK: Runs

    struct RunForm: Content {
        var year: String?
        var group: String?
        var confirm: String?
    }

    static func preview(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        try caller.requireManageAssessment()
        let form = try request.content.decode(RunForm.self)
        do {
            let year = try Parse.int(form.year, field: .fieldYear, default: request.clock.today().year)
            let group = try Parse.requiredChoice(form.group, as: AssessmentGroup.self, field: .fieldAssessmentGroup)
            let run = try await previewAssessment(year: year, group: group, context: request.context(caller))
            return request.redirect(to: SitePath.assessmentRun.with(run.id) + "?done=" + L10nKey.runPreviewed.rawValue, redirectType: .normal)
        } catch let violation as RuleViolation where violation.rule.kind == .invalid || violation.rule.kind == .conflict {
            return refused(violation, back: SitePath.assessment.rawValue, request: request)
        }
    }

    /// A run the caller may read: published ones by everyone signed in, previews by the office, auditors and leaders.
    static func readableRun(_ request: Request) async throws -> (AssessmentRun, Caller) {
        let caller = try request.requireCaller()
        guard let run = try await request.store.assessmentRun(id: try Parse.pathID(request)) else { throw RuleViolation(.recordNotFound) }
        if run.state == .preview { try caller.requireReadAssessmentDrafts() }
        return (run, caller)
    }

    static func run(_ request: Request) async throws -> Response {
        let (run, caller) = try await readableRun(request)
        let store = request.store
        guard let scheme = try await store.assessmentScheme(id: run.schemeID) else { throw RuleViolation(.recordNotFound) }
        let lines = try await store.leagueTable(runID: run.id)
        let previous = try await store.publishedRun(year: run.year - 1, group: run.group)
        let lastYear = try await previous.asyncMap { try await store.leagueTable(runID: $0.id) } ?? []
        let units = try await store.directory().byID
        let consequences = run.state == .published && caller.readsAssessmentDrafts ? try await store.consequences(runID: run.id, limit: 2000) : []
        let names = try await store.personNames(ids: consequences.compactMap(\.personID))
        return HTMLResponse.make(AssessmentPages.run(run, scheme: scheme, lines: lines, lastYear: Dictionary(lastYear.map { ($0.unitID, $0) }, uniquingKeysWith: { a, _ in a }),
                                                     readable: { units[$0].map { caller.canReadBreakdown(unitPath: $0.path) } ?? false },
                                                     consequences: consequences, names: names, units: units, canPublish: caller.managesAssessment,
                                                     context: PageContext(request)))
    }

    static func publish(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        try caller.requireManageAssessment()
        let id = try Parse.pathID(request)
        let form = try request.content.decode(RunForm.self)
        guard form.confirm == "1" else { return refused(RuleViolation(.fieldRequired, field: .fieldConfirm), back: SitePath.assessmentRun.with(id), request: request) }
        do {
            _ = try await publishAssessmentRun(id: id, context: request.context(caller))
            return request.redirect(to: SitePath.assessmentRun.with(id) + "?done=" + L10nKey.runPublishedDone.rawValue, redirectType: .normal)
        } catch let violation as RuleViolation where violation.rule.kind == .invalid || violation.rule.kind == .conflict {
            return refused(violation, back: SitePath.assessmentRun.with(id), request: request)
        }
    }

    static func breakdown(_ request: Request) async throws -> Response {
        let (run, caller) = try await readableRun(request)
        let store = request.store
        // No unit named: the league table, whose names link to the breakdowns the caller may read.
        guard let unitText = Parse.query(request, "unit") else { return try await self.run(request) }
        let unitID = try Parse.requiredUUID(unitText, field: .fieldUnit)
        guard let unit = try await store.directory().byID[unitID] else { throw RuleViolation(.recordNotFound) }
        try caller.requireReadBreakdown(unitPath: unit.path)
        guard let result = try await store.assessmentResult(runID: run.id, unitID: unitID),
              let scheme = try await store.assessmentScheme(id: run.schemeID) else { throw RuleViolation(.recordNotFound) }
        return HTMLResponse.make(AssessmentPages.breakdown(result, run: run, scheme: scheme, context: PageContext(request)))
    }

    struct BonusForm: Content {
        var year: String?
        var unitId: String?
        var points: String?
        var reason: String?
        var evidence: String?
    }

    static func createBonus(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        try caller.requireManageAssessment()
        let form = try request.content.decode(BonusForm.self)
        do {
            _ = try await recordBonus(year: try Parse.int(form.year, field: .fieldYear, default: request.clock.today().year),
                                      unitID: try Parse.requiredUUID(form.unitId, field: .fieldUnit),
                                      points: try Parse.number(form.points, field: .fieldPoints) ?? 0, reason: form.reason ?? "",
                                      evidence: form.evidence ?? "", context: request.context(caller))
            return request.redirect(to: SitePath.consequences.rawValue + "?done=" + L10nKey.bonusRecorded.rawValue, redirectType: .normal)
        } catch let violation as RuleViolation where violation.rule.kind == .invalid || violation.rule.kind == .conflict {
            return refused(violation, back: SitePath.consequences.rawValue, request: request)
        }
    }

    // MARK: Consequences

    static func consequences(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        try caller.requireReadAssessmentDrafts()
        let store = request.store
        let year = year(request)
        let kind = try Parse.choice(Parse.query(request, "kind"), as: ConsequenceKind.self, field: .fieldKind)
        let all = try await store.consequences(kind: kind, year: year, limit: 1000)
        let names = try await store.personNames(ids: all.compactMap(\.personID))
        let units = try await store.directory()
        let people = caller.managesAssessment ? try await store.meetingCandidates() : []
        return HTMLResponse.make(AssessmentPages.consequences(all, year: year, kind: kind, names: names, units: units.byID,
                                                              unitChoices: units.units.filter { $0.assessmentGroup != .notAssessed }, people: people,
                                                              bonuses: try await store.bonuses(year: year), canManage: caller.managesAssessment,
                                                              context: PageContext(request)))
    }

    static func refer(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        try caller.requireManageAssessment()
        do {
            let (_, decision) = try await referRecommendation(id: try Parse.pathID(request), context: request.context(caller))
            return request.redirect(to: SitePath.decision.with(decision.id) + "?done=" + L10nKey.recommendationReferred.rawValue, redirectType: .normal)
        } catch let violation as RuleViolation where violation.rule.kind == .invalid || violation.rule.kind == .conflict {
            return refused(violation, back: SitePath.consequences.rawValue, request: request)
        }
    }

    struct CommendationForm: Content {
        var year: String?
        var unitId: String?
        var personId: String?
        var title: String?
        var basis: String?
    }

    static func createCommendation(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        try caller.requireManageAssessment()
        let form = try request.content.decode(CommendationForm.self)
        do {
            var unitID = try Parse.uuid(form.unitId, field: .fieldUnit)
            let personID = try Parse.uuid(form.personId, field: .fieldPerson)
            if unitID == nil, let personID { unitID = try await request.store.person(id: personID)?.person.unitID }
            guard let unitID else { throw RuleViolation(.fieldRequired, field: .fieldUnit) }
            _ = try await recordCommendation(year: try Parse.int(form.year, field: .fieldYear, default: request.clock.today().year), unitID: unitID,
                                             personID: personID, title: form.title ?? "", basis: form.basis ?? "", context: request.context(caller))
            return request.redirect(to: SitePath.consequences.rawValue + "?done=" + L10nKey.commendationRecorded.rawValue, redirectType: .normal)
        } catch let violation as RuleViolation where violation.rule.kind == .invalid || violation.rule.kind == .conflict {
            return refused(violation, back: SitePath.consequences.rawValue, request: request)
        }
    }

    // MARK: Cadre files

    static func cadreFile(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        let store = request.store
        let id = try Parse.pathID(request)
        try caller.requireReadCadreFile(personID: id)
        guard let (person, unit) = try await store.person(id: id) else { throw RuleViolation(.recordNotFound) }
        let entries = try await store.cadreFile(personID: id, unitID: unit.id)
        let kind = try Parse.choice(Parse.query(request, "kind"), as: CadreEntryKind.self, field: .fieldKind)
        let year = Parse.query(request, "year").flatMap(Int.init)
        let shown = entries.filter { (kind == nil || $0.kind == kind) && (year == nil || $0.day.year == year) }
        let answers = Eligibility.answer(consequences: entries.compactMap(\.consequence), on: request.clock.today())
        return HTMLResponse.make(AssessmentPages.cadreFile(person: person, unit: unit, entries: shown, answers: answers, kind: kind, year: year,
                                                           context: PageContext(request)))
    }
}

enum ObservationsController {
    static func list(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        let year = AssessmentController.year(request)
        return HTMLResponse.make(AssessmentPages.observations(try await request.store.observationEvents(year: year), year: year,
                                                              canCreate: caller.managesAssessment, context: PageContext(request)))
    }

    static func new(_ request: Request) async throws -> Response {
        try request.requireCaller().requireManageAssessment()
        return try await formPage(request, form: nil, error: nil, status: .ok)
    }

    static func formPage(_ request: Request, form: EventForm?, error: String?, status: HTTPResponseStatus) async throws -> Response {
        let store = request.store
        let units = try await store.directory().units.filter { $0.assessmentGroup != .notAssessed }
        let raters = try await store.raterChoices()
        return HTMLResponse.make(AssessmentPages.observationForm(form, units: units, raters: raters, error: error, context: PageContext(request)),
                                 status: status)
    }

    struct EventForm: Content {
        var title: String?
        var day: String?
        var criterionName: [String]?
        var criterionWeight: [String]?
        var unitIds: [String]?
        var raterIds: [String]?
        var dropsExtremes: String?
    }

    static func create(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        try caller.requireManageAssessment()
        let form = try request.content.decode(EventForm.self)
        do {
            guard let day = try Parse.day(form.day, field: .fieldDay) else { throw RuleViolation(.fieldRequired, field: .fieldDay) }
            let names = form.criterionName ?? [], weights = form.criterionWeight ?? []
            var criteria: [ObservationCriterion] = []
            for (index, name) in names.enumerated() where !name.trimmingCharacters(in: .whitespaces).isEmpty {
                let weight = try Parse.number(weights.indices.contains(index) ? weights[index] : "", field: .fieldWeight) ?? 1
                criteria.append(ObservationCriterion(name: name, weight: weight))
            }
            let unitIDs = try (form.unitIds ?? []).compactMap { text throws(RuleViolation) in try Parse.uuid(text, field: .fieldUnits) }
            let raterIDs = try (form.raterIds ?? []).compactMap { text throws(RuleViolation) in try Parse.uuid(text, field: .fieldRaters) }
            let event = try await createObservationEvent(
                ObservationDraft(year: day.year, title: form.title ?? "", day: day, criteria: criteria, unitIDs: unitIDs, raterIDs: raterIDs,
                                 dropsExtremes: form.dropsExtremes == "1"), context: request.context(caller))
            return request.redirect(to: SitePath.observation.with(event.id) + "?done=" + L10nKey.observationCreated.rawValue, redirectType: .normal)
        } catch let violation as RuleViolation where violation.rule.kind == .invalid || violation.rule.kind == .conflict {
            return try await formPage(request, form: form, error: violation.message(in: request.language), status: LuoshiErrorMiddleware.status(of: violation.rule.kind))
        }
    }

    static func show(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        let store = request.store
        guard let event = try await store.observationEvent(id: try Parse.pathID(request)) else { throw RuleViolation(.recordNotFound) }
        let standings = caller.readsStandings(of: event) ? ObservationRules.standings(of: event, scores: try await store.observationScores(eventID: event.id)) : nil
        let isRater = event.raterIDs.contains(caller.accountID)
        let sheet = isRater ? try await store.observationScores(eventID: event.id, raterID: caller.accountID) : []
        let raters = try await store.raterChoices(ids: event.raterIDs)
        let submitted = caller.managesAssessment ? Set(try await store.observationScores(eventID: event.id).map(\.raterID)) : []
        return HTMLResponse.make(AssessmentPages.observation(event, standings: standings, sheet: isRater ? sheet : nil, raters: raters,
                                                             submitted: submitted, units: try await store.directory().byID,
                                                             canClose: caller.managesAssessment && event.state == .scoring, context: PageContext(request)))
    }

    static func submitSheet(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        let id = try Parse.pathID(request)
        guard let event = try await request.store.observationEvent(id: id) else { throw RuleViolation(.recordNotFound) }
        try caller.requireScore(event)
        // Fields named score-<unit>-<criterion>; blanks are left out.
        let fields = try request.content.decode([String: String].self)
        do {
            var scores: [(unitID: UUID, criterion: Int, score: Double)] = []
            for unitID in event.unitIDs {
                for index in event.criteria.indices {
                    let name = "score-\(unitID.uuidString.lowercased())-\(index)"
                    guard let score = try Parse.number(fields[name], field: .fieldScore) else { continue }
                    scores.append((unitID, index, score))
                }
            }
            _ = try await submitObservationSheet(eventID: id, scores: scores, context: request.context(caller))
            return request.redirect(to: SitePath.observation.with(id) + "?done=" + L10nKey.observationSheetSaved.rawValue, redirectType: .normal)
        } catch let violation as RuleViolation where violation.rule.kind == .invalid || violation.rule.kind == .conflict {
            return AssessmentController.refused(violation, back: SitePath.observation.with(id), request: request)
        }
    }

    static func close(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        try caller.requireManageAssessment()
        let id = try Parse.pathID(request)
        do {
            _ = try await closeObservationEvent(id: id, context: request.context(caller))
            return request.redirect(to: SitePath.observation.with(id) + "?done=" + L10nKey.observationClosedDone.rawValue, redirectType: .normal)
        } catch let violation as RuleViolation where violation.rule.kind == .invalid || violation.rule.kind == .conflict {
            return AssessmentController.refused(violation, back: SitePath.observation.with(id), request: request)
        }
    }
}
