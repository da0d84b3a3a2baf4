// People pages: a unit head sees and changes only the people of their own units.
import Foundation
import LuoshiDomain
import LuoshiStorage
import LuoshiUseCases
import Vapor

enum PeopleController {
    static let pageSize = 25

    /// The units a caller may pick from: all for organisation-wide readers, else their own subtree.
    static func visibleUnits(_ caller: Caller, store: Store) async throws -> [Unit] {
        let all = try await store.allUnits()
        return caller.readsAllUnits ? all : all.filter { caller.covers(unitPath: $0.path) }
    }

    static func writableUnits(_ caller: Caller, store: Store) async throws -> [Unit] {
        try await store.allUnits().filter { (try? caller.requireWritePeople(inUnitPath: $0.path)) != nil }
    }

    static func list(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        let search = Parse.query(request, "q")
        let unitID = try? Parse.uuid(Parse.query(request, "unitId"), field: .fieldUnit)
        let store = request.store
        let page = try await store.people(PeopleFilter(search: search, unitID: unitID, scopePath: caller.peopleScopePath),
                                          offset: Parse.offset(request), limit: pageSize)
        return HTMLResponse.make(PeoplePages.list(page, search: search, unitID: unitID,
                                                  units: FilterPicker.units(try await visibleUnits(caller, store: store), selected: unitID),
                                                  canCreate: caller.mayWritePeople, context: PageContext(request)))
    }

    struct OversightForm: Content {
        var unit: [String]?
    }

    /// An admin sets the units a district leader oversees (分管).
    static func setOversight(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        try caller.requireManageAccounts()
        let id = try Parse.pathID(request)
        let form = try request.content.decode(OversightForm.self)
        var unitIDs: [UUID] = []
        for text in form.unit ?? [] { unitIDs.append(try Parse.requiredUUID(text, field: .fieldOverseenUnits)) }
        try await LuoshiUseCases.setOversight(personID: id, unitIDs: unitIDs, context: request.context(caller))
        return request.redirect(to: SitePath.person.with(id) + "?done=" + L10nKey.personOversightSaved.rawValue, redirectType: .normal)
    }

    static func show(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        guard let (person, unit) = try await request.store.person(id: try Parse.pathID(request)) else {
            throw RuleViolation(.recordNotFound)
        }
        try caller.requireReadPeople(inUnitPath: unit.path)
        let canEdit = (try? caller.requireWritePeople(inUnitPath: unit.path)) != nil
        var portfolio: PeoplePages.Portfolio?
        if person.rank == .districtLeader {
            let store = request.store
            let scope = caller.taskReadScope
            let units = try await store.directory().byID
            portfolio = PeoplePages.Portfolio(
                // The nearest deadlines first, a page of them, with the total and a link to the whole
                // register: 200 rows with their bars made the page 158 KB and 57 ms of CPU.
                tasks: try await store.tasks(TaskFilter(leaderID: person.id, scope: scope), sort: .deadline,
                                             offset: 0, limit: PeoplePages.portfolioRows),
                keyObjects: try await store.keyObjects(year: nil, kind: nil, leaderID: person.id).filter {
                    caller.canRead(keyObject: $0, units: units)
                },
                overseen: try await store.overseenUnitIDs(personID: person.id).compactMap { units[$0] }.sorted { $0.path < $1.path },
                oversightChoices: (try? caller.requireManageAccounts()) == nil ? nil
                    : units.values.filter { UnitTree.depth(of: $0.path) == 1 }.sorted { ($0.sortOrder, $0.name) < ($1.sortOrder, $1.name) })
        }
        // A person's criticisms: for organisation-wide readers and the heads of their unit (a cadre's record).
        let criticisms = caller.readsCriticisms(ofUnitPath: unit.path) ? try await request.store.criticisms(personID: person.id, limit: 50) : []
        return HTMLResponse.make(PeoplePages.show(person, unit: unit, canEdit: canEdit, portfolio: portfolio, criticisms: criticisms,
                                                  context: PageContext(request)))
    }

    static func new(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        guard caller.mayWritePeople else { throw RuleViolation(.roleNotAllowed) }
        var values = PeoplePages.FormValues()
        values.unitID = Parse.query(request, "unitId") ?? caller.scopeUnitID.uuidString.lowercased()
        return HTMLResponse.make(PeoplePages.form(values, editing: nil, units: try await writableUnits(caller, store: request.store),
                                                  error: nil, context: PageContext(request)))
    }

    static func edit(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        guard let (person, unit) = try await request.store.person(id: try Parse.pathID(request)) else {
            throw RuleViolation(.recordNotFound)
        }
        try caller.requireWritePeople(inUnitPath: unit.path)
        return HTMLResponse.make(PeoplePages.form(.init(person), editing: person,
                                                  units: try await writableUnits(caller, store: request.store),
                                                  error: nil, context: PageContext(request)))
    }

    struct PersonForm: Content {
        var name: String?
        var position: String?
        var rank: String?
        var unitId: String?
        var phone: String?

        var values: PeoplePages.FormValues {
            var values = PeoplePages.FormValues()
            values.name = name ?? ""; values.position = position ?? ""; values.rank = rank ?? ""
            values.unitID = unitId ?? ""; values.phone = phone ?? ""
            return values
        }

        func draft() throws(RuleViolation) -> PersonDraft {
            PersonDraft(name: name ?? "", position: position ?? "",
                        rank: try Parse.requiredChoice(rank, as: PersonRank.self, field: .fieldRank),
                        unitID: try Parse.requiredUUID(unitId, field: .fieldUnit), phone: phone)
        }
    }

    static func create(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        guard caller.mayWritePeople else { throw RuleViolation(.roleNotAllowed) }
        let form = try request.content.decode(PersonForm.self)
        do {
            let person = try await createPerson(try form.draft(), context: request.context(caller))
            return request.redirect(to: SitePath.person.with(person.id) + "?done=" + L10nKey.personCreated.rawValue,
                                    redirectType: .normal)
        } catch let violation as RuleViolation where violation.rule.kind == .invalid || violation.rule.kind == .conflict {
            let page = PeoplePages.form(form.values, editing: nil, units: try await writableUnits(caller, store: request.store),
                                        error: violation.message(in: request.language), context: PageContext(request))
            return HTMLResponse.make(page, status: LuoshiErrorMiddleware.status(of: violation.rule.kind))
        }
    }

    static func update(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        let id = try Parse.pathID(request)
        guard let current = try await request.store.person(id: id) else { throw RuleViolation(.recordNotFound) }
        try caller.requireWritePeople(inUnitPath: current.unit.path)
        let form = try request.content.decode(PersonForm.self)
        do {
            let person = try await updatePerson(id: id, try form.draft(), context: request.context(caller))
            return request.redirect(to: SitePath.person.with(person.id) + "?done=" + L10nKey.personUpdated.rawValue,
                                    redirectType: .normal)
        } catch let violation as RuleViolation where violation.rule.kind == .invalid || violation.rule.kind == .conflict {
            let existing = try await request.store.person(id: id)?.person
            let page = PeoplePages.form(form.values, editing: existing, units: try await writableUnits(caller, store: request.store),
                                        error: violation.message(in: request.language), context: PageContext(request))
            return HTMLResponse.make(page, status: LuoshiErrorMiddleware.status(of: violation.rule.kind))
        }
    }
}
