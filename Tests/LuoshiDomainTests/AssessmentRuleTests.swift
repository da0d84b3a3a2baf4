// The incentive rules, pure: observation scoring (trimmed means, weights, ranks, ties, gaps), the
// scheme formulas (caps, thresholds, deductions capped, bonuses, vetoes), ranks and the quota for
// excellence, the "225" rule across three years, the four restrictions and the eligibility answer.
import Foundation
import Testing
@testable import LuoshiDomain

@Suite struct AssessmentRuleTests {
    func day(_ text: String) -> Day { Day(text)! }
    let a = UUID(), b = UUID(), c = UUID(), d = UUID()
    let r1 = UUID(), r2 = UUID(), r3 = UUID(), r4 = UUID()

    @Test func observationDropsTheHighestAndLowestAndRanksWithGaps() {
        #expect(ObservationRules.trimmedMean([70, 80, 90, 100], dropsExtremes: true) == 85)
        #expect(ObservationRules.trimmedMean([60, 100], dropsExtremes: true) == 80, "two raters: nothing dropped")
        #expect(ObservationRules.trimmedMean([60, 80, 100], dropsExtremes: false) == 80)
        #expect(ObservationRules.trimmedMean([], dropsExtremes: true) == nil)
        let event = ObservationEvent(id: UUID(), year: 2026, title: "观摩", day: day("2026-06-01"),
                                     criteria: [ObservationCriterion(name: "进度", weight: 3), ObservationCriterion(name: "质量", weight: 1)],
                                     unitIDs: [a, b, c, d], raterIDs: [r1, r2, r3])
        var scores: [ObservationScore] = []
        func rate(_ unit: UUID, _ progress: [Double], _ quality: [Double]) {
            for (rater, score) in zip([r1, r2, r3], progress) { scores.append(ObservationScore(raterID: rater, unitID: unit, criterion: 0, score: score)) }
            for (rater, score) in zip([r1, r2, r3], quality) { scores.append(ObservationScore(raterID: rater, unitID: unit, criterion: 1, score: score)) }
        }
        rate(a, [90, 80, 10], [80, 80, 80])     // the 10 is an outlier: dropped with the 90, progress 80
        rate(b, [90, 90, 90], [60, 60, 60])     // 90×3 + 60 = 330 / 4 = 82.5
        rate(c, [80, 80, 80], [80, 80, 80])     // 80, tied with a
        // d unscored; a score from someone not on the panel is ignored
        scores.append(ObservationScore(raterID: r4, unitID: d, criterion: 0, score: 100))
        let standings = ObservationRules.standings(of: event, scores: scores)
        #expect(standings.map(\.unitID) == [b, a, c, d])
        #expect(standings.map(\.score) == [82.5, 80, 80, nil])
        #expect(standings.map(\.rank) == [1, 2, 2, nil], "ties share a rank")
        #expect(standings.map(\.gapToAhead) == [nil, 2.5, 2.5, nil], "the gap is to the next better score, not to a tie")
        #expect(standings[1].criterionScores == [80, 80])
        #expect(Ranking.competitionRanks([90, 80, 80, 70]) == [1, 2, 2, 4])
    }

    @Test func observationRulesRefuseAnEmptyPanelAndScoresOutOfRange() {
        let event = ObservationEvent(id: UUID(), year: 2026, title: "观摩", day: day("2026-06-01"), criteria: [], unitIDs: [a], raterIDs: [r1])
        #expect(throws: RuleViolation(.observationNeedsCriteria, field: .fieldCriteria)) { try ObservationRules.check(event) }
        var weighted = event
        weighted.criteria = [ObservationCriterion(name: "x", weight: 0)]
        #expect(throws: RuleViolation(.fieldOutOfRange, field: .fieldWeight)) { try ObservationRules.check(weighted) }
        weighted.criteria = [ObservationCriterion(name: "x", weight: 1)]
        weighted.raterIDs = []
        #expect(throws: RuleViolation(.observationNeedsRaters, field: .fieldRaters)) { try ObservationRules.check(weighted) }
        #expect(throws: RuleViolation.self) { try ObservationRules.checkScore(100.5) }
        #expect(throws: RuleViolation.self) { try ObservationRules.checkScore(-1) }
        #expect(throws: RuleViolation.self) { try ObservationRules.checkScore(.nan) }
        #expect((try? ObservationRules.checkScore(100)) != nil && (try? ObservationRules.checkScore(0)) != nil)
    }

    func scheme(_ items: [AssessmentItem], grading: GradeRule = GradeRule()) -> AssessmentScheme {
        AssessmentScheme(id: UUID(), year: 2026, group: .townsAndStreets, version: 1, title: "2026", items: items, grading: grading,
                         createdOn: day("2026-01-05"), createdBy: "督查室")
    }

    func indicator(_ code: String, root: String, completion: Double?) -> IndicatorFact {
        IndicatorFact(id: UUID(), code: code, name: code, rootCode: root, completion: completion)
    }

    @Test func indicatorCompletionIsCappedOrTiered() {
        let capped = AssessmentItem(key: "1", name: "GDP", kind: .indicators, points: 20, indicatorCode: "GDP", completionCap: 1.2)
        let tiered = AssessmentItem(key: "2", name: "投资", kind: .indicators, points: 10, indicatorCode: "INV",
                                    thresholds: [AssessmentThreshold(completion: 0.8, share: 0.6), AssessmentThreshold(completion: 1, share: 1)])
        func earned(_ item: AssessmentItem, _ completion: Double?) -> Double {
            let facts = UnitFacts(unitID: a, unitName: "甲镇", indicators: [indicator("\(item.indicatorCode!)-1", root: item.indicatorCode!, completion: completion),
                                                                           indicator("OTHER-1", root: "OTHER", completion: 0)])
            return AssessmentRules.lines(for: facts, scheme: scheme([item]))[0].earned
        }
        #expect(earned(capped, 0.5) == 10)
        #expect(earned(capped, 1.5) == 24, "capped at 120%")
        #expect(earned(capped, nil) == 0, "no value: no points")
        #expect(earned(tiered, 0.79) == 0 && earned(tiered, 0.8) == 6 && earned(tiered, 0.99) == 6 && earned(tiered, 1.3) == 10)
        #expect(AssessmentRules.share(completion: 0.8 - 1e-12, item: tiered) == 0.6, "rounding at the edge counts as reached")
    }

    @Test func deductionsAreCappedAtTheirPointsAndEveryPointHasItsFact() {
        let items = [
            AssessmentItem(key: "1", name: "任务", kind: .tasksOnTime, points: 20),
            AssessmentItem(key: "2", name: "报送", kind: .reportsOnTime, points: 10),
            AssessmentItem(key: "3", name: "批评", kind: .criticisms, points: 3, perCount: 1),
            AssessmentItem(key: "4", name: "督办", kind: .notices, points: 5, perCount: 0.5),
            AssessmentItem(key: "5", name: "迟报", kind: .lateReports, points: 2, perCount: 0.2),
            AssessmentItem(key: "6", name: "加分", kind: .bonus, points: 3),
        ]
        let tasks = [TaskFact(id: UUID(), code: "T1", title: "a", deadline: day("2026-03-31"), outcome: .onTime),
                     TaskFact(id: UUID(), code: "T2", title: "b", deadline: day("2026-06-30"), outcome: .late),
                     TaskFact(id: UUID(), code: "T3", title: "c", deadline: day("2026-09-30"), outcome: .onTime),
                     TaskFact(id: UUID(), code: "T4", title: "d", deadline: day("2026-09-30"), outcome: .missed)]
        let criticisms = (0..<4).map { CountedFact(id: UUID(), label: "批评\($0)", day: day("2026-05-0\($0 + 1)")) }
        let notices = [CountedFact(id: UUID(), label: "DB-1", day: day("2026-04-01"), points: 2), CountedFact(id: UUID(), label: "CB-1", day: day("2026-04-02"))]
        let bonuses = [CountedFact(id: UUID(), label: "省级表彰", day: day("2026-07-01"), points: 2), CountedFact(id: UUID(), label: "创新", day: day("2026-08-01"), points: 2)]
        let facts = UnitFacts(unitID: a, unitName: "甲镇", tasks: tasks, reportsDue: 40, reportsOnTime: 30,
                              reportLapses: [ReportFact(taskID: tasks[1].id, taskCode: "T2", periodKey: "2026-05", late: true)], lateReports: 15,
                              criticisms: criticisms, notices: notices, bonuses: bonuses)
        let lines = AssessmentRules.lines(for: facts, scheme: scheme(items))
        #expect(lines.map(\.earned) == [10, 7.5, -3, -2.5, -2, 3])
        #expect(lines[0].counted == 2 && lines[0].outOf == 4)
        #expect(lines[0].evidence.prefix(2).allSatisfy(\.costs) && Set(lines[0].evidence.prefix(2).map(\.label)) == ["T2 b", "T4 d"],
                "the tasks that cost points come first")
        #expect(lines[3].evidence.map(\.figure) == [2, 0.5], "a notice's own deduction, else the item's per-count")
        #expect(lines[4].measure == 15, "late reports counted whole")
        let nothingDue = AssessmentRules.lines(for: UnitFacts(unitID: a, unitName: "甲镇"), scheme: scheme(items))
        #expect(nothingDue.map(\.earned) == [20, 10, 0, 0, 0, 0], "nothing due, nothing missed")
    }

    func facts(_ unit: UUID, _ name: String, completion: Double, investment: Double = 1) -> UnitFacts {
        UnitFacts(unitID: unit, unitName: name, indicators: [indicator("GDP-\(name)", root: "GDP", completion: completion),
                                                             indicator("INV-\(name)", root: "INV", completion: investment)])
    }

    @Test func ranksTiesTheQuotaAndTheVeto() {
        let items = [AssessmentItem(key: "1", name: "GDP", kind: .indicators, points: 100, indicatorCode: "GDP"),
                     AssessmentItem(key: "2", name: "招商引资", kind: .veto, points: 0, indicatorCode: "INV")]
        let units = (0..<10).map { _ in UUID() }
        // Scores 100, 98, 95, 95, 93, 85, 75, 65, 50, 40; the best is vetoed (investment missed).
        let completions = [1.0, 0.98, 0.95, 0.95, 0.93, 0.85, 0.75, 0.65, 0.5, 0.4]
        let all = zip(units, completions).enumerated().map { index, pair in
            facts(pair.0, "U\(index)", completion: pair.1, investment: index == 0 ? 0.6 : 1)
        }
        let results = AssessmentRules.results(for: all, scheme: scheme(items, grading: GradeRule(excellenceQuota: 0.3)))
        #expect(results.map(\.score) == [100, 98, 95, 95, 93, 85, 75, 65, 50, 40])
        #expect(results.map(\.rank) == [1, 2, 3, 3, 5, 6, 7, 8, 9, 10])
        #expect(results[0].vetoes == ["招商引资"] && results[0].grade == .good, "vetoed: never excellent, whatever the score")
        // Quota 3 of 10; after the vetoed unit: 98 (1), then 95 and 95 would make 3: both in.
        #expect(results.map(\.grade) == [.good, .excellent, .excellent, .excellent, .good, .good, .fair, .fair, .poor, .poor])
        #expect(results[3].gapToAhead == 3 && results[2].gapToAhead == 3, "tied units are both 3 behind the one ahead")
        // Quota 2 of 10: the tie at 95 would take it over: only 98 is excellent.
        let strict = AssessmentRules.results(for: all, scheme: scheme(items, grading: GradeRule(excellenceQuota: 0.2)))
        #expect(strict.filter { $0.grade == .excellent }.map(\.score) == [98])
        // Below the excellent floor, the quota does not fill.
        let high = AssessmentRules.results(for: all, scheme: scheme(items, grading: GradeRule(excellenceQuota: 0.5, excellentMin: 96)))
        #expect(high.filter { $0.grade == .excellent }.map(\.score) == [98])
    }

    @Test func the225RuleAcrossThreeYears() {
        let items = [AssessmentItem(key: "1", name: "固定资产投资", kind: .indicators, points: 100, indicatorCode: "INV", applies225: true)]
        let heads = [UUID(), UUID(), UUID()]
        func consequences(completion: Double, yellowLastYear: Bool, year: Int) -> [Consequence] {
            var s = scheme(items)
            s.year = year
            let facts = UnitFacts(unitID: a, unitName: "甲镇", indicators: [indicator("INV-A", root: "INV", completion: completion)])
            let result = AssessmentRules.results(for: [facts], scheme: s)[0]
            return ConsequenceRules.consequences(of: ConsequenceInput(result: result, heads: heads, people: heads, yellowCardsLastYear: yellowLastYear ? ["INV"] : [],
                                                                      criticismCount: 0), scheme: s, runID: UUID(), on: day("\(year + 1)-01-20"))
        }
        // Year one: missed → a yellow card on the unit (and, for it, a recommendation for its first head).
        let first = consequences(completion: 0.9, yellowLastYear: false, year: 2024)
        #expect(first.map(\.kind).sorted { $0.rawValue < $1.rawValue } == [.demotion, .yellowCard])
        #expect(first.first { $0.kind == .yellowCard }?.inForceUntil == day("2025-12-31") && first.first { $0.kind == .yellowCard }?.reason == .planMissed)
        // Year two: missed again → dismissal recommendations for the two principal heads (not the third person).
        let second = consequences(completion: 0.95, yellowLastYear: true, year: 2025)
        #expect(second.map(\.kind) == [.dismissal, .dismissal] && second.map(\.personID) == [heads[0], heads[1]])
        #expect(second.allSatisfy { $0.reason == .planMissedTwice && $0.subject == "INV" && $0.figure == 0.95 })
        // Year three: met → rewards for the two heads; nothing else.
        let third = consequences(completion: 1.02, yellowLastYear: false, year: 2026)
        #expect(third.map(\.kind) == [.reward, .reward] && third.allSatisfy { $0.reason == .planMet })
    }

    @Test func aVetoRestrictsEveryoneAndTheEligibilityAnswerNamesIt() {
        let items = [AssessmentItem(key: "1", name: "GDP", kind: .indicators, points: 100, indicatorCode: "GDP"),
                     AssessmentItem(key: "2", name: "招商引资", kind: .veto, points: 0, indicatorCode: "INV")]
        let people = [UUID(), UUID(), UUID()]
        let s = scheme(items)
        let result = AssessmentRules.results(for: [facts(a, "甲镇", completion: 1, investment: 0.5)], scheme: s)[0]
        let applied = ConsequenceRules.consequences(of: ConsequenceInput(result: result, heads: Array(people.prefix(2)), people: people,
                                                                         yellowCardsLastYear: [], criticismCount: 0), scheme: s, runID: UUID(), on: day("2027-01-20"))
        let restrictions = applied.filter { $0.kind == .restriction }
        #expect(Set(restrictions.compactMap(\.personID)) == Set(people), "leadership and staff alike")
        #expect(restrictions.allSatisfy { $0.subject == "招商引资" && $0.inForceUntil == day("2027-12-31") })
        let mine = applied.filter { $0.personID == people[2] }
        let now = Eligibility.answer(consequences: mine, on: day("2027-03-01"))
        #expect(now.map(\.question) == [.promotion, .reuse, .excellence, .model] && now.allSatisfy { !$0.allowed })
        #expect(now.allSatisfy { $0.restrictions.map(\.reason) == [.vetoed] })
        #expect(Eligibility.answer(consequences: mine, on: day("2028-01-01")).allSatisfy { $0.allowed }, "the next period over: free again")
        // A yellow card bars excellence and models; a pending demotion bars promotion and reuse.
        let yellow = Consequence(kind: .yellowCard, year: 2026, unitID: a, personID: nil, runID: nil, reason: .planMissed, subject: "INV",
                                 recordedOn: day("2027-01-20"), inForceUntil: day("2027-12-31"))
        let demotion = Consequence(kind: .demotion, year: 2026, unitID: a, personID: people[0], runID: nil, reason: .gradedPoor, subject: "甲镇",
                                   recordedOn: day("2027-01-20"), inForceUntil: day("2027-12-31"))
        let answers = Eligibility.answer(consequences: [yellow, demotion], on: day("2027-02-01"))
        #expect(answers.map(\.allowed) == [false, false, false, false])
        #expect(answers[0].restrictions == [demotion] && answers[2].restrictions == [yellow])
        #expect(Eligibility.answer(consequences: [yellow], on: day("2027-02-01")).map(\.allowed) == [true, true, false, false])
    }

    @Test func weakPerformanceLeadsToARecommendation() {
        let items = [AssessmentItem(key: "1", name: "GDP", kind: .indicators, points: 100, indicatorCode: "GDP")]
        let head = UUID()
        let s = scheme(items)
        func kinds(completion: Double, criticisms: Int) -> [Consequence] {
            let result = AssessmentRules.results(for: [facts(a, "甲镇", completion: completion)], scheme: s)[0]
            return ConsequenceRules.consequences(of: ConsequenceInput(result: result, heads: [head], people: [head], yellowCardsLastYear: [],
                                                                      criticismCount: criticisms), scheme: s, runID: UUID(), on: day("2027-01-20"))
        }
        #expect(kinds(completion: 0.5, criticisms: 0).map(\.reason) == [.gradedPoor])
        #expect(kinds(completion: 0.95, criticisms: 3).map(\.reason) == [.repeatedCriticism])
        #expect(kinds(completion: 0.95, criticisms: 2).isEmpty)
        #expect(kinds(completion: 0.5, criticisms: 0).allSatisfy { $0.kind == .demotion && $0.personID == head && $0.kind.goesToMeeting })
    }

    @Test func numbersAndPlaceholdersReadAsPeopleWriteThem() {
        #expect(Numbers.grouped(0) == "0" && Numbers.grouped(3.5) == "3.5" && Numbers.grouped(12500) == "12,500")
        #expect(Numbers.grouped(1234567.891) == "1,234,567.89" && Numbers.grouped(-0.004) == "0" && Numbers.grouped(-1234.5) == "-1,234.5")
        #expect(Numbers.grouped(999.999) == "1,000" && Numbers.grouped(0.05, decimals: 1) == "0.1" && Numbers.grouped(2.10) == "2.1")
        #expect(Numbers.grouped(100) == "100" && Numbers.grouped(1000) == "1,000" && Numbers.grouped(0.25, decimals: 0) == "0")
        let catalogue = Catalogue.for(.zhHans)
        #expect(catalogue.format(.breakdownRank, ["rank": "3", "of": "40"]) == "第 3 名（共 40 个单位）")
        #expect(catalogue.format(.breakdownRank, ["rank": "{of}", "of": "40"]) == "第 {of} 名（共 40 个单位）", "a value is not read again")
        #expect(catalogue.format(.breakdownRank, ["rank": "3"]) == "第 3 名（共 {of} 个单位）", "a missing value leaves its placeholder")
    }

    @Test func schemeItemsAreChecked() {
        #expect(throws: RuleViolation(.assessmentVetoNeedsIndicator, field: .fieldIndicatorCode)) {
            try AssessmentRules.check(AssessmentItem(key: "1", name: "否决", kind: .veto, points: 0))
        }
        #expect(throws: RuleViolation(.assessmentRule225NeedsIndicator, field: .fieldIndicatorCode)) {
            try AssessmentRules.check(AssessmentItem(key: "1", name: "任务", kind: .tasksOnTime, points: 10, applies225: true))
        }
        #expect(throws: RuleViolation(.fieldOutOfRange, field: .fieldPoints)) {
            try AssessmentRules.check(AssessmentItem(key: "1", name: "任务", kind: .tasksOnTime, points: 0))
        }
        #expect(throws: RuleViolation(.assessmentGradeFloorsOutOfOrder, field: .fieldGradeFloors)) {
            try AssessmentRules.check(GradeRule(excellentMin: 70, goodMin: 80))
        }
        #expect((try? AssessmentRules.check(GradeRule())) != nil)
    }
}
