// The demo district's assessment (issue 11), through the same use cases as everyone, on the days
// they happened: the fixed-asset investment plan (ZB-01) shared out to towns and departments in
// 2024 and 2025 with the year-end readings; schemes for each group with the investment veto under
// the "225" rule; 2024 published (the misses are in `misses`), so that in 2025 a town with last
// year's yellow card misses again (dismissal recommendations for its two heads), and
// the units that missed investment are vetoed (the four restrictions on their people through
// 2026); a closed observation event of 2025 and an open one of 2026; bonuses and a commendation;
// this year's schemes, ready to preview.
import Foundation
import LuoshiDomain
import LuoshiStorage

enum DemoAssessment {
    /// Each unit's completion of its investment share, per year (1.0 = met); the rest meet it.
    static let misses: [Int: [String: Double]] = [
        2024: ["ZSZZ": 0.92, "JTYS": 0.97],
        2025: ["ZSZZ": 0.90, "NGZ": 0.86, "JTYS": 0.81],
    ]
    static let shares: [(code: String, target: Double)] = [
        ("YHJD", 90000), ("PZZ", 76000), ("ZSZZ", 70000), ("NGZ", 80000), ("JTJZ", 85000), ("MLTZ", 60000),
        ("KFQ", 360000), ("GCGW", 140000), ("JTYS", 56000), ("ZJJ", 110000),
    ]

    static func scheme(year: Int, group: AssessmentGroup) -> (String, [AssessmentItem]) {
        let title = "\(year)年度\(group == .townsAndStreets ? "镇街" : "区直部门")目标管理考核方案"
        return (title, AssessmentScheme.standardItems(for: group) + [
            AssessmentItem(key: "9", name: "固定资产投资任务", kind: .veto, points: 0, indicatorCode: "ZB-01", applies225: true),
        ])
    }

    static func load(context base: UseCaseContext, units: [String: Unit]) async throws {
        let today = base.today
        guard today.year >= 2026 else { return }
        for year in [2024, 2025] {
            let start = DemoActing.at(base, Day(year: year, month: 1, day: 6)!)
            for group in [AssessmentGroup.townsAndStreets, .departments] {
                let (title, items) = scheme(year: year, group: group)
                _ = try await saveAssessmentScheme(year: year, group: group, title: title, items: items, grading: GradeRule(), context: start)
            }
            let root = try await createIndicator(IndicatorDraft(year: year, code: "ZB-01", name: "固定资产投资", measure: .wanYuan,
                                                                target: shares.reduce(0) { $0 + $1.target } * (year == 2024 ? 0.9 : 1),
                                                                ownerUnitID: units["QZF"]?.id), context: start)
            for (code, target) in shares {
                guard let unit = units[code] else { continue }
                let planned = target * (year == 2024 ? 0.9 : 1)
                let share = try await createIndicator(IndicatorDraft(year: year, code: "ZB-01-\(code)", name: "固定资产投资（\(unit.name)）",
                                                                     measure: .wanYuan, target: planned, ownerUnitID: unit.id, parentID: root.id),
                                                      context: start)
                let completion = misses[year]?[code] ?? (1.0 + Double(code.unicodeScalars.reduce(0) { $0 + Int($1.value) } % 9) / 100)
                _ = try await recordReading(indicatorID: share.id, value: (planned * completion).rounded(), asOf: Day(year: year, month: 12, day: 31)!,
                                            comment: "年报数", evidence: "统计局年报", context: DemoActing.at(base, Day(year: year + 1, month: 1, day: 10)!))
            }
        }
        // 2025's observation of key-project construction: three leaders score the towns, then it closes.
        let towns = ["YHJD", "PZZ", "ZSZZ", "NGZ", "JTJZ", "MLTZ"].compactMap { units[$0] }
        var raters: [UUID] = []
        for username in ["shuji", "quzhang", "fuquzhang"] {
            if let (account, _) = try await base.store.account(username: username) { raters.append(account.id) }
        }
        let criteria = [ObservationCriterion(name: "项目进度", weight: 40), ObservationCriterion(name: "投资强度", weight: 30),
                        ObservationCriterion(name: "建设质量", weight: 30)]
        let observed = try await createObservationEvent(
            ObservationDraft(year: 2025, title: "2025年重点项目建设观摩", day: Day(year: 2025, month: 10, day: 24)!, criteria: criteria,
                             unitIDs: towns.map(\.id), raterIDs: raters), context: DemoActing.at(base, Day(year: 2025, month: 10, day: 20)!))
        for (raterIndex, username) in ["shuji", "quzhang", "fuquzhang"].enumerated() {
            let rater = try await DemoActing.acting(base, username, on: Day(year: 2025, month: 10, day: 24)!)
            var scores: [(unitID: UUID, criterion: Int, score: Double)] = []
            for (townIndex, town) in towns.enumerated() {
                for criterion in criteria.indices {
                    scores.append((town.id, criterion, Double(96 - townIndex * 3 - (townIndex + raterIndex + criterion) % 4)))
                }
            }
            _ = try await submitObservationSheet(eventID: observed.id, scores: scores, context: rater)
        }
        _ = try await closeObservationEvent(id: observed.id, context: DemoActing.at(base, Day(year: 2025, month: 10, day: 25)!))
        if let yhjd = units["YHJD"] {
            _ = try await recordBonus(year: 2025, unitID: yhjd.id, points: 2, reason: "获评省级文明街道", evidence: "省文明委文件",
                                      context: DemoActing.at(base, Day(year: 2025, month: 12, day: 15)!))
        }
        // Each year published in January of the next; 2024's yellow card makes 2025's miss a dismissal.
        for year in [2024, 2025] {
            let day = DemoActing.at(base, Day(year: year + 1, month: 1, day: 20)!)
            for group in [AssessmentGroup.townsAndStreets, .departments] {
                let run = try await previewAssessment(year: year, group: group, context: day)
                _ = try await publishAssessmentRun(id: run.id, context: day)
            }
        }
        if let kfq = units["KFQ"] {
            _ = try await recordCommendation(year: 2025, unitID: kfq.id, personID: nil, title: "2025年度招商引资先进单位",
                                             basis: "区委、区政府表彰决定；固定资产投资完成率居全区首位",
                                             context: DemoActing.at(base, Day(year: 2026, month: 2, day: 3)!))
        }
        // This year: the schemes, and an observation event being scored (one sheet in).
        for group in [AssessmentGroup.townsAndStreets, .departments] {
            let (title, items) = scheme(year: 2026, group: group)
            _ = try await saveAssessmentScheme(year: 2026, group: group, title: title, items: items, grading: GradeRule(),
                                               context: DemoActing.at(base, Day(year: 2026, month: 1, day: 8)!))
        }
        let open = try await createObservationEvent(
            ObservationDraft(year: 2026, title: "2026年重点项目建设观摩", day: today.adding(days: -2), criteria: criteria,
                             unitIDs: towns.map(\.id), raterIDs: raters), context: DemoActing.at(base, today.adding(days: -5)))
        let first = try await DemoActing.acting(base, "quzhang", on: today.adding(days: -1))
        _ = try await submitObservationSheet(eventID: open.id, scores: towns.enumerated().map { ($1.id, 0, Double(90 - $0 * 2)) }, context: first)
    }
}
