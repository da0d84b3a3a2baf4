// Generated data sets for measuring, written through the same use cases (a batch per transaction):
// a county (the demo district plus about 600 units, 10,000 people, 40,000 tasks) and a city (about
// 3,000 units, 50,000 people, 200,000 tasks, 2,000 indicators with a year of readings). Key tasks
// are decomposed to towns and, in each, to persons.
import Foundation
import LuoshiDomain
import LuoshiStorage

public struct CountySummary: Sendable {
    public var units: Int
    public var people: Int
    public var tasks: Int
    public var indicators: Int
    public var readings: Int
}

/// The shape of a generated data set.
public struct GeneratedScale: Sendable {
    public var towns: Int
    public var villagesPerTown: Int
    public var keyTasks: Int
    /// Each group is one indicator split over every town.
    public var indicatorGroups: Int
    public var months: Int
    /// Key tasks (each with its 15 sub-tasks) written per transaction.
    public var keyTasksPerTransaction: Int

    public static let county = GeneratedScale(towns: 18, villagesPerTown: 30, keyTasks: 2_500, indicatorGroups: 20, months: 10,
                                              keyTasksPerTransaction: 50)
    public static let city = GeneratedScale(towns: 100, villagesPerTown: 29, keyTasks: 12_500, indicatorGroups: 20, months: 12,
                                            keyTasksPerTransaction: 50)

}

public func loadCountyScale(passwordHash: String, context: UseCaseContext, scale: GeneratedScale = .county,
                            progress: @Sendable (String, Double) -> Void) async throws -> CountySummary? {
    guard case .loaded(let demo) = try await loadDemoDistrict(passwordHash: passwordHash, context: context) else { return nil }
    progress("demo district: \(demo.units) units, \(demo.people) people, \(demo.plan.keyTasks + demo.plan.subTasks) tasks", 0.01)
    var summary = CountySummary(units: demo.units, people: demo.people, tasks: demo.plan.keyTasks + demo.plan.subTasks,
                                indicators: demo.plan.indicators, readings: demo.plan.readings)
    let store = context.store
    guard let government = try await store.unit(code: DemoDistrictData.government) else { return nil }
    // Towns with their villages; 20 people a town, 16 a village.
    var built: [(Unit, [Person])] = []
    for town in 1...scale.towns {
        let (unit, people, villages) = try await store.write { tx in
            var n = 100_000 + town * 1_000
            let unit = try await createUnit(UnitDraft(code: String(format: "T%03d", town), name: "第\(town)镇", kind: .town,
                                                      parentID: government.id, sortOrder: 1000 + town), in: tx, context: context)
            let people = try await createPeople((0..<20).map { index in
                PersonDraft(name: DemoDistrictData.name(n + 1 + index), position: index == 0 ? "党委书记" : "科员",
                            rank: index < 3 ? .sectionLevel : .staff, unitID: unit.id)
            }, in: tx, context: context)
            n += 20
            var villages = 0
            var villagers: [PersonDraft] = []
            for village in 1...scale.villagesPerTown {
                let villageUnit = try await createUnit(UnitDraft(code: String(format: "T%03d-C%02d", town, village), name: "第\(town)镇\(village)村",
                                                                 kind: .village, parentID: unit.id, sortOrder: village), in: tx, context: context)
                for index in 0..<16 {
                    n += 1
                    villagers.append(PersonDraft(name: DemoDistrictData.name(n), position: index == 0 ? "党支部书记" : "村干部",
                                                 rank: .staff, unitID: villageUnit.id))
                }
                villages += 1
            }
            _ = try await createPeople(villagers, in: tx, context: context)
            return (unit, people, villages)
        }
        built.append((unit, people))
        summary.units += 1 + villages
        summary.people += 20 + villages * 16
        progress("units \(summary.units), people \(summary.people)", 0.1 * Double(town) / Double(scale.towns))
    }
    let leaders = try await store.leaders()
    let towns = built
    // Key tasks, each decomposed to three towns and, in each, to four of its people.
    for first in stride(from: 1, through: scale.keyTasks, by: scale.keyTasksPerTransaction) {
        let numbers = first...min(first + scale.keyTasksPerTransaction - 1, scale.keyTasks)
        let count = try await store.write { tx in
            let trees = numbers.map { number in
                let first = towns[number % towns.count], second = towns[(number + 5) % towns.count], third = towns[(number + 11) % towns.count]
                let deadline = Day(year: 2026, month: 1 + number % 12, day: 28)!
                let start = Day(year: 2026, month: 1, day: 1)!
                let tier = Tier.allCases[number % 3]
                let parts = [first, second, third].enumerated().map { offset, town in
                    TaskTreeDraft(TaskDraft(year: 2026, title: "\(town.0.name)承担部分", tier: tier, start: start, deadline: deadline,
                                            responsibleUnitID: town.0.id),
                                  children: (0..<4).map { person in
                                      let assignee = town.1[(number + offset + person) % town.1.count]
                                      let done = (number * 7 + person * 13) % 101
                                      return TaskTreeDraft(TaskDraft(year: 2026, title: "\(assignee.name)负责事项", tier: tier, start: start,
                                                                     deadline: deadline, responsibleUnitID: town.0.id, assigneeID: assignee.id),
                                                           report: done > 0 ? (done == 100 ? .completed : .inProgress, done) : nil)
                                  })
                }
                return TaskTreeDraft(TaskDraft(year: 2026, code: "2026-SC-\(number)", title: "生成任务\(number)：重点工作推进", tier: tier,
                                               target: "按期完成", start: start, deadline: deadline,
                                               leadLeaderID: leaders[number % leaders.count].id, responsibleUnitID: first.0.id,
                                               cooperatingUnitIDs: [second.0.id, third.0.id]),
                                     children: parts)
            }
            return try await createTaskTrees(trees, in: tx, context: context).count
        }
        summary.tasks += count
        progress("tasks \(summary.tasks)", 0.1 + 0.8 * Double(numbers.upperBound) / Double(scale.keyTasks))
    }
    // Indicators, each split over every town, with monthly readings a part.
    for index in 1...scale.indicatorGroups {
        let added = try await store.write { tx in
            let parent = try await createIndicator(IndicatorDraft(year: 2026, code: "SC-\(index)", name: "生成指标\(index)", measure: .wanYuan,
                                                                  target: Double(1_000 * towns.count), ownerUnitID: government.id), in: tx, context: context)
            var readings = 0
            for (offset, town) in towns.enumerated() {
                let part = try await createIndicator(IndicatorDraft(year: 2026, code: "SC-\(index)-\(offset + 1)", name: "生成指标\(index)（\(town.0.name)）",
                                                                    measure: .wanYuan, target: 1_000, ownerUnitID: town.0.id, parentID: parent.id),
                                                     in: tx, context: context)
                for month in 1...scale.months {
                    _ = try await recordReading(indicatorID: part.id, value: Double(month * (60 + offset)), asOf: Day(year: 2026, month: month, day: 28)!,
                                                comment: "", evidence: "", in: tx, context: context)
                    readings += 1
                }
            }
            return readings
        }
        summary.indicators += 1 + towns.count
        summary.readings += added
        progress("indicators \(summary.indicators), readings \(summary.readings)", 0.9 + 0.1 * Double(index) / Double(scale.indicatorGroups))
    }
    // The generated tasks were written in batches without their lights: compute them all once.
    _ = try await store.write { tx in try await tx.recomputeLights(today: context.today, policy: context.lightPolicy) }
    progress("lights", 1)
    return summary
}
