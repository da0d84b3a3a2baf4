// Loads the demo plan (work areas, key tasks and their decomposition, key objects, indicators and
// readings) through the same use cases as everyone, after the demo district's units and people.
import Foundation
import LuoshiDomain
import LuoshiStorage

public struct DemoPlanSummary: Sendable {
    public var areas = 0
    public var keyTasks = 0
    public var subTasks = 0
    public var keyObjects = 0
    public var indicators = 0
    public var readings = 0
}

struct DemoPlanLoader {
    let context: UseCaseContext
    let units: [String: Unit]
    let people: [String: [Person]]
    var summary = DemoPlanSummary()

    func person(_ leader: DemoLeader) -> UUID? { people[leader.unitCode]?[safe: leader.index]?.id }

    func unit(_ code: String) throws -> Unit {
        guard let unit = units[code] else { throw RuleViolation(.fieldInvalidChoice, field: .fieldResponsibleUnit) }
        return unit
    }

    static func day(_ month: Int, _ day: Int) -> Day { Day(year: DemoPlanData.year, month: month, day: day)! }

    static func monthEnd(_ month: Int) -> Day { Day(year: DemoPlanData.year, month: month, day: Day.days(inMonth: month, of: DemoPlanData.year))! }

    mutating func load() async throws -> DemoPlanSummary {
        var areas: [String: WorkArea] = [:]
        for (order, area) in DemoPlanData.areas.enumerated() {
            areas[area.code] = try await createWorkArea(year: DemoPlanData.year, code: area.code, name: area.name,
                                                        sortOrder: order, context: context)
            summary.areas += 1
        }
        var tasksByNumber: [Int: KeyTask] = [:]
        for demo in DemoPlanData.tasks {
            tasksByNumber[demo.number] = try await loadTask(demo, area: areas[demo.areaCode])
        }
        var indicatorsByCode: [String: Indicator] = [:]
        for demo in DemoPlanData.indicators {
            indicatorsByCode[demo.code] = try await loadIndicator(demo)
        }
        for demo in DemoPlanData.keyObjects {
            let start = demo.startMonth.map { Self.day($0, 1) }
            let completion = demo.completionYear.flatMap { year in
                demo.completionMonth.flatMap { Day(year: year, month: $0, day: Day.days(inMonth: $0, of: year)) }
            }
            _ = try await createKeyObject(KeyObject(
                id: UUID(), year: DemoPlanData.year, kind: demo.kind, code: demo.code, name: demo.name,
                contractedLeaderID: person(demo.leader), delegatedPowers: demo.delegatedPowers,
                responsibleUnitID: try unit(demo.responsibleUnitCode).id, investmentTotal: demo.investmentTotal,
                plannedInvestment: demo.plannedInvestment, start: start, completion: completion, location: demo.location,
                taskIDs: demo.taskNumbers.compactMap { tasksByNumber[$0]?.id },
                indicatorIDs: Self.indicatorCodes(for: demo.kind).compactMap { indicatorsByCode[$0]?.id }), context: context)
            summary.keyObjects += 1
        }
        return summary
    }

    /// Projects answer for investment; regions for foreign capital and signed projects; villages for jobs.
    static func indicatorCodes(for kind: KeyObjectKind) -> [String] {
        switch kind {
        case .keyProject: ["ZB-01"]
        case .investmentRegion: ["ZB-04", "ZB-05"]
        case .keyVillage: ["ZB-02"]
        }
    }

    mutating func loadTask(_ demo: DemoTask, area: WorkArea?) async throws -> KeyTask {
        let deadline = Self.day(demo.deadlineMonth, demo.deadlineDay)
        let task = try await createTask(TaskDraft(
            year: DemoPlanData.year, code: TaskCode.keyTask(year: DemoPlanData.year, number: demo.number), title: demo.title,
            areaID: area?.id, tier: demo.tier, target: demo.target, requirements: demo.requirements,
            start: Self.day(demo.startMonth, 1), deadline: deadline,
            milestones: demo.milestones.map { Milestone(date: Self.day($0.month, $0.day), target: $0.target) },
            leadLeaderID: person(demo.leader), responsibleUnitID: try unit(demo.responsibleUnitCode).id,
            cooperatingUnitIDs: try demo.cooperatingUnitCodes.map { try unit($0).id }), context: context)
        summary.keyTasks += 1
        if demo.subTasks.isEmpty {
            try await setProgress(task, status: demo.status, progress: demo.progress)
        } else {
            for sub in demo.subTasks { try await loadSubTask(sub, parent: task, status: demo.status) }
            // Sub-tasks moved it to "in progress"; a finished task is then closed as a whole.
            if demo.status == .completed { _ = try await changeTaskStatus(id: task.id, to: .completed, progress: nil, reason: nil, context: context) }
        }
        return task
    }

    mutating func loadSubTask(_ demo: DemoSubTask, parent: KeyTask, status: TaskStatus) async throws {
        let unit = try unit(demo.unitCode)
        let assignee = demo.personIndex.flatMap { people[demo.unitCode]?[safe: $0]?.id }
        let task = try await createTask(TaskDraft(
            year: parent.year, title: demo.title, tier: parent.tier, start: parent.start, deadline: parent.deadline,
            responsibleUnitID: unit.id, assigneeID: assignee, parentID: parent.id), context: context)
        summary.subTasks += 1
        if demo.children.isEmpty {
            try await setProgress(task, status: status, progress: demo.progress)
        } else {
            for child in demo.children { try await loadSubTask(child, parent: task, status: status) }
        }
    }

    func setProgress(_ task: KeyTask, status: TaskStatus, progress: Int) async throws {
        guard status != .notStarted || progress > 0 else { return }
        _ = try await changeTaskStatus(id: task.id, to: status == .notStarted ? .inProgress : status,
                                       progress: progress, reason: nil, context: context)
    }

    mutating func loadIndicator(_ demo: DemoIndicator) async throws -> Indicator {
        let parent = try await createIndicator(IndicatorDraft(
            year: DemoPlanData.year, code: demo.code, name: demo.name, measure: demo.measure, direction: demo.direction,
            baseline: demo.baseline, target: demo.target, ownerUnitID: try unit(demo.ownerUnitCode).id, rollUp: demo.rollUp),
            context: context)
        summary.indicators += 1
        for part in demo.parts {
            let owner = try unit(part.unitCode)
            let child = try await createIndicator(IndicatorDraft(
                year: DemoPlanData.year, code: "\(demo.code)-\(part.unitCode)", name: "\(demo.name)（\(owner.name)）",
                measure: demo.measure, direction: demo.direction, baseline: 0, target: part.target, ownerUnitID: owner.id,
                parentID: parent.id, rollUp: demo.rollUp), context: context)
            summary.indicators += 1
            for (index, value) in part.monthlyReadings.enumerated() {
                _ = try await recordReading(indicatorID: child.id, value: value, asOf: Self.monthEnd(index + 1),
                                            comment: "", evidence: "", context: context)
                summary.readings += 1
            }
        }
        return parent
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
