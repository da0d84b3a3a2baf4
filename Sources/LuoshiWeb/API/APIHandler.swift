// The JSON API: the server side of openapi.yaml. Each operation calls the same queries and use
// cases as the pages, with the same access checks; refusals become problem documents in the
// error middleware.
import Foundation
import LuoshiAPI
import LuoshiDomain
import LuoshiStorage
import LuoshiUseCases
import Vapor

struct APIHandler: APIProtocol {
    private var request: Request {
        get throws {
            guard let request = RequestContext.current else { throw Abort(.internalServerError) }
            return request
        }
    }

    private func caller() throws -> (Request, Caller) {
        let request = try request
        return (request, try request.requireCaller())
    }

    func getSession(_ input: Operations.GetSession.Input) async throws -> Operations.GetSession.Output {
        let (request, caller) = try caller()
        guard let account = try await request.store.account(id: caller.accountID),
              let unit = try await request.store.unit(id: caller.scopeUnitID) else { throw RuleViolation(.authenticationRequired) }
        let language = Components.Schemas.Language(rawValue: request.language.rawValue) ?? .zhHans
        return .ok(.init(body: .json(.init(account: APIMapping.account(account), scopeUnitName: unit.name, language: language))))
    }

    // MARK: Units

    func listUnits(_ input: Operations.ListUnits.Input) async throws -> Operations.ListUnits.Output {
        let (request, _) = try caller()
        let paging = try APIPaging(limit: input.query.limit, offset: input.query.offset, search: input.query.q)
        let kind = input.query.kind.flatMap { UnitKind(rawValue: $0.rawValue) }
        let page = try await request.store.units(search: paging.search, kind: kind, offset: paging.offset, limit: paging.limit)
        return .ok(.init(body: .json(.init(items: page.items.map(APIMapping.unit), offset: page.offset, limit: page.limit,
                                           hasMore: page.hasMore, total: page.total))))
    }

    func getUnit(_ input: Operations.GetUnit.Input) async throws -> Operations.GetUnit.Output {
        let (request, _) = try caller()
        guard let unit = try await request.store.unit(id: try APIMapping.pathID(input.path.unitId)) else {
            throw RuleViolation(.recordNotFound)
        }
        return .ok(.init(body: .json(APIMapping.unit(unit))))
    }

    func createUnit(_ input: Operations.CreateUnit.Input) async throws -> Operations.CreateUnit.Output {
        let (request, caller) = try caller()
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        let unit = try await LuoshiUseCases.createUnit(try APIMapping.unitDraft(body), context: request.context(caller))
        return .created(.init(body: .json(APIMapping.unit(unit))))
    }

    func updateUnit(_ input: Operations.UpdateUnit.Input) async throws -> Operations.UpdateUnit.Output {
        let (request, caller) = try caller()
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        try caller.requireManageUnits()
        let unit = try await LuoshiUseCases.updateUnit(id: try APIMapping.pathID(input.path.unitId), try APIMapping.unitDraft(body),
                                                       context: request.context(caller))
        return .ok(.init(body: .json(APIMapping.unit(unit))))
    }

    // MARK: People

    func listPeople(_ input: Operations.ListPeople.Input) async throws -> Operations.ListPeople.Output {
        let (request, caller) = try caller()
        let paging = try APIPaging(limit: input.query.limit, offset: input.query.offset, search: input.query.q)
        let unitID = try APIMapping.strictID(input.query.unitId, field: .fieldUnit)
        let page = try await request.store.people(PeopleFilter(search: paging.search, unitID: unitID, scopePath: caller.peopleScopePath),
                                                  offset: paging.offset, limit: paging.limit)
        return .ok(.init(body: .json(.init(items: page.items.map(APIMapping.person), offset: page.offset, limit: page.limit,
                                           hasMore: page.hasMore, total: page.total))))
    }

    func getPerson(_ input: Operations.GetPerson.Input) async throws -> Operations.GetPerson.Output {
        let (request, caller) = try caller()
        guard let (person, unit) = try await request.store.person(id: try APIMapping.pathID(input.path.personId)) else {
            throw RuleViolation(.recordNotFound)
        }
        try caller.requireReadPeople(inUnitPath: unit.path)
        return .ok(.init(body: .json(APIMapping.person(PersonListing(person: person, unitName: unit.name)))))
    }

    func createPerson(_ input: Operations.CreatePerson.Input) async throws -> Operations.CreatePerson.Output {
        let (request, caller) = try caller()
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        guard caller.mayWritePeople else { throw RuleViolation(.roleNotAllowed) }
        let person = try await LuoshiUseCases.createPerson(try APIMapping.personDraft(body), context: request.context(caller))
        let unitName = try await request.store.unit(id: person.unitID)?.name ?? ""
        return .created(.init(body: .json(APIMapping.person(PersonListing(person: person, unitName: unitName)))))
    }

    func updatePerson(_ input: Operations.UpdatePerson.Input) async throws -> Operations.UpdatePerson.Output {
        let (request, caller) = try caller()
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        guard caller.mayWritePeople else { throw RuleViolation(.roleNotAllowed) }
        let person = try await LuoshiUseCases.updatePerson(id: try APIMapping.pathID(input.path.personId),
                                                           try APIMapping.personDraft(body), context: request.context(caller))
        let unitName = try await request.store.unit(id: person.unitID)?.name ?? ""
        return .ok(.init(body: .json(APIMapping.person(PersonListing(person: person, unitName: unitName)))))
    }

    // MARK: Accounts

    func listAccounts(_ input: Operations.ListAccounts.Input) async throws -> Operations.ListAccounts.Output {
        let (request, caller) = try caller()
        try caller.requireReadAccounts()
        let paging = try APIPaging(limit: input.query.limit, offset: input.query.offset, search: nil)
        let page = try await request.store.accounts(offset: paging.offset, limit: paging.limit)
        return .ok(.init(body: .json(.init(items: page.items.map(APIMapping.account), offset: page.offset, limit: page.limit,
                                           hasMore: page.hasMore, total: page.total))))
    }

    func createAccount(_ input: Operations.CreateAccount.Input) async throws -> Operations.CreateAccount.Output {
        let (request, caller) = try caller()
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        try caller.requireManageAccounts()
        let draft = AccountDraft(username: body.username, displayName: body.displayName,
                                 role: try Parse.requiredChoice(body.role.rawValue, as: Role.self, field: .fieldRole),
                                 scopeUnitID: try Parse.requiredUUID(body.scopeUnitId, field: .fieldScopeUnit),
                                 personID: try APIMapping.strictID(body.personId, field: .fieldPerson), password: body.password,
                                 readsEverything: body.readsEverything ?? false)
        let account = try await LuoshiUseCases.createAccount(draft, hasher: request.application.luoshi.hasher,
                                                             context: request.context(caller))
        return .created(.init(body: .json(APIMapping.account(account))))
    }
}

/// Paging and search limits the document states (the generated code does not enforce them).
struct APIPaging {
    var limit: Int
    var offset: Int
    var search: String?

    init(limit: Int?, offset: Int?, search: String?) throws(RuleViolation) {
        self.limit = limit ?? 25
        self.offset = offset ?? 0
        // A refusal names the parameter and the bound, so a client knows what to send instead.
        guard (1...100).contains(self.limit) else { throw RuleViolation(.pagingOutOfRange, field: .fieldLimit, limit: 100) }
        guard (0...1_000_000).contains(self.offset) else { throw RuleViolation(.pagingOutOfRange, field: .fieldOffset, limit: 1_000_000) }
        if let search, search.count > 100 { throw RuleViolation(.fieldTooLong, field: .search, limit: 100) }
        let trimmed = search?.trimmingCharacters(in: .whitespacesAndNewlines)
        self.search = (trimmed?.isEmpty ?? true) ? nil : trimmed
    }
}
