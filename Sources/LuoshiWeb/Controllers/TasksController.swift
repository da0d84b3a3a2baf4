// Task pages: the register, a task, registering, changing, decomposing and moving a task on.
import Foundation
import LuoshiDomain
import LuoshiStorage
import LuoshiUseCases
import Vapor

enum TasksController {
    static let pageSize = 25

    static func registerFilter(_ request: Request) -> TaskPages.RegisterFilter {
        TaskPages.RegisterFilter(
            year: (try? request.query.get(Int.self, at: "year")).flatMap { (2000...2100).contains($0) ? $0 : nil } ?? request.clock.today().year,
            // The API's parameter names; the earlier short ones (area, unit, leader) still work in saved links.
            areaID: Parse.query(request, "areaId") ?? Parse.query(request, "area"), tier: Parse.query(request, "tier"),
            unitID: Parse.query(request, "unitId") ?? Parse.query(request, "unit"),
            leaderID: Parse.query(request, "leaderId") ?? Parse.query(request, "leader"), status: Parse.query(request, "status"),
            overdue: ["true", "1"].contains(Parse.query(request, "overdue") ?? ""), light: Parse.query(request, "light"),
            q: Parse.query(request, "q"), sort: Parse.query(request, "sort"))
    }

    /// The register's filter in storage terms, limited to what the caller may see.
    static func storageFilter(_ filter: TaskPages.RegisterFilter, caller: Caller, units: [Unit], today: Day) -> TaskFilter {
        TaskFilter(year: filter.year, areaID: filter.areaID.flatMap(UUID.init(uuidString:)),
                   tier: filter.tier.flatMap(Tier.init(rawValue:)),
                   unitPath: filter.unitID.flatMap(UUID.init(uuidString:)).flatMap { id in units.first { $0.id == id }?.path },
                   leaderID: filter.leaderID.flatMap(UUID.init(uuidString:)), status: filter.status.flatMap(TaskStatus.init(rawValue:)),
                   overdueOn: filter.overdue ? today : nil, keyTasksOnly: true, search: filter.q,
                   scope: caller.taskReadScope, light: filter.light.flatMap(Light.init(rawValue:)))
    }

    static func register(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        let store = request.store
        let filter = registerFilter(request)
        let units = try await store.allUnits()
        let page = try await store.tasks(storageFilter(filter, caller: caller, units: units, today: request.clock.today()),
                                         sort: filter.sort.flatMap(TaskSort.init(rawValue:)) ?? .code,
                                         offset: Parse.offset(request), limit: pageSize)
        let years = Set(try await store.taskYears() + [request.clock.today().year, filter.year]).sorted(by: >)
        let choices = TaskPages.Choices(years: years, areas: try await store.workAreas(year: filter.year),
                                        units: FilterPicker.units(caller.readsAllUnits ? units : units.filter { caller.covers(unitPath: $0.path) },
                                                                  selected: filter.unitID.flatMap(UUID.init(uuidString:))),
                                        leaders: try await store.leaders())
        return HTMLResponse.make(TaskPages.register(page, filter: filter, choices: choices, today: request.clock.today(),
                                                    canCreate: (try? caller.requireRegisterWork()) != nil, context: PageContext(request)))
    }

    static func myTasks(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        let store = request.store
        let mine = try await caller.personID.asyncMap {
            try await store.tasks(TaskFilter(assigneeID: $0, keyTasksOnly: false), sort: .deadline, offset: 0, limit: 200).items
        }
        let unitTasks = caller.role == .unitHead || caller.role == .staff
            ? try await store.tasks(TaskFilter(unitPath: caller.scopePath, keyTasksOnly: false), sort: .deadline, offset: 0, limit: 200).items
            : nil
        // A leader's own work: the key tasks they lead, and the key objects they contract (分包).
        var led: [TaskListing]?, contracted: [KeyObject]?
        if caller.role == .leader, let personID = caller.personID {
            led = try await store.tasks(TaskFilter(leaderID: personID, keyTasksOnly: true), sort: .deadline, offset: 0, limit: 200).items
            contracted = try await store.keyObjects(year: nil, kind: nil, leaderID: personID)
        }
        return HTMLResponse.make(TaskPages.myTasks(mine: mine, unitTasks: unitTasks, led: led, contracted: contracted,
                                                   today: request.clock.today(), context: PageContext(request)))
    }

    /// Loads a task the caller may read, with its access scope.
    static func readable(_ request: Request, caller: Caller, id: UUID? = nil) async throws -> (KeyTask, TaskScope, [UUID: Unit]) {
        let store = request.store
        guard let task = try await store.task(id: try id ?? Parse.pathID(request)) else { throw RuleViolation(.recordNotFound) }
        let units = try await store.directory().byID
        let scope = TaskScope(task, units: units)
        try caller.requireRead(task: scope)
        return (task, scope, units)
    }

    static func show(_ request: Request) async throws -> Response {
        try await showPage(request, error: nil, status: .ok)
    }

    /// The decision a task carries out: its own link, or its key task's (a sub-task made before the link).
    static func authority(of task: KeyTask, store: Store) async throws -> Decision? {
        var decisionID = task.decisionID
        if decisionID == nil, task.parentID != nil,
           let root = task.path.split(separator: "/").first.flatMap({ UUID(uuidString: String($0)) }) {
            decisionID = try await store.task(id: root)?.decisionID
        }
        return try await decisionID.asyncMap { try await store.decision(id: $0) } ?? nil
    }

    static func showPage(_ request: Request, error: String?, status: HTTPResponseStatus, reportValues: [String: String]? = nil,
                         taskID: UUID? = nil) async throws -> Response {
        let caller = try request.requireCaller()
        let (task, scope, units) = try await readable(request, caller: caller, id: taskID)
        let store = request.store
        func name(_ id: UUID?) async throws -> String? {
            guard let id else { return nil }
            return try await store.person(id: id)?.person.name
        }
        let canManage = (try? caller.requireManage(task: scope)) != nil
        let tree = try await store.taskTree(path: task.path, scope: caller.taskReadScope)
        let history = try await store.auditEvents(AuditFilter(recordKind: RecordKind.task.rawValue, recordID: task.id.uuidString.lowercased(),
                                                              creationsOf: tree.prefix(200).filter { $0.id != task.id }.map { $0.id.uuidString.lowercased() }),
                                                  offset: 0, limit: 50).items
        let detail = TaskPages.Detail(
            task: task, progress: try await store.rolledProgress(taskID: task.id),
            areaName: try await task.areaID.asyncMap { id in try await store.workAreas(year: task.year).first { $0.id == id }?.name } ?? nil,
            leaderName: try await name(task.leadLeaderID), assigneeName: try await name(task.assigneeID),
            responsibleUnitName: units[task.responsibleUnitID]?.name ?? "",
            cooperatingUnitNames: task.cooperatingUnitIDs.compactMap { units[$0]?.name },
            parent: try await task.parentID.asyncMap { try await store.task(id: $0) } ?? nil,
            tree: tree,
            history: history, historyNames: try await AuditNarrative.names(for: history, store: store),
            keyObjects: try await store.keyObjects(taskID: task.id),
            decision: try await authority(of: task, store: store).flatMap { caller.canRead(decision: $0) ? $0 : nil },
            canManage: canManage, canDecompose: caller.mayDecompose(task: scope), canReport: canManage && task.status.isOpen,
            supervision: try await SupervisionPages.TaskSupervision.load(task: task, scope: scope, units: units, caller: caller,
                                                                          values: reportValues, store: store, today: request.clock.today()))
        return HTMLResponse.make(TaskPages.show(detail, today: request.clock.today(), error: error, context: PageContext(request)), status: status)
    }

    static func choices(_ request: Request, caller: Caller, year: Int) async throws -> TaskForms.Choices {
        let store = request.store
        return TaskForms.Choices(areas: try await store.workAreas(year: year), units: try await store.allUnits(),
                                 leaders: try await store.leaders(), people: [],
                                 decisions: try await store.decisionsToCarryOut(year: nil).filter { caller.canRead(decision: $0) })
    }

    static func new(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        try caller.requireRegisterWork()
        var values = TaskForms.Values()
        values.year = String(request.clock.today().year); values.start = request.clock.today().description
        // "分解为重点工作" on a decision's page: the new key task carries that decision out.
        if let decision = try await Parse.query(request, "decisionId").flatMap(UUID.init(uuidString:)).asyncMap({ try await request.store.decision(id: $0) }) ?? nil {
            values.decisionID = decision.id.uuidString.lowercased()
            values.year = String(decision.year)
        }
        return HTMLResponse.make(TaskForms.keyTask(values, editing: nil, choices: try await choices(request, caller: caller, year: request.clock.today().year),
                                                   error: nil, context: PageContext(request)))
    }

    static func edit(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        let (task, scope, _) = try await readable(request, caller: caller)
        try caller.requireManage(task: scope)
        var choices = try await choices(request, caller: caller, year: task.year)
        // The decision it carries out stays offered, even once completed.
        if let decisionID = task.decisionID, !choices.decisions.contains(where: { $0.id == decisionID }),
           let decision = try await request.store.decision(id: decisionID) {
            choices.decisions.append(decision)
        }
        return HTMLResponse.make(TaskForms.keyTask(.init(task), editing: task, choices: choices, error: nil, context: PageContext(request)))
    }

    static func create(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        try caller.requireRegisterWork()
        let form = try request.content.decode(TaskForm.self)
        do {
            let task = try await createTask(try form.draft(parentID: nil), context: request.context(caller))
            return request.redirect(to: SitePath.task.with(task.id) + "?done=" + L10nKey.taskCreated.rawValue, redirectType: .normal)
        } catch let violation as RuleViolation where violation.rule.kind == .invalid || violation.rule.kind == .conflict {
            let year = Int(form.year ?? "") ?? request.clock.today().year
            let page = TaskForms.keyTask(form.values, editing: nil, choices: try await choices(request, caller: caller, year: year),
                                         error: violation.message(in: request.language), context: PageContext(request))
            return HTMLResponse.make(page, status: LuoshiErrorMiddleware.status(of: violation.rule.kind))
        }
    }

    static func update(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        let (task, scope, _) = try await readable(request, caller: caller)
        try caller.requireManage(task: scope)
        let form = try request.content.decode(TaskForm.self)
        do {
            var draft = try form.draft(parentID: task.parentID)
            draft.assigneeID = task.assigneeID
            _ = try await updateTask(id: task.id, draft, context: request.context(caller))
            return request.redirect(to: SitePath.task.with(task.id) + "?done=" + L10nKey.taskUpdated.rawValue, redirectType: .normal)
        } catch let violation as RuleViolation where violation.rule.kind == .invalid || violation.rule.kind == .conflict {
            let page = TaskForms.keyTask(form.values, editing: task, choices: try await choices(request, caller: caller, year: task.year),
                                         error: violation.message(in: request.language), context: PageContext(request))
            return HTMLResponse.make(page, status: LuoshiErrorMiddleware.status(of: violation.rule.kind))
        }
    }

    /// Units a sub-task may go to, and the people in them: under the parent's units, and for a
    /// co-operating unit head, under their own unit only (their part).
    static func decomposeChoices(_ request: Request, parent: KeyTask, units: [UUID: Unit]) async throws -> TaskForms.Choices {
        let caller = try request.requireCaller()
        var roots = ([parent.responsibleUnitID] + parent.cooperatingUnitIDs).compactMap { units[$0]?.path }
        if (try? caller.requireManage(task: TaskScope(parent, units: units))) == nil {
            roots = roots.filter(caller.covers(unitPath:))
        }
        let allowed = units.values.filter { unit in roots.contains { unit.path.hasPrefix($0) } }
        var people: [PersonListing] = []
        for root in roots {
            people += try await request.store.people(PeopleFilter(scopePath: root), offset: 0, limit: 500).items
        }
        return TaskForms.Choices(areas: [], units: Array(allowed), leaders: [], people: people, decisions: [])
    }

    static func decomposeForm(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        let (task, scope, units) = try await readable(request, caller: caller)
        guard caller.mayDecompose(task: scope) else { throw RuleViolation(caller.role == .unitHead ? .outsideScope : .roleNotAllowed) }
        var values = TaskForms.Values()
        values.deadline = task.deadline.description
        values.responsibleUnitID = task.responsibleUnitID.uuidString.lowercased()
        let choices = try await decomposeChoices(request, parent: task, units: units)
        return HTMLResponse.make(TaskForms.decompose(values, parent: task, choices: choices, error: nil, context: PageContext(request)))
    }

    static func decompose(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        let (parent, scope, units) = try await readable(request, caller: caller)
        guard caller.mayDecompose(task: scope) else { throw RuleViolation(caller.role == .unitHead ? .outsideScope : .roleNotAllowed) }
        let form = try request.content.decode(TaskForm.self)
        if form.narrow != nil {
            // "列出该单位人员", for a browser without the script: the form as typed, and only the
            // chosen unit's people (its own and those of the units below it).
            var values = form.values
            var choices = try await decomposeChoices(request, parent: parent, units: units)
            if let chosen = form.responsibleUnitId.flatMap(UUID.init(uuidString:)).flatMap({ units[$0] }) {
                choices.people = choices.people.filter { units[$0.person.unitID]?.path.hasPrefix(chosen.path) ?? false }
            }
            if !choices.people.contains(where: { $0.person.id.uuidString.lowercased() == values.assigneeID }) { values.assigneeID = "" }
            return HTMLResponse.make(TaskForms.decompose(values, parent: parent, choices: choices, error: nil, context: PageContext(request)))
        }
        do {
            let draft = TaskDraft(year: parent.year, title: form.title ?? "", tier: parent.tier, target: form.target ?? "",
                                  start: parent.start, deadline: try Parse.day(form.deadline, field: .fieldDeadline) ?? parent.deadline,
                                  responsibleUnitID: try Parse.requiredUUID(form.responsibleUnitId, field: .fieldResponsibleUnit),
                                  assigneeID: try Parse.uuid(form.assigneeId, field: .fieldAssignee), parentID: parent.id,
                                  weight: try Parse.number(form.weight, field: .fieldWeight) ?? 1)
            _ = try await createTask(draft, context: request.context(caller))
            return request.redirect(to: SitePath.task.with(parent.id) + "?done=" + L10nKey.taskDecomposed.rawValue, redirectType: .normal)
        } catch let violation as RuleViolation where violation.rule.kind == .invalid || violation.rule.kind == .conflict {
            let page = TaskForms.decompose(form.values, parent: parent, choices: try await decomposeChoices(request, parent: parent, units: units),
                                           error: violation.message(in: request.language), context: PageContext(request))
            return HTMLResponse.make(page, status: LuoshiErrorMiddleware.status(of: violation.rule.kind))
        }
    }

    struct StatusForm: Content {
        var status: String?
        var progress: String?
        var reason: String?
    }

    static func changeStatus(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        let (task, scope, _) = try await readable(request, caller: caller)
        try caller.requireReport(task: scope)
        let form = try request.content.decode(StatusForm.self)
        do {
            let status = try Parse.requiredChoice(form.status, as: TaskStatus.self, field: .fieldStatus2)
            let progress = try Parse.number(form.progress, field: .fieldProgress).map { Int($0) }
            _ = try await changeTaskStatus(id: task.id, to: status, progress: progress, reason: form.reason, context: request.context(caller))
            return request.redirect(to: SitePath.task.with(task.id) + "?done=" + L10nKey.taskStatusChanged.rawValue, redirectType: .normal)
        } catch let violation as RuleViolation where violation.rule.kind == .invalid {
            return try await showPage(request, error: violation.message(in: request.language), status: .unprocessableEntity)
        }
    }
}

/// The task forms' fields, as submitted.
struct TaskForm: Content {
    var year: String?
    var code: String?
    var title: String?
    var areaId: String?
    var tier: String?
    var target: String?
    var requirements: String?
    var start: String?
    var deadline: String?
    var milestones: String?
    var leadLeaderId: String?
    var responsibleUnitId: String?
    var cooperatingUnitIds: [String]?
    var assigneeId: String?
    var weight: String?
    var rhythm: String?
    var decisionId: String?
    /// The decomposition form's "列出该单位人员" button: show the form again, narrowed, not save.
    var narrow: String?

    var values: TaskForms.Values {
        var values = TaskForms.Values()
        values.year = year ?? ""; values.code = code ?? ""; values.title = title ?? ""; values.areaID = areaId ?? ""
        values.tier = tier ?? ""; values.target = target ?? ""; values.requirements = requirements ?? ""; values.start = start ?? ""
        values.deadline = deadline ?? ""; values.milestones = milestones ?? ""; values.leaderID = leadLeaderId ?? ""
        values.responsibleUnitID = responsibleUnitId ?? ""; values.cooperatingUnitIDs = cooperatingUnitIds ?? []
        values.assigneeID = assigneeId ?? ""; values.weight = weight ?? "1"; values.rhythm = rhythm ?? ""
        values.decisionID = decisionId ?? ""
        return values
    }

    func draft(parentID: UUID?) throws(RuleViolation) -> TaskDraft {
        guard let start = try Parse.day(start, field: .fieldStart) else { throw RuleViolation(.fieldRequired, field: .fieldStart) }
        guard let deadline = try Parse.day(deadline, field: .fieldDeadline) else { throw RuleViolation(.fieldRequired, field: .fieldDeadline) }
        var cooperating: [UUID] = []
        for id in cooperatingUnitIds ?? [] where !id.isEmpty {
            guard let unitID = UUID(uuidString: id) else { throw RuleViolation(.fieldInvalidChoice, field: .fieldCooperatingUnits) }
            cooperating.append(unitID)
        }
        return TaskDraft(
            year: Int(year ?? "") ?? start.year, code: code, title: title ?? "",
            areaID: try Parse.uuid(areaId, field: .fieldArea),
            tier: try Parse.requiredChoice(tier, as: Tier.self, field: .fieldTier), target: target ?? "",
            requirements: requirements ?? "", start: start, deadline: deadline, milestones: try Parse.milestones(milestones),
            leadLeaderID: try Parse.uuid(leadLeaderId, field: .fieldLeadLeader),
            responsibleUnitID: try Parse.requiredUUID(responsibleUnitId, field: .fieldResponsibleUnit),
            cooperatingUnitIDs: cooperating, assigneeID: try Parse.uuid(assigneeId, field: .fieldAssignee), parentID: parentID,
            weight: try Parse.number(weight, field: .fieldWeight) ?? 1,
            rhythmOverride: try Parse.choice(rhythm, as: ReportingRhythm.self, field: .fieldRhythm),
            decisionID: try Parse.uuid(decisionId, field: .fieldDecision))
    }
}
