// The tasks table: code, parent code, year, title, area code, tier, target, requirements, start,
// deadline, milestones, lead leader, responsible unit code, co-operating unit codes, assignee, weight, status, progress.
import Foundation
import LuoshiDomain
import LuoshiStorage

enum TasksTable {
    static let layout = TableLayout(columns: [
        Column(key: "code", zh: "编码", en: "Code", required: true, field: .fieldCode),
        Column(key: "parent", zh: "上级编码", en: "Parent code", field: .fieldParentTask),
        Column(key: "year", zh: "年度", en: "Year", field: .fieldYear, kind: .integer),
        Column(key: "title", zh: "任务名称", en: "Title", required: true, field: .fieldTitle),
        Column(key: "area", zh: "工作板块", en: "Work area", field: .fieldArea),
        Column(key: "tier", zh: "工作层次", en: "Tier", required: true, field: .fieldTier, kind: .of { (tier: Tier) in tier.labelKey }),
        Column(key: "target", zh: "目标", en: "Target", field: .fieldTarget),
        Column(key: "requirements", zh: "要求", en: "Requirements", field: .fieldRequirements),
        Column(key: "start", zh: "开始日期", en: "Start", required: true, field: .fieldStart, kind: .day),
        Column(key: "deadline", zh: "完成时限", en: "Deadline", required: true, field: .fieldDeadline, kind: .day),
        Column(key: "milestones", zh: "阶段目标", en: "Milestones", field: .fieldMilestones, kind: .milestones),
        Column(key: "leader", zh: "牵头领导", en: "Lead leader", field: .fieldLeadLeader),
        Column(key: "unit", zh: "责任单位编码", en: "Responsible unit code", required: true, field: .fieldResponsibleUnit, kind: .unit),
        Column(key: "cooperating", zh: "配合单位编码", en: "Co-operating unit codes", field: .fieldCooperatingUnits, kind: .units),
        Column(key: "assignee", zh: "责任人", en: "Responsible person", field: .fieldAssignee),
        Column(key: "weight", zh: "权重", en: "Weight", field: .fieldWeight, kind: .number),
        Column(key: "status", zh: "状态", en: "Status", field: .fieldStatus2, kind: .of { (status: TaskStatus) in status.labelKey }),
        Column(key: "progress", zh: "进度", en: "Progress", field: .fieldProgress, kind: .integer),
    ])

    static let table = ExchangeTable(
        layout: layout,
        ordered: { ExchangeTables.parentsFirst($0, code: "code", parent: "parent") },
        apply: { row, tx, context in try await apply(row, tx: tx, context: context) },
        export: { store, year, caller in try await export(store, year: year, caller: caller) },
        settle: { row, tx, context in try await settle(row, tx: tx, context: context) })

    static func apply(_ row: SheetRow, tx: WriteTransaction, context: UseCaseContext) async throws -> RowOutcome {
        guard let start = try Cells.day(row["start"], field: .fieldStart) else { throw RuleViolation(.fieldRequired, field: .fieldStart) }
        guard let deadline = try Cells.day(row["deadline"], field: .fieldDeadline) else {
            throw RuleViolation(.fieldRequired, field: .fieldDeadline)
        }
        let year = try Cells.int(row["year"], field: .fieldYear) ?? start.year
        var parent: KeyTask?
        if !row["parent"].isEmpty {
            guard let found = try await tx.task(year: year, code: row["parent"]) else {
                throw RuleViolation(.fieldInvalidChoice, field: .fieldParentTask)
            }
            parent = found
        }
        let unit = try await Cells.unit(row["unit"], field: .fieldResponsibleUnit, tx: tx)
        var cooperating: [UUID] = []
        for code in Cells.list(row["cooperating"]) {
            cooperating.append(try await Cells.unit(code, field: .fieldCooperatingUnits, tx: tx).id)
        }
        var areaID: UUID?
        if !row["area"].isEmpty {
            guard let area = try await tx.workArea(year: year, code: row["area"]) else { throw RuleViolation(.fieldInvalidChoice, field: .fieldArea) }
            areaID = area.id
        }
        let leaderID = try await person(row["leader"], unitID: nil, field: .fieldLeadLeader, tx: tx)
        let assigneeID = try await person(row["assignee"], unitID: unit.id, field: .fieldAssignee, tx: tx)
        var draft = TaskDraft(year: year, code: row["code"], title: row["title"], areaID: parent == nil ? areaID : parent?.areaID,
                              tier: try Cells.choice(row["tier"], { (tier: Tier) in tier.labelKey }, field: .fieldTier)!,
                              target: row["target"], requirements: row["requirements"], start: start, deadline: deadline,
                              leadLeaderID: leaderID, responsibleUnitID: unit.id, cooperatingUnitIDs: cooperating,
                              assigneeID: assigneeID, parentID: parent?.id, weight: try Cells.number(row["weight"], field: .fieldWeight) ?? 1)
        // A file without the milestones column keeps the milestones a task has.
        let milestones = row.indexes["milestones"] == nil ? nil : try Milestone.parse(row["milestones"])
        draft.milestones = milestones ?? []
        var outcome = RowOutcome.unchanged
        if let existing = try await tx.task(year: year, code: draft.code ?? "") {
            let valid = try draft.validated()
            let same = existing.title == valid.title && existing.areaID == valid.areaID && existing.tier == valid.tier
                && existing.target == valid.target && existing.requirements == valid.requirements && existing.start == valid.start
                && existing.deadline == valid.deadline && existing.leadLeaderID == (valid.leadLeaderID ?? existing.leadLeaderID)
                && existing.responsibleUnitID == valid.responsibleUnitID && Set(existing.cooperatingUnitIDs) == Set(valid.cooperatingUnitIDs)
                && existing.assigneeID == valid.assigneeID && existing.weight == valid.weight && existing.parentID == valid.parentID
            let sameMilestones = milestones.map { $0 == existing.milestones } ?? true
            if !same || !sameMilestones {
                var changed = draft
                changed.milestones = milestones ?? existing.milestones
                // The file has no decision column: the link the task has stays.
                changed.decisionID = existing.decisionID
                _ = try await updateTask(id: existing.id, changed, in: tx, context: context)
                outcome = .updated
            }
        } else {
            _ = try await createTask(draft, in: tx, context: context)
            outcome = .created
        }
        return outcome
    }

    /// Status and progress, applied once every row exists, sub-tasks before their parents; only
    /// a task without sub-tasks carries its own progress (a parent's is rolled up).
    static func settle(_ row: SheetRow, tx: WriteTransaction, context: UseCaseContext) async throws -> Bool {
        let year = try Cells.int(row["year"], field: .fieldYear) ?? Cells.day(row["start"], field: .fieldStart)?.year ?? 0
        guard let status = try Cells.choice(row["status"], { (status: TaskStatus) in status.labelKey }, field: .fieldStatus2, required: false),
              let task = try await tx.task(year: year, code: row["code"]) else { return false }
        let progress = try Cells.int(row["progress"], field: .fieldProgress)
        let hasChildren = try await tx.childCount(taskID: task.id) > 0
        let wantProgress = hasChildren || status == .completed ? nil : progress
        guard status != task.status || (wantProgress != nil && wantProgress != task.progress) else { return false }
        let reason = status == .cancelled ? (task.cancelReason ?? "导入") : nil
        _ = try await changeTaskStatus(id: task.id, to: status, progress: wantProgress, reason: reason, in: tx, context: context)
        return true
    }

    /// A person named in a cell: unique by name (within the unit, when given), else the cell is refused.
    static func person(_ name: String, unitID: UUID?, field: L10nKey, tx: WriteTransaction) async throws -> UUID? {
        guard !name.isEmpty else { return nil }
        let found = try await tx.people(named: name, unitID: unitID)
        guard found.count == 1 else { throw RuleViolation(.fieldInvalidChoice, field: field) }
        return found[0].id
    }

    static func export(_ store: Store, year: Int?, caller: Caller?) async throws -> [[String]] {
        let units = try await store.directory().byID
        let people = Dictionary(try await store.allPeople().map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let figures = try await store.allTasks(year: year)
        let tasks = figures.map(\.task)
        let codes = Dictionary(tasks.map { ($0.id, $0.code) }, uniquingKeysWith: { first, _ in first })
        var areas: [UUID: String] = [:]
        for taskYear in Set(tasks.map(\.year)) {
            for area in try await store.workAreas(year: taskYear) { areas[area.id] = area.code }
        }
        let zh = Catalogue.for(.zhHans)
        return figures.compactMap { task, progress in
            if let caller {
                guard caller.canRead(task: TaskScope(task, units: units)) else { return nil }
            }
            return [task.code, task.parentID.flatMap { codes[$0] } ?? "", String(task.year), task.title,
                    task.parentID == nil ? task.areaID.flatMap { areas[$0] } ?? "" : "", zh[task.tier.labelKey], task.target,
                    task.requirements, task.start.description, task.deadline.description, Milestone.text(task.milestones),
                    task.leadLeaderID.flatMap { people[$0] } ?? "", units[task.responsibleUnitID]?.code ?? "",
                    task.cooperatingUnitIDs.compactMap { units[$0]?.code }.sorted().joined(separator: "、"),
                    task.assigneeID.flatMap { people[$0] } ?? "", Cells.text(task.weight), zh[task.status.labelKey], String(Int(progress.rounded()))]
        }
    }
}
