// Use case, bulk path: register many tasks with their decomposition (and a first report on any of
// them) in one transaction, under the same rules as `createTask` and `changeTaskStatus` one by one.
// What the rules need (units, people, work areas, taken codes) is read in one statement each, the
// roll-up of the new trees is computed in memory once, and the rows go in 200 to a statement. The
// audit trail gets the same events as the one-by-one path: each creation, each report, and each
// parent that the roll-up moved to "in progress".
import Foundation
import LuoshiDomain
import LuoshiStorage

/// A task to create, its sub-tasks, and optionally a first report on it.
public struct TaskTreeDraft: Sendable {
    public var draft: TaskDraft
    public var report: (status: TaskStatus, progress: Int?)?
    public var children: [TaskTreeDraft]

    public init(_ draft: TaskDraft, report: (status: TaskStatus, progress: Int?)? = nil, children: [TaskTreeDraft] = []) {
        self.draft = draft; self.report = report; self.children = children
    }

    var count: Int { 1 + children.reduce(0) { $0 + $1.count } }
}

/// The organisation as a batch's checks see it: read once, in one statement each.
struct TaskBatchLookups: OrganisationLookups {
    var units: [UUID: Unit]
    var people: [UUID: Person]
    var areas: [Int: [WorkArea]]

    func unit(id: UUID) async throws -> Unit? { units[id] }
    func person(id: UUID) async throws -> Person? { people[id] }
    func workAreas(year: Int) async throws -> [WorkArea] { areas[year] ?? [] }
}

public func createTaskTrees(_ trees: [TaskTreeDraft], context: UseCaseContext) async throws -> [KeyTask] {
    try await context.store.write { tx in try await createTaskTrees(trees, in: tx, context: context) }
}

/// Creates every tree (each root a key task, or a sub-task of an existing task) and returns the
/// tasks in the order given, parents before their sub-tasks. A refusal of any task refuses all.
func createTaskTrees(_ trees: [TaskTreeDraft], in tx: WriteTransaction, context: UseCaseContext) async throws -> [KeyTask] {
    // What the checks will ask for, read in one go.
    var unitIDs: Set<UUID> = [], personIDs: Set<UUID> = [], years: Set<Int> = [], existingParents: [UUID: KeyTask] = [:]
    func gather(_ tree: TaskTreeDraft) {
        unitIDs.insert(tree.draft.responsibleUnitID)
        unitIDs.formUnion(tree.draft.cooperatingUnitIDs)
        if let id = tree.draft.leadLeaderID { personIDs.insert(id) }
        if let id = tree.draft.assigneeID { personIDs.insert(id) }
        years.insert(tree.draft.year)
        tree.children.forEach(gather)
    }
    trees.forEach(gather)
    for tree in trees {
        guard let parentID = tree.draft.parentID, existingParents[parentID] == nil else { continue }
        guard let parent = try await tx.task(id: parentID) else { throw RuleViolation(.recordNotFound) }
        existingParents[parentID] = parent
        unitIDs.insert(parent.responsibleUnitID)
        unitIDs.formUnion(parent.cooperatingUnitIDs)
        years.insert(parent.year)
    }
    let people = try await tx.people(ids: personIDs)
    for person in people.values { unitIDs.insert(person.unitID) }
    var areas: [Int: [WorkArea]] = [:]
    for year in years { areas[year] = try await tx.workAreas(year: year) }
    let lookups = TaskBatchLookups(units: try await tx.units(ids: unitIDs), people: people, areas: areas)
    let unitPaths = lookups.units.mapValues(\.path)
    let caller = context.performer.caller

    // Each task, checked and built in memory, parents first.
    struct Built { var task: KeyTask; var report: (status: TaskStatus, progress: Int?)?; var children: [Int] }
    var built: [Built] = []
    var batchCodes: [Int: Set<String>] = [:]
    func build(_ tree: TaskTreeDraft, parent: KeyTask?, siblingNumber: Int?) async throws -> Int {
        var draft = try tree.draft.validated()
        if let parent {
            try caller?.requireDecompose(task: TaskScope(parent, unitPaths: unitPaths), childUnitPath: unitPaths[draft.responsibleUnitID] ?? "/")
            guard parent.status.isOpen else { throw RuleViolation(.taskParentClosed) }
            draft.year = parent.year
            draft.areaID = parent.areaID
        } else {
            try caller?.requireRegisterWork()
        }
        try await TaskChecks.assignee(of: draft, in: lookups)
        try await TaskChecks.references(of: draft, in: lookups)
        if let parent { try await TaskChecks.decomposition(of: draft, under: parent, in: lookups) }
        let code: String
        if let given = draft.code {
            code = given
        } else if let parent, let number = siblingNumber {
            code = TaskCode.subTask(parentCode: parent.code, number: number)
        } else {
            // A key task, or a sub-task of an existing task: the next number free in the database
            // and in this batch, as the one-by-one path finds it.
            code = try await TaskChecks.code(for: draft, parent: parent, in: tx, skipping: batchCodes[draft.year] ?? [])
        }
        guard batchCodes[draft.year, default: []].insert(code).inserted else { throw RuleViolation(.taskCodeTaken, field: .fieldCode) }
        let task = TaskChecks.newTask(draft, code: code, parent: parent)
        let index = built.count
        built.append(Built(task: task, report: tree.report, children: []))
        for (offset, child) in tree.children.enumerated() {
            let childIndex = try await build(child, parent: task, siblingNumber: offset + 1)
            built[index].children.append(childIndex)
        }
        return index
    }
    for tree in trees { _ = (try await build(tree, parent: tree.draft.parentID.flatMap { existingParents[$0] }, siblingNumber: nil)) }
    // Key tasks made from a decision decompose it, as one by one.
    for decisionID in Set(trees.filter { $0.draft.parentID == nil }.compactMap(\.draft.decisionID)) {
        try await DecisionLink.attach(decisionID, in: tx, context: context)
    }

    // A code given, or numbered under a parent new in this batch, that another task already uses.
    for (year, codes) in batchCodes where !(try await tx.takenTaskCodes(year: year, among: Array(codes)).isEmpty) {
        throw RuleViolation(.taskCodeTaken, field: .fieldCode)
    }

    // Creations are recorded as made; then each report; then the roll-up, once, bottom-up.
    for entry in built {
        try await tx.record(.create, kind: .task, id: entry.task.id.uuidString, before: nil as KeyTask?, after: entry.task, in: context)
    }
    for index in built.indices {
        guard let report = built[index].report else { continue }
        let before = built[index].task
        try caller?.requireReport(task: TaskScope(before, unitPaths: unitPaths))
        let hasSubTasks = !built[index].children.isEmpty
        let after = try TaskReport.applied(to: before, status: report.status, progress: report.progress, reason: nil, hasSubTasks: hasSubTasks)
        guard after != before else { continue }
        built[index].task = after
        try await tx.record(.update, kind: .task, id: after.id.uuidString, before: before, after: after, in: context)
    }
    var rolled = [Double](repeating: 0, count: built.count)
    var started: [Int] = []
    // Sub-tasks come after their parent, so walking backwards meets every child before its parent.
    for index in built.indices.reversed() {
        let entry = built[index]
        let children = entry.children.map {
            Decomposition.Node(weight: built[$0].task.weight, progress: rolled[$0], status: built[$0].task.status)
        }
        rolled[index] = Decomposition.rolledUpProgress(Decomposition.Node(weight: entry.task.weight, progress: Double(entry.task.progress),
                                                                         status: entry.task.status, children: children))
        if entry.task.status == .notStarted && rolled[index] > 0 { started.append(index) }
    }
    for index in started.reversed() {
        let before = built[index].task
        built[index].task.status = .inProgress
        try await tx.record(.update, kind: .task, id: before.id.uuidString, before: before, after: built[index].task, in: context)
    }
    try await tx.insert(tasks: built.indices.map { (built[$0].task, rolled[$0]) })
    for parentID in Set(trees.compactMap(\.draft.parentID)) { try await TaskRollUp.refresh(from: parentID, in: tx, context: context) }
    return built.map(\.task)
}
