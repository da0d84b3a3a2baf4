// Decision pages (决策事项): the list, a matter's page with its procedure, opinions, meetings and
// the key tasks carrying it out; proposing and editing; the office's moves.
import Foundation
import LuoshiDomain
import LuoshiStorage
import LuoshiUseCases
import Vapor

enum DecisionsController {
    static func list(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        let filter = DecisionFilter(year: (try? request.query.get(Int.self, at: "year")).flatMap { (2000...2100).contains($0) ? $0 : nil },
                                    state: Parse.query(request, "state").flatMap(DecisionState.init(rawValue:)),
                                    kind: Parse.query(request, "kind").flatMap(DecisionKind.init(rawValue:)),
                                    search: Parse.query(request, "q"), decidedNonPersonnelOnly: !caller.readsDeliberations)
        let page = try await request.store.decisions(filter, offset: Parse.offset(request), limit: 50)
        let names = try await DecisionNames.people(page.items.flatMap { [$0.responsibleLeaderID, $0.proposerID].compactMap { $0 } }, store: request.store)
        return HTMLResponse.make(DecisionPages.list(page, filter: filter, names: names,
                                                    canPropose: (try? caller.requireProposeDecision()) != nil, context: PageContext(request)))
    }

    static func show(_ request: Request) async throws -> Response { try await page(request, error: nil, status: .ok) }

    static func page(_ request: Request, error: String?, status: HTTPResponseStatus) async throws -> Response {
        let caller = try request.requireCaller()
        let store = request.store
        guard let decision = try await store.decision(id: try Parse.pathID(request)) else { throw RuleViolation(.recordNotFound) }
        try caller.requireRead(decision: decision)
        let units = try await store.directory().byID
        let detail = DecisionPages.Detail(
            decision: decision, opinions: caller.readsDeliberations ? try await store.opinions(decisionID: decision.id) : [],
            history: caller.readsDeliberations ? try await store.agendaHistory(decisionID: decision.id) : [],
            tasks: try await DecisionNames.readableTasks(decision.id, caller: caller, store: store),
            unitNames: units.mapValues(\.name),
            names: try await DecisionNames.people([decision.proposerID, decision.responsibleLeaderID].compactMap { $0 }, store: store),
            canManage: (try? caller.requireManageDecisions()) != nil)
        return HTMLResponse.make(DecisionPages.show(detail, today: request.clock.today(), error: error, context: PageContext(request)),
                                 status: status)
    }

    struct DecisionForm: Content {
        var year: String?
        var code: String?
        var title: String?
        var content: String?
        var kind: String?
        var basis: String?
        var responsibleLeaderId: String?

        var values: DecisionPages.FormValues {
            DecisionPages.FormValues(year: year ?? "", code: code ?? "", title: title ?? "", content: content ?? "",
                                     kind: kind ?? DecisionKind.ordinary.rawValue, basis: basis ?? "", leaderID: responsibleLeaderId ?? "")
        }

        func draft(defaultYear: Int) throws(RuleViolation) -> DecisionDraft {
            DecisionDraft(year: try Parse.int(year, field: .fieldYear, default: defaultYear), code: code, title: title ?? "",
                          kind: try Parse.requiredChoice(kind, as: DecisionKind.self, field: .fieldDecisionKind), content: content ?? "",
                          basis: basis ?? "", responsibleLeaderID: try Parse.uuid(responsibleLeaderId, field: .fieldResponsibleLeader))
        }
    }

    static func new(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        try caller.requireProposeDecision()
        var values = DecisionPages.FormValues()
        values.year = String(request.clock.today().year)
        return HTMLResponse.make(DecisionPages.form(values, editing: nil, leaders: try await request.store.leaders(), error: nil,
                                                    context: PageContext(request)))
    }

    static func create(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        try caller.requireProposeDecision()
        let form = try request.content.decode(DecisionForm.self)
        do {
            let decision = try await createDecision(try form.draft(defaultYear: request.clock.today().year), context: request.context(caller))
            return request.redirect(to: SitePath.decision.with(decision.id) + "?done=" + L10nKey.decisionSaved.rawValue, redirectType: .normal)
        } catch let violation as RuleViolation where violation.rule.kind == .invalid || violation.rule.kind == .conflict {
            return HTMLResponse.make(DecisionPages.form(form.values, editing: nil, leaders: try await request.store.leaders(),
                                                        error: violation.message(in: request.language), context: PageContext(request)),
                                     status: LuoshiErrorMiddleware.status(of: violation.rule.kind))
        }
    }

    static func edit(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        try caller.requireManageDecisions()
        guard let decision = try await request.store.decision(id: try Parse.pathID(request)) else { throw RuleViolation(.recordNotFound) }
        let values = DecisionPages.FormValues(year: String(decision.year), code: decision.code, title: decision.title, content: decision.content,
                                              kind: decision.kind.rawValue, basis: decision.basis,
                                              leaderID: decision.responsibleLeaderID?.uuidString.lowercased() ?? "")
        return HTMLResponse.make(DecisionPages.form(values, editing: decision, leaders: try await request.store.leaders(), error: nil,
                                                    context: PageContext(request)))
    }

    static func update(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        try caller.requireManageDecisions()
        let id = try Parse.pathID(request)
        guard let decision = try await request.store.decision(id: id) else { throw RuleViolation(.recordNotFound) }
        let form = try request.content.decode(DecisionForm.self)
        do {
            _ = try await updateDecision(id: id, try form.draft(defaultYear: decision.year), context: request.context(caller))
            return request.redirect(to: SitePath.decision.with(id) + "?done=" + L10nKey.decisionSaved.rawValue, redirectType: .normal)
        } catch let violation as RuleViolation where violation.rule.kind == .invalid || violation.rule.kind == .conflict {
            return HTMLResponse.make(DecisionPages.form(form.values, editing: decision, leaders: try await request.store.leaders(),
                                                        error: violation.message(in: request.language), context: PageContext(request)),
                                     status: LuoshiErrorMiddleware.status(of: violation.rule.kind))
        }
    }

    struct MoveForm: Content { var action: String? }

    static func move(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        try caller.requireManageDecisions()
        let id = try Parse.pathID(request)
        let form = try request.content.decode(MoveForm.self)
        do {
            let action = try Parse.requiredChoice(form.action, as: DecisionProcedure.Action.self, field: .fieldDecisionState)
            _ = try await moveDecision(id: id, by: action, context: request.context(caller))
            return request.redirect(to: SitePath.decision.with(id) + "?done=" + L10nKey.decisionSaved.rawValue, redirectType: .normal)
        } catch let violation as RuleViolation where violation.rule.kind == .invalid || violation.rule.kind == .conflict {
            return try await page(request, error: violation.message(in: request.language), status: LuoshiErrorMiddleware.status(of: violation.rule.kind))
        }
    }

    struct OpinionForm: Content {
        var advisorName: String?
        var advisorField: String?
        var stance: String?
        var text: String?
        var day: String?
    }

    static func addOpinion(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        try caller.requireManageDecisions()
        let id = try Parse.pathID(request)
        let form = try request.content.decode(OpinionForm.self)
        do {
            _ = try await LuoshiUseCases.addOpinion(
                decisionID: id, advisorName: form.advisorName ?? "", advisorField: form.advisorField ?? "",
                stance: try Parse.requiredChoice(form.stance, as: Stance.self, field: .fieldStance), text: form.text ?? "",
                day: try Parse.day(form.day, field: .fieldDay) ?? request.clock.today(), context: request.context(caller))
            return request.redirect(to: SitePath.decision.with(id) + "?done=" + L10nKey.opinionAdded.rawValue, redirectType: .normal)
        } catch let violation as RuleViolation where violation.rule.kind == .invalid || violation.rule.kind == .conflict {
            return try await page(request, error: violation.message(in: request.language), status: LuoshiErrorMiddleware.status(of: violation.rule.kind))
        }
    }
}

enum DecisionNames {
    /// Names of people, for the decision and meeting pages.
    static func people(_ ids: [UUID], store: Store) async throws -> [UUID: String] { try await store.personNames(ids: ids) }

    /// The key tasks carrying out a decision that the caller may read (the rule of the register).
    static func readableTasks(_ decisionID: UUID, caller: Caller, store: Store) async throws -> [DecisionTask] {
        let tasks = try await store.decisionTasks(decisionID: decisionID)
        guard !caller.workScope.isEverything else { return tasks }
        let units = try await store.directory().byID
        var readable: [DecisionTask] = []
        for task in tasks {
            if let full = try await store.task(id: task.id), caller.canRead(task: TaskScope(full, units: units)) { readable.append(task) }
        }
        return readable
    }
}
