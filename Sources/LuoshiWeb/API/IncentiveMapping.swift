// Between incentives and constraints (observation events, assessment schemes, runs, league tables,
// breakdowns, bonuses, consequences, eligibility) and the API's generated types; and the checks
// that make the server refuse exactly what the document refuses where the use cases are more
// lenient (they trim, and count characters rather than code points).
import Foundation
import LuoshiAPI
import LuoshiDomain
import LuoshiStorage
import LuoshiUseCases

enum IncentiveMapping {
    static func id(_ uuid: UUID) -> String { APIMapping.id(uuid) }

    /// The most scores one sheet sends (the document's maxItems: 500 units × 20 criteria).
    static let maxScores = 10_000
    static let maxThresholds = 10

    // MARK: Out

    static func observation(_ e: ObservationEvent, caller: Caller, standings: [ObservationStanding]?, sheet: [ObservationScore]?,
                            units: [UUID: Unit]) -> Components.Schemas.Observation {
        .init(id: id(e.id), year: e.year, title: e.title, day: e.day.description,
              criteria: e.criteria.map { .init(name: $0.name, weight: $0.weight) }, unitIds: e.unitIDs.map(id),
              raterIds: e.raterIDs.map(id), dropsExtremes: e.dropsExtremes, state: .init(rawValue: e.state.rawValue) ?? .scoring,
              rater: e.raterIDs.contains(caller.accountID),
              standings: standings?.map { standing($0, units: units) }, sheet: sheet?.map(score))
    }

    static func standing(_ s: ObservationStanding, units: [UUID: Unit]) -> Components.Schemas.ObservationStanding {
        .init(unitId: id(s.unitID), unitName: units[s.unitID]?.name ?? "", score: s.score, rank: s.rank, gapToAhead: s.gapToAhead,
              criterionScores: s.criterionScores.enumerated().map { .init(criterion: $0.offset, score: $0.element) })
    }

    static func score(_ s: ObservationScore) -> Components.Schemas.ObservationScore {
        .init(unitId: id(s.unitID), criterion: s.criterion, score: s.score)
    }

    static func group(_ g: AssessmentGroup) -> Components.Schemas.AssessedGroup { .init(rawValue: g.rawValue) ?? .departments }

    static func item(_ i: AssessmentItem) -> Components.Schemas.AssessmentItem {
        .init(key: i.key, name: i.name, kind: .init(rawValue: i.kind.rawValue) ?? .indicators, points: i.points, indicatorCode: i.indicatorCode,
              perCount: i.perCount, completionCap: i.completionCap, thresholds: i.thresholds.map { .init(completion: $0.completion, share: $0.share) },
              applies225: i.applies225)
    }

    static func scheme(_ s: AssessmentScheme) -> Components.Schemas.AssessmentScheme {
        let g = s.grading
        return .init(id: id(s.id), year: s.year, group: group(s.group), version: s.version, title: s.title, items: s.items.map(item),
                     grading: .init(excellenceQuota: g.excellenceQuota, excellentMin: g.excellentMin, goodMin: g.goodMin, fairMin: g.fairMin,
                                    criticismsForRecommendation: g.criticismsForRecommendation),
                     maxScore: s.maxScore, createdOn: s.createdOn.description, createdBy: s.createdBy)
    }

    static func run(_ r: AssessmentRun) -> Components.Schemas.AssessmentRun {
        .init(id: id(r.id), year: r.year, group: group(r.group), schemeId: id(r.schemeID), schemeVersion: r.schemeVersion,
              state: .init(rawValue: r.state.rawValue) ?? .preview, computedOn: r.computedOn.description,
              publishedOn: r.publishedOn?.description, unitCount: r.unitCount)
    }

    static func grade(_ g: Grade) -> Components.Schemas.Grade { .init(rawValue: g.rawValue) ?? .poor }

    /// A league line beside the unit's line in the previous year's published run, if it was in it.
    static func line(_ l: LeagueLine, previous: LeagueLine?) -> Components.Schemas.LeagueLine {
        .init(unitId: id(l.unitID), unitName: l.unitName, rank: l.rank, score: l.score, grade: grade(l.grade), vetoes: l.vetoes,
              gapToAhead: l.gapToAhead, earned: l.earned, previousRank: previous?.rank, previousScore: previous?.score,
              previousGrade: previous.map { grade($0.grade) })
    }

    static func breakdown(_ r: AssessmentResult, run: AssessmentRun) -> Components.Schemas.AssessmentBreakdown {
        .init(run: self.run(run), unitId: id(r.unitID), unitName: r.unitName, score: r.score, rank: r.rank, grade: grade(r.grade),
              vetoes: r.vetoes, gapToAhead: r.gapToAhead, lines: r.lines.map(line))
    }

    static func line(_ l: AssessmentLine) -> Components.Schemas.AssessmentLine {
        .init(itemKey: l.itemKey, itemName: l.itemName, kind: .init(rawValue: l.kind.rawValue) ?? .indicators, points: l.points, earned: l.earned,
              measure: l.measure, counted: l.counted, outOf: l.outOf, vetoed: l.vetoed,
              evidence: l.evidence.map { .init(kind: .init(rawValue: $0.kind.rawValue) ?? .indicator, id: id($0.id), label: $0.label,
                                               figure: $0.figure, day: $0.day?.description, costs: $0.costs) })
    }

    static func bonus(_ b: AssessmentBonus, units: [UUID: Unit]) -> Components.Schemas.AssessmentBonus {
        .init(id: id(b.id), year: b.year, unitId: id(b.unitID), unitName: units[b.unitID]?.name ?? "", points: b.points, reason: b.reason,
              evidence: b.evidence, day: b.day.description, recordedBy: b.recordedBy)
    }

    /// A consequence with its reason in the caller's words, and the names of its unit and person.
    static func consequence(_ c: Consequence, names: ConsequenceNames, catalogue: Catalogue) -> Components.Schemas.Consequence {
        .init(id: id(c.id), kind: .init(rawValue: c.kind.rawValue) ?? .commendation, year: c.year, unitId: id(c.unitID),
              unitName: names.units[c.unitID]?.name ?? "", personId: c.personID.map(id), personName: c.personID.flatMap { names.people[$0] },
              runId: c.runID.map(id), reason: .init(rawValue: c.reason.rawValue) ?? .recorded,
              reasonText: ConsequenceText.reason(c, catalogue: catalogue), subject: c.subject, figure: c.figure, note: c.note,
              recordedOn: c.recordedOn.description, inForceUntil: c.inForceUntil?.description, decisionId: c.decisionID.map(id))
    }

    static func eligibility(_ answers: [EligibilityAnswer], person: Person, day: Day, names: ConsequenceNames,
                            catalogue: Catalogue) -> Components.Schemas.Eligibility {
        .init(personId: id(person.id), personName: person.name, unitId: id(person.unitID), day: day.description,
              answers: answers.map { answer in
                  .init(question: .init(rawValue: answer.question.rawValue) ?? .promotion, questionText: catalogue[answer.question.labelKey],
                        allowed: answer.allowed,
                        restrictions: answer.restrictions.map { consequence($0, names: names, catalogue: catalogue) })
              })
    }

    // MARK: In

    static func observationDraft(_ body: Components.Schemas.ObservationInput) throws(RuleViolation) -> ObservationDraft {
        try SupervisionMapping.visibleLine(body.title, field: .fieldIncentiveTitle, maxLength: 200)
        guard let day = try SupervisionMapping.day(body.day, field: .fieldDay) else { throw RuleViolation(.fieldRequired, field: .fieldDay) }
        guard (1...20).contains(body.criteria.count) else { throw RuleViolation(.observationNeedsCriteria, field: .fieldCriteria) }
        for criterion in body.criteria {
            try SupervisionMapping.visibleLine(criterion.name, field: .fieldCriteria, maxLength: 100)
        }
        guard body.unitIds.count <= 500 else { throw RuleViolation(.fieldOutOfRange, field: .fieldUnits, limit: 500) }
        guard body.raterIds.count <= 50 else { throw RuleViolation(.fieldOutOfRange, field: .fieldRaters, limit: 50) }
        return ObservationDraft(year: body.year, title: body.title, day: day,
                                criteria: body.criteria.map { ObservationCriterion(name: $0.name, weight: $0.weight) },
                                unitIDs: try APIMapping.ids(body.unitIds, field: .fieldUnits),
                                raterIDs: try APIMapping.ids(body.raterIds, field: .fieldRaters), dropsExtremes: body.dropsExtremes ?? true)
    }

    static func sheet(_ body: Components.Schemas.ObservationSheetInput) throws(RuleViolation) -> [(unitID: UUID, criterion: Int, score: Double)] {
        guard body.scores.count <= maxScores else { throw RuleViolation(.fieldOutOfRange, field: .fieldScore, limit: maxScores) }
        var scores: [(unitID: UUID, criterion: Int, score: Double)] = []
        for entry in body.scores {
            guard (0..<20).contains(entry.criterion) else { throw RuleViolation(.fieldOutOfRange, field: .fieldCriteria) }
            scores.append((try Parse.requiredUUID(entry.unitId, field: .fieldUnit), entry.criterion, entry.score))
        }
        return scores
    }

    static func items(_ list: [Components.Schemas.AssessmentItemInput]) throws(RuleViolation) -> [AssessmentItem] {
        var items: [AssessmentItem] = []
        for input in list {
            try SupervisionMapping.visibleLine(input.key, field: .fieldItemKey, maxLength: 20)
            try SupervisionMapping.visibleLine(input.name, field: .fieldItemName, maxLength: 200)
            if let code = input.indicatorCode { try FieldRules.code(code, field: .fieldIndicatorCode) }
            let thresholds = input.thresholds ?? []
            guard thresholds.count <= maxThresholds else { throw RuleViolation(.fieldOutOfRange, field: .fieldThresholds, limit: maxThresholds) }
            items.append(AssessmentItem(key: input.key, name: input.name,
                                        kind: try Parse.requiredChoice(input.kind.rawValue, as: AssessmentItemKind.self, field: .fieldKind),
                                        points: input.points, indicatorCode: input.indicatorCode, perCount: input.perCount ?? 0,
                                        completionCap: input.completionCap ?? 1,
                                        thresholds: thresholds.map { AssessmentThreshold(completion: $0.completion, share: $0.share) },
                                        applies225: input.applies225 ?? false))
        }
        return items
    }

    static func grading(_ input: Components.Schemas.GradeRuleInput?) throws(RuleViolation) -> GradeRule {
        let defaults = GradeRule()
        let rule = GradeRule(excellenceQuota: input?.excellenceQuota ?? defaults.excellenceQuota,
                             excellentMin: input?.excellentMin ?? defaults.excellentMin, goodMin: input?.goodMin ?? defaults.goodMin,
                             fairMin: input?.fairMin ?? defaults.fairMin,
                             criticismsForRecommendation: input?.criticismsForRecommendation ?? defaults.criticismsForRecommendation)
        // Each floor as the document bounds it (the use case only asks that they go up).
        for floor in [rule.excellentMin, rule.goodMin, rule.fairMin] where !(0...1000).contains(floor) {
            throw RuleViolation(.fieldOutOfRange, field: .fieldGradeFloors)
        }
        return rule
    }

    static func assessmentGroup(_ g: Components.Schemas.AssessedGroup) throws(RuleViolation) -> AssessmentGroup {
        try Parse.requiredChoice(g.rawValue, as: AssessmentGroup.self, field: .fieldAssessmentGroup)
    }
}

/// The names a list of consequences shows: units from the directory, people read at once.
struct ConsequenceNames {
    var units: [UUID: Unit]
    var people: [UUID: String]

    static func load(_ consequences: [Consequence], store: Store) async throws -> ConsequenceNames {
        ConsequenceNames(units: try await store.directory().byID,
                         people: try await store.personNames(ids: Array(Set(consequences.compactMap(\.personID)))))
    }
}
