// The responsibility part of the API: work areas, the task register and tasks, indicators and
// readings, key objects. Same queries, use cases and access checks as the pages.
import Foundation
import LuoshiAPI
import LuoshiDomain
import LuoshiStorage
import LuoshiUseCases
import Vapor

extension APIHandler {
    /// The request being answered and its caller (signed in: anonymous calls are refused before).
    func current() throws -> (Request, Caller) {
        guard let request = RequestContext.current else { throw Abort(.internalServerError) }
        return (request, try request.requireCaller())
    }

    func year(_ value: Int?) throws(RuleViolation) -> Int {
        guard let value else { return (RequestContext.current?.clock ?? .china).today().year }
        guard (2000...2100).contains(value) else { throw RuleViolation(.fieldOutOfRange, field: .fieldYear) }
        return value
    }

    // MARK: Work areas

    func listWorkAreas(_ input: Operations.ListWorkAreas.Input) async throws -> Operations.ListWorkAreas.Output {
        let (request, _) = try current()
        let areas = try await request.store.workAreas(year: try year(input.query.year))
        return .ok(.init(body: .json(areas.map(ResponsibilityMapping.area))))
    }

    func createWorkArea(_ input: Operations.CreateWorkArea.Input) async throws -> Operations.CreateWorkArea.Output {
        let (request, caller) = try current()
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        let area = try await LuoshiUseCases.createWorkArea(year: body.year, code: body.code, name: body.name,
                                                           sortOrder: body.sortOrder ?? 0, context: request.context(caller))
        return .created(.init(body: .json(ResponsibilityMapping.area(area))))
    }

    func updateWorkArea(_ input: Operations.UpdateWorkArea.Input) async throws -> Operations.UpdateWorkArea.Output {
        let (request, caller) = try current()
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        try APIMapping.requireSomeProperty(body)
        let area = try await LuoshiUseCases.updateWorkArea(id: try APIMapping.pathID(input.path.workAreaId), name: body.name,
                                                           sortOrder: body.sortOrder, context: request.context(caller))
        return .ok(.init(body: .json(ResponsibilityMapping.area(area))))
    }

    func deleteWorkArea(_ input: Operations.DeleteWorkArea.Input) async throws -> Operations.DeleteWorkArea.Output {
        let (request, caller) = try current()
        try await LuoshiUseCases.deleteWorkArea(id: try APIMapping.pathID(input.path.workAreaId), context: request.context(caller))
        return .noContent(.init())
    }

    // MARK: Tasks

    func listTasks(_ input: Operations.ListTasks.Input) async throws -> Operations.ListTasks.Output {
        let (request, caller) = try current()
        let query = input.query
        let paging = try APIPaging(limit: query.limit, offset: query.offset, search: query.q)
        let store = request.store
        var unitPath: String?
        if let unitID = try APIMapping.strictID(query.unitId, field: .fieldUnit) {
            guard let unit = try await store.unit(id: unitID) else { throw RuleViolation(.fieldInvalidChoice, field: .fieldUnit) }
            unitPath = unit.path
        }
        let today = request.clock.today()
        let filter = TaskFilter(year: try year(query.year), areaID: try APIMapping.strictID(query.areaId, field: .fieldArea),
                                tier: query.tier.flatMap { Tier(rawValue: $0.rawValue) }, unitPath: unitPath,
                                leaderID: try APIMapping.strictID(query.leaderId, field: .fieldLeadLeader),
                                assigneeID: try APIMapping.strictID(query.assigneeId, field: .fieldAssignee),
                                status: query.status.flatMap { TaskStatus(rawValue: $0.rawValue) },
                                overdueOn: query.overdue == true ? today : nil, keyTasksOnly: query.keyTasksOnly ?? true,
                                search: paging.search, scope: caller.taskReadScope,
                                light: query.light.flatMap { Light(rawValue: $0.rawValue) })
        let page = try await store.tasks(filter, sort: query.sort.flatMap { TaskSort(rawValue: $0.rawValue) } ?? .code,
                                         offset: paging.offset, limit: paging.limit)
        let units = try await store.directory().byID
        return .ok(.init(body: .json(.init(items: page.items.map { ResponsibilityMapping.summary($0, today: today, catalogue: request.catalogue, units: units) },
                                           offset: page.offset, limit: page.limit, hasMore: page.hasMore,
                                           total: page.total))))
    }

    /// The task at a path id, if the caller may read it.
    func readableTask(_ text: String, request: Request, caller: Caller) async throws -> (KeyTask, TaskScope) {
        let store = request.store
        guard let task = try await store.task(id: try APIMapping.pathID(text)) else { throw RuleViolation(.recordNotFound) }
        let scope = try await store.scope(of: task)
        try caller.requireRead(task: scope)
        return (task, scope)
    }

    func taskBody(_ task: KeyTask, request: Request) async throws -> Components.Schemas.Task {
        let store = request.store
        return ResponsibilityMapping.task(task, rolledUp: try await store.rolledProgress(taskID: task.id),
                                          followUp: try await store.followUp(taskID: task.id), today: request.clock.today(),
                                          catalogue: request.catalogue)
    }

    func getTask(_ input: Operations.GetTask.Input) async throws -> Operations.GetTask.Output {
        let (request, caller) = try current()
        let (task, _) = try await readableTask(input.path.taskId, request: request, caller: caller)
        return .ok(.init(body: .json(try await taskBody(task, request: request))))
    }

    func getTaskTree(_ input: Operations.GetTaskTree.Input) async throws -> Operations.GetTaskTree.Output {
        let (request, caller) = try current()
        let (task, _) = try await readableTask(input.path.taskId, request: request, caller: caller)
        let today = request.clock.today()
        return .ok(.init(body: .json(try await request.store.taskTree(path: task.path, scope: caller.taskReadScope).map { ResponsibilityMapping.summary($0, today: today, catalogue: request.catalogue) })))
    }

    func createTask(_ input: Operations.CreateTask.Input) async throws -> Operations.CreateTask.Output {
        let (request, caller) = try current()
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        let task = try await LuoshiUseCases.createTask(try ResponsibilityMapping.draft(body), context: request.context(caller))
        return .created(.init(body: .json(try await taskBody(task, request: request))))
    }

    func updateTask(_ input: Operations.UpdateTask.Input) async throws -> Operations.UpdateTask.Output {
        let (request, caller) = try current()
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        let (task, scope) = try await readableTask(input.path.taskId, request: request, caller: caller)
        try caller.requireManage(task: scope)
        let updated = try await LuoshiUseCases.updateTask(id: task.id, try ResponsibilityMapping.draft(body), context: request.context(caller))
        return .ok(.init(body: .json(try await taskBody(updated, request: request))))
    }

    func changeTaskStatus(_ input: Operations.ChangeTaskStatus.Input) async throws -> Operations.ChangeTaskStatus.Output {
        let (request, caller) = try current()
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        let (task, _) = try await readableTask(input.path.taskId, request: request, caller: caller)
        let status = try Parse.requiredChoice(body.status.rawValue, as: TaskStatus.self, field: .fieldStatus2)
        let changed = try await LuoshiUseCases.changeTaskStatus(id: task.id, to: status, progress: body.progress, reason: body.reason,
                                                                context: request.context(caller))
        return .ok(.init(body: .json(try await taskBody(changed, request: request))))
    }

    // MARK: Indicators

    func listIndicators(_ input: Operations.ListIndicators.Input) async throws -> Operations.ListIndicators.Output {
        let (request, caller) = try current()
        let units = try await request.store.directory().byID
        return .ok(.init(body: .json(try await request.store.indicatorStatuses(year: try year(input.query.year))
            .filter { caller.canRead(indicator: $0.indicator, units: units) }.map(ResponsibilityMapping.indicator))))
    }

    private func indicatorStatus(_ text: String, request: Request) async throws -> IndicatorStatus {
        guard let indicator = try await request.store.indicator(id: try APIMapping.pathID(text)) else { throw RuleViolation(.recordNotFound) }
        try request.requireCaller().requireRead(indicator: indicator, units: try await request.store.directory().byID)
        guard let status = try await request.store.indicatorStatuses(year: indicator.year, under: indicator.path)
                  .first(where: { $0.indicator.id == indicator.id })
        else { throw RuleViolation(.recordNotFound) }
        return status
    }

    func getIndicator(_ input: Operations.GetIndicator.Input) async throws -> Operations.GetIndicator.Output {
        let (request, _) = try current()
        return .ok(.init(body: .json(ResponsibilityMapping.indicator(try await indicatorStatus(input.path.indicatorId, request: request)))))
    }

    func createIndicator(_ input: Operations.CreateIndicator.Input) async throws -> Operations.CreateIndicator.Output {
        let (request, caller) = try current()
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        let draft = IndicatorDraft(
            year: body.year, code: body.code, name: body.name,
            measure: try Parse.requiredChoice(body.measure.rawValue, as: MeasureUnit.self, field: .fieldMeasure),
            direction: try Parse.choice(body.direction?.rawValue, as: Direction.self, field: .fieldDirection) ?? .higherIsBetter,
            period: body.period, baseline: body.baseline ?? 0, target: body.target,
            ownerUnitID: try APIMapping.strictID(body.ownerUnitId, field: .fieldOwner),
            ownerPersonID: try APIMapping.strictID(body.ownerPersonId, field: .fieldOwner),
            parentID: try APIMapping.strictID(body.parentId, field: .fieldParent),
            rollUp: try Parse.choice(body.rollUp?.rawValue, as: RollUp.self, field: .fieldRollUp) ?? .sum,
            completionCap: body.completionCap ?? 1.2)
        let indicator = try await LuoshiUseCases.createIndicator(draft, context: request.context(caller))
        return .created(.init(body: .json(ResponsibilityMapping.indicator(try await indicatorStatus(APIMapping.id(indicator.id), request: request)))))
    }

    func updateIndicator(_ input: Operations.UpdateIndicator.Input) async throws -> Operations.UpdateIndicator.Output {
        let (request, caller) = try current()
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        try APIMapping.requireSomeProperty(body)
        let id = try APIMapping.pathID(input.path.indicatorId)
        let ownerUnitID = try APIMapping.strictID(body.ownerUnitId, field: .fieldOwner)
        let ownerPersonID = try APIMapping.strictID(body.ownerPersonId, field: .fieldOwner)
        if ownerUnitID != nil && ownerPersonID != nil { throw RuleViolation(.indicatorOwnerRequired, field: .fieldOwner) }
        let measure = try Parse.choice(body.measure?.rawValue, as: MeasureUnit.self, field: .fieldMeasure)
        let direction = try Parse.choice(body.direction?.rawValue, as: Direction.self, field: .fieldDirection)
        let rollUp = try Parse.choice(body.rollUp?.rawValue, as: RollUp.self, field: .fieldRollUp)
        _ = try await LuoshiUseCases.updateIndicator(id: id, { draft in
            if let name = body.name { draft.name = name }
            if let measure { draft.measure = measure }
            if let direction { draft.direction = direction }
            if let period = body.period { draft.period = period }
            if let baseline = body.baseline { draft.baseline = baseline }
            if let target = body.target { draft.target = target }
            if let ownerUnitID { draft.ownerUnitID = ownerUnitID; draft.ownerPersonID = nil }
            if let ownerPersonID { draft.ownerPersonID = ownerPersonID; draft.ownerUnitID = nil }
            if let rollUp { draft.rollUp = rollUp }
            if let cap = body.completionCap { draft.completionCap = cap }
        }, context: request.context(caller))
        return .ok(.init(body: .json(ResponsibilityMapping.indicator(try await indicatorStatus(input.path.indicatorId, request: request)))))
    }

    func listReadings(_ input: Operations.ListReadings.Input) async throws -> Operations.ListReadings.Output {
        let (request, _) = try current()
        let status = try await indicatorStatus(input.path.indicatorId, request: request)
        return .ok(.init(body: .json(try await request.store.readings(indicatorID: status.indicator.id).map(ResponsibilityMapping.reading))))
    }

    func recordReading(_ input: Operations.RecordReading.Input) async throws -> Operations.RecordReading.Output {
        let (request, caller) = try current()
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        let status = try await indicatorStatus(input.path.indicatorId, request: request)
        guard let asOf = Day(body.asOf) else { throw RuleViolation(.fieldInvalidDay, field: .fieldAsOf) }
        let reading = try await LuoshiUseCases.recordReading(indicatorID: status.indicator.id, value: body.value, asOf: asOf,
                                                             comment: body.comment ?? "", evidence: body.evidence ?? "",
                                                             context: request.context(caller))
        return .created(.init(body: .json(ResponsibilityMapping.reading(reading))))
    }

    // MARK: Key objects

    func listKeyObjects(_ input: Operations.ListKeyObjects.Input) async throws -> Operations.ListKeyObjects.Output {
        let (request, caller) = try current()
        let objects = try await request.store.keyObjects(year: try year(input.query.year),
                                                         kind: input.query.kind.flatMap { KeyObjectKind(rawValue: $0.rawValue) },
                                                         leaderID: try APIMapping.strictID(input.query.leaderId, field: .fieldContractedLeader))
        let units = try await request.store.directory().byID
        return .ok(.init(body: .json(objects.filter { caller.canRead(keyObject: $0, units: units) }.map(ResponsibilityMapping.keyObject))))
    }

    func getKeyObject(_ input: Operations.GetKeyObject.Input) async throws -> Operations.GetKeyObject.Output {
        let (request, caller) = try current()
        guard let object = try await request.store.keyObject(id: try APIMapping.pathID(input.path.keyObjectId)) else {
            throw RuleViolation(.recordNotFound)
        }
        try caller.requireRead(keyObject: object, units: try await request.store.directory().byID)
        return .ok(.init(body: .json(ResponsibilityMapping.keyObject(object))))
    }

    func createKeyObject(_ input: Operations.CreateKeyObject.Input) async throws -> Operations.CreateKeyObject.Output {
        let (request, caller) = try current()
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        let draft = KeyObject(
            id: UUID(), year: body.year, kind: try Parse.requiredChoice(body.kind.rawValue, as: KeyObjectKind.self, field: .fieldKind),
            code: body.code, name: body.name,
            contractedLeaderID: try APIMapping.strictID(body.contractedLeaderId, field: .fieldContractedLeader),
            delegatedPowers: body.delegatedPowers ?? "",
            responsibleUnitID: try Parse.requiredUUID(body.responsibleUnitId, field: .fieldResponsibleUnit),
            investmentTotal: body.investmentTotal, plannedInvestment: body.plannedInvestment,
            start: try APIMapping.day(body.start, field: .fieldStart), completion: try APIMapping.day(body.completion, field: .fieldCompletionDate),
            location: body.location ?? "", taskIDs: try APIMapping.ids(body.taskIds, field: .keyObjectLinkedTasks),
            indicatorIDs: try APIMapping.ids(body.indicatorIds, field: .keyObjectLinkedIndicators))
        let object = try await LuoshiUseCases.createKeyObject(draft, context: request.context(caller))
        return .created(.init(body: .json(ResponsibilityMapping.keyObject(object))))
    }

    func updateKeyObject(_ input: Operations.UpdateKeyObject.Input) async throws -> Operations.UpdateKeyObject.Output {
        let (request, caller) = try current()
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        try APIMapping.requireSomeProperty(body)
        let leaderID = try APIMapping.strictID(body.contractedLeaderId, field: .fieldContractedLeader)
        let unitID = try APIMapping.strictID(body.responsibleUnitId, field: .fieldResponsibleUnit)
        let start = try APIMapping.day(body.start, field: .fieldStart)
        let completion = try APIMapping.day(body.completion, field: .fieldCompletionDate)
        let taskIDs = try body.taskIds.map { try APIMapping.ids($0, field: .keyObjectLinkedTasks) }
        let indicatorIDs = try body.indicatorIds.map { try APIMapping.ids($0, field: .keyObjectLinkedIndicators) }
        let object = try await LuoshiUseCases.updateKeyObject(id: try APIMapping.pathID(input.path.keyObjectId), { object in
            if let name = body.name { object.name = name }
            if let leaderID { object.contractedLeaderID = leaderID }
            if let powers = body.delegatedPowers { object.delegatedPowers = powers }
            if let unitID { object.responsibleUnitID = unitID }
            if let total = body.investmentTotal { object.investmentTotal = total }
            if let planned = body.plannedInvestment { object.plannedInvestment = planned }
            if let start { object.start = start }
            if let completion { object.completion = completion }
            if let location = body.location { object.location = location }
            if let taskIDs { object.taskIDs = taskIDs }
            if let indicatorIDs { object.indicatorIDs = indicatorIDs }
        }, context: request.context(caller))
        return .ok(.init(body: .json(ResponsibilityMapping.keyObject(object))))
    }
}
