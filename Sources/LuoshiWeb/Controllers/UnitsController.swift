// Unit pages. Every signed-in role may read the unit tree; only administrators change it.
import Foundation
import LuoshiDomain
import LuoshiStorage
import LuoshiUseCases
import Vapor

enum UnitsController {
    static let pageSize = 50

    static func list(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        let search = Parse.query(request, "q")
        let kind = Parse.query(request, "kind").flatMap(UnitKind.init(rawValue:))
        let store = request.store
        let page = try await store.units(search: search, kind: kind, offset: Parse.offset(request), limit: pageSize)
        let parents = Dictionary(try await store.allUnits().map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        return HTMLResponse.make(UnitPages.list(page, search: search, kind: kind, parents: parents,
                                                canManage: (try? caller.requireManageUnits()) != nil, context: PageContext(request)))
    }

    static func show(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        let store = request.store
        guard let unit = try await store.unit(id: try Parse.pathID(request)) else { throw RuleViolation(.recordNotFound) }
        let parent = try await unit.parentID.asyncMap { try await store.unit(id: $0) } ?? nil
        let children = try await store.childUnits(of: unit.id)
        let mayReadPeople = (try? caller.requireReadPeople(inUnitPath: unit.path)) != nil
        let people = mayReadPeople ? try await store.people(PeopleFilter(unitID: unit.id), offset: 0, limit: 200).items : []
        let scope = caller.taskReadScope
        let tasks = try await store.tasks(TaskFilter(unitPath: unit.path, keyTasksOnly: false, scope: scope), sort: .deadline,
                                          offset: 0, limit: 100).items
        // A unit's criticisms are on its record, read by those who read its people.
        let readsRecord = caller.readsCriticisms(ofUnitPath: unit.path)
        let criticisms = readsRecord ? try await store.criticisms(unitID: unit.id, limit: 50) : []
        return HTMLResponse.make(UnitPages.show(unit, parent: parent, children: children, people: people, tasks: tasks,
                                                canManage: (try? caller.requireManageUnits()) != nil, criticisms: criticisms,
                                                notices: readsRecord ? try await store.noticeListings(unitID: unit.id, limit: 50) : [],
                                                context: PageContext(request)))
    }

    static func new(_ request: Request) async throws -> Response {
        try request.requireCaller().requireManageUnits()
        var values = UnitPages.FormValues()
        values.parentID = Parse.query(request, "parentId") ?? ""
        return HTMLResponse.make(UnitPages.form(values, editing: nil, units: try await request.store.allUnits(), error: nil,
                                                context: PageContext(request)))
    }

    static func edit(_ request: Request) async throws -> Response {
        try request.requireCaller().requireManageUnits()
        guard let unit = try await request.store.unit(id: try Parse.pathID(request)) else { throw RuleViolation(.recordNotFound) }
        return HTMLResponse.make(UnitPages.form(.init(unit), editing: unit, units: try await request.store.allUnits(), error: nil,
                                                context: PageContext(request)))
    }

    struct UnitForm: Content {
        var code: String?
        var name: String?
        var kind: String?
        var assessmentGroup: String?
        var parentId: String?
        var sortOrder: String?

        var values: UnitPages.FormValues {
            var values = UnitPages.FormValues()
            values.code = code ?? ""; values.name = name ?? ""; values.kind = kind ?? ""
            values.assessmentGroup = assessmentGroup ?? ""; values.parentID = parentId ?? ""; values.sortOrder = sortOrder ?? "0"
            return values
        }

        func draft() throws(RuleViolation) -> UnitDraft {
            UnitDraft(code: code ?? "", name: name ?? "",
                      kind: try Parse.requiredChoice(kind, as: UnitKind.self, field: .fieldKind),
                      assessmentGroup: try Parse.choice(assessmentGroup, as: AssessmentGroup.self, field: .fieldAssessmentGroup),
                      parentID: try Parse.uuid(parentId, field: .fieldParent),
                      sortOrder: try Parse.int(sortOrder, field: .fieldSortOrder, default: 0))
        }
    }

    static func create(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        try caller.requireManageUnits()
        let form = try request.content.decode(UnitForm.self)
        do {
            let unit = try await createUnit(try form.draft(), context: request.context(caller))
            return request.redirect(to: SitePath.unit.with(unit.id) + "?done=" + L10nKey.unitCreated.rawValue, redirectType: .normal)
        } catch let violation as RuleViolation where violation.rule.kind != .forbidden {
            let page = UnitPages.form(form.values, editing: nil, units: try await request.store.allUnits(),
                                      error: violation.message(in: request.language), context: PageContext(request))
            return HTMLResponse.make(page, status: LuoshiErrorMiddleware.status(of: violation.rule.kind))
        }
    }

    static func update(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        let id = try Parse.pathID(request)
        try caller.requireManageUnits()
        let form = try request.content.decode(UnitForm.self)
        do {
            let unit = try await updateUnit(id: id, try form.draft(), context: request.context(caller))
            return request.redirect(to: SitePath.unit.with(unit.id) + "?done=" + L10nKey.unitUpdated.rawValue, redirectType: .normal)
        } catch let violation as RuleViolation where violation.rule.kind != .forbidden && violation.rule.kind != .notFound {
            let existing = try await request.store.unit(id: id)
            let page = UnitPages.form(form.values, editing: existing, units: try await request.store.allUnits(),
                                      error: violation.message(in: request.language), context: PageContext(request))
            return HTMLResponse.make(page, status: LuoshiErrorMiddleware.status(of: violation.rule.kind))
        }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
